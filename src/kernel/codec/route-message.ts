/**
 * RTM_NEWROUTE / RTM_DELROUTE / RTM_GETROUTE payloads: struct rtmsg followed by RTA_*
 * attributes (linux/rtnetlink.h). The table id travels in rtm_table when it fits in a byte
 * and in RTA_TABLE otherwise (the kernel always adds RTA_TABLE to dumps). Attributes are
 * encoded in iproute2's order (DST, GATEWAY, OIF, PREFSRC, PRIORITY, TABLE).
 */
import { attr, decodeAttributeSet, read } from './attributes.js';
import {
  RTA_DST,
  RTA_GATEWAY,
  RTA_OIF,
  RTA_PREFSRC,
  RTA_PRIORITY,
  RTA_TABLE,
  RTMSG_LEN,
} from './rtnetlink-constants.js';

/** struct rtmsg. */
export interface RouteHeader {
  family: number;
  dstLength: number;
  srcLength: number;
  tos: number;
  /** RT_TABLE_*; RT_TABLE_UNSPEC when the id is only in RTA_TABLE. */
  table: number;
  /** RTPROT_*. */
  protocol: number;
  /** RT_SCOPE_*. */
  scope: number;
  /** RTN_*. */
  type: number;
  /** RTM_F_*. */
  flags: number;
}

/** The RTA_* attributes the engine uses. */
export interface RouteAttributes {
  dst?: Buffer;
  gateway?: Buffer;
  oif?: number;
  prefsrc?: Buffer;
  /** Metric. */
  priority?: number;
  table?: number;
}

/** One route message. */
export interface RouteMessage {
  header: RouteHeader;
  attrs: RouteAttributes;
}

/** Encodes rtmsg + attributes (the payload after nlmsghdr). */
export function encodeRouteMessage(msg: RouteMessage): Buffer {
  const h = msg.header;
  const a = msg.attrs;
  const head = Buffer.alloc(RTMSG_LEN);
  [h.family, h.dstLength, h.srcLength, h.tos, h.table, h.protocol, h.scope, h.type].forEach(
    (v, i) => head.writeUInt8(v, i),
  );
  head.writeUInt32LE(h.flags >>> 0, 8);
  const parts: Buffer[] = [head];
  if (a.dst !== undefined) parts.push(attr.bytes(RTA_DST, a.dst));
  if (a.gateway !== undefined) parts.push(attr.bytes(RTA_GATEWAY, a.gateway));
  if (a.oif !== undefined) parts.push(attr.u32(RTA_OIF, a.oif));
  if (a.prefsrc !== undefined) parts.push(attr.bytes(RTA_PREFSRC, a.prefsrc));
  if (a.priority !== undefined) parts.push(attr.u32(RTA_PRIORITY, a.priority));
  if (a.table !== undefined) parts.push(attr.u32(RTA_TABLE, a.table));
  return Buffer.concat(parts);
}

/** Decodes rtmsg + attributes; unknown attributes (metrics, cacheinfo, …) are ignored. */
export function decodeRouteMessage(payload: Buffer): RouteMessage {
  if (payload.length < RTMSG_LEN) {
    throw new RangeError(`Cannot decode rtmsg: ${payload.length} bytes`);
  }
  const copy = (p: Buffer): Buffer => Buffer.from(p);
  const [family, dstLength, srcLength, tos, table, protocol, scope, type] = payload;
  return {
    header: {
      family: family ?? 0,
      dstLength: dstLength ?? 0,
      srcLength: srcLength ?? 0,
      tos: tos ?? 0,
      table: table ?? 0,
      protocol: protocol ?? 0,
      scope: scope ?? 0,
      type: type ?? 0,
      flags: payload.readUInt32LE(8),
    },
    attrs: decodeAttributeSet<RouteAttributes>(payload.subarray(RTMSG_LEN), {
      dst: [RTA_DST, copy],
      gateway: [RTA_GATEWAY, copy],
      oif: [RTA_OIF, read.u32],
      prefsrc: [RTA_PREFSRC, copy],
      priority: [RTA_PRIORITY, read.u32],
      table: [RTA_TABLE, read.u32],
    }),
  };
}
