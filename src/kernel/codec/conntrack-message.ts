/**
 * ctnetlink message codec: the payload (after nlmsghdr) of conntrack dump requests, dump
 * replies and delete requests. Only what is needed to find entries by their original tuple and
 * delete them exactly: addresses, protocol, ports, zone and the entry id.
 */
import { attr, attributeMap, encodeAttribute, encodeNested } from './attributes.js';
import {
  CTA_ID,
  CTA_IP_V4_DST,
  CTA_IP_V4_SRC,
  CTA_IP_V6_DST,
  CTA_IP_V6_SRC,
  CTA_PROTO_DST_PORT,
  CTA_PROTO_NUM,
  CTA_PROTO_SRC_PORT,
  CTA_TUPLE_IP,
  CTA_TUPLE_ORIG,
  CTA_TUPLE_PROTO,
  CTA_ZONE,
  NFGENMSG_LEN,
  NFNETLINK_V0,
} from './conntrack-constants.js';
import { formatIp } from './ip-address.js';

/** A conntrack tuple (one direction of a flow). */
export interface ConntrackTuple {
  src: string;
  dst: string;
  /** IPPROTO_* (6 tcp, 17 udp, 132 sctp). */
  proto: number;
  srcPort?: number;
  dstPort?: number;
}

/** One conntrack entry, as far as deletion needs it. */
export interface ConntrackEntry {
  /** AF_INET / AF_INET6 (nfgenmsg.nfgen_family). */
  family: number;
  orig: ConntrackTuple;
  /** The raw CTA_TUPLE_ORIG payload, sent back verbatim to delete the entry. */
  origRaw: Buffer;
  zone?: number;
  /** CTA_ID: makes a delete fail (ENOENT) instead of hitting a newer entry with this tuple. */
  id?: number;
}

/** struct nfgenmsg. `resId` is big-endian on the wire (0 for ctnetlink). */
export function encodeNfgenmsg(family: number, resId = 0): Buffer {
  const b = Buffer.alloc(NFGENMSG_LEN);
  b.writeUInt8(family, 0);
  b.writeUInt8(NFNETLINK_V0, 1);
  b.writeUInt16BE(resId, 2);
  return b;
}

/** Payload of an IPCTNL_MSG_CT_GET dump of every entry of `family` (AF_UNSPEC: all). */
export function encodeConntrackDumpRequest(family: number): Buffer {
  return encodeNfgenmsg(family);
}

function decodeTuple(payload: Buffer): ConntrackTuple {
  const top = attributeMap(payload);
  const ip = attributeMap(top.get(CTA_TUPLE_IP) ?? Buffer.alloc(0));
  const proto = attributeMap(top.get(CTA_TUPLE_PROTO) ?? Buffer.alloc(0));
  const src = ip.get(CTA_IP_V4_SRC) ?? ip.get(CTA_IP_V6_SRC);
  const dst = ip.get(CTA_IP_V4_DST) ?? ip.get(CTA_IP_V6_DST);
  const num = proto.get(CTA_PROTO_NUM);
  if (src === undefined || dst === undefined || num === undefined) {
    throw new RangeError('Cannot decode conntrack tuple: address or protocol missing');
  }
  const tuple: ConntrackTuple = { src: formatIp(src), dst: formatIp(dst), proto: num.readUInt8(0) };
  const sport = proto.get(CTA_PROTO_SRC_PORT);
  const dport = proto.get(CTA_PROTO_DST_PORT);
  if (sport !== undefined) tuple.srcPort = sport.readUInt16BE(0);
  if (dport !== undefined) tuple.dstPort = dport.readUInt16BE(0);
  return tuple;
}

/** Decodes one IPCTNL_MSG_CT_NEW message of a dump (payload after nlmsghdr). */
export function decodeConntrackEntry(payload: Buffer): ConntrackEntry {
  if (payload.length < NFGENMSG_LEN) throw new RangeError('Cannot decode conntrack entry: short');
  const attrs = attributeMap(payload.subarray(NFGENMSG_LEN));
  const origRaw = attrs.get(CTA_TUPLE_ORIG);
  if (origRaw === undefined)
    throw new RangeError('Cannot decode conntrack entry: no CTA_TUPLE_ORIG');
  const entry: ConntrackEntry = {
    family: payload.readUInt8(0),
    orig: decodeTuple(origRaw),
    origRaw,
  };
  const zone = attrs.get(CTA_ZONE);
  const id = attrs.get(CTA_ID);
  if (zone !== undefined) entry.zone = zone.readUInt16BE(0);
  if (id !== undefined) entry.id = id.readUInt32BE(0);
  return entry;
}

/** Payload of an IPCTNL_MSG_CT_DELETE for exactly `entry` (its tuple, zone and id). */
export function encodeConntrackDelete(entry: ConntrackEntry): Buffer {
  const parts = [encodeNfgenmsg(entry.family), encodeNested(CTA_TUPLE_ORIG, [entry.origRaw])];
  if (entry.zone !== undefined) {
    const zone = Buffer.alloc(2);
    zone.writeUInt16BE(entry.zone, 0);
    parts.push(encodeAttribute(CTA_ZONE, zone));
  }
  if (entry.id !== undefined) {
    const id = Buffer.alloc(4);
    id.writeUInt32BE(entry.id >>> 0, 0);
    parts.push(attr.bytes(CTA_ID, id));
  }
  return Buffer.concat(parts);
}
