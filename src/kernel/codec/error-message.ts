/**
 * NLMSG_ERROR and NLMSG_DONE payloads (linux/netlink.h, struct nlmsgerr). An error with
 * errno 0 is an acknowledgement. With NETLINK_CAP_ACK the kernel echoes only the request
 * header (NLM_F_CAPPED); otherwise the whole request follows. With NETLINK_EXT_ACK,
 * NLMSGERR_ATTR_* TLVs come last (NLM_F_ACK_TLVS), carrying the kernel's error text.
 */
import { align4, attributeMap, read } from './attributes.js';
import { readHeader, type NetlinkHeader, type NetlinkMessage } from './message.js';
import {
  NLM_F_ACK_TLVS,
  NLM_F_CAPPED,
  NLMSG_HDRLEN,
  NLMSGERR_ATTR_MSG,
  NLMSGERR_ATTR_OFFS,
} from './netlink-constants.js';

/** A decoded NLMSG_ERROR. */
export interface NetlinkErrorMessage {
  /** 0 for an acknowledgement, else a positive errno. */
  errno: number;
  /** Header of the request this answers. */
  request: NetlinkHeader;
  /** NLMSGERR_ATTR_MSG: the kernel's human-readable reason, when it gave one. */
  extack?: string;
  /** NLMSGERR_ATTR_OFFS: byte offset of the offending attribute within the request. */
  extackOffset?: number;
}

/** The extended-ack part of an error or done message. */
export interface ExtendedAck {
  extack?: string;
  extackOffset?: number;
}

function decodeExtendedAck(tlvs: Buffer): ExtendedAck {
  const attrs = attributeMap(tlvs);
  const msg = attrs.get(NLMSGERR_ATTR_MSG);
  const offs = attrs.get(NLMSGERR_ATTR_OFFS);
  const out: ExtendedAck = {};
  if (msg !== undefined) out.extack = read.string(msg);
  if (offs !== undefined) out.extackOffset = read.u32(offs);
  return out;
}

/** Decodes the payload of an NLMSG_ERROR message. */
export function decodeErrorMessage(msg: NetlinkMessage): NetlinkErrorMessage {
  const p = msg.payload;
  if (p.length < 4 + NLMSG_HDRLEN) {
    throw new RangeError(`Cannot decode NLMSG_ERROR: ${p.length}-byte payload`);
  }
  const errno = Math.abs(p.readInt32LE(0));
  const { length, ...request } = readHeader(p, 4);
  const echoed = (msg.flags & NLM_F_CAPPED) !== 0 ? NLMSG_HDRLEN : length;
  const tlvStart = 4 + align4(echoed);
  const ack = (msg.flags & NLM_F_ACK_TLVS) !== 0 ? decodeExtendedAck(p.subarray(tlvStart)) : {};
  return { errno, request, ...ack };
}

/** Decodes the payload of NLMSG_DONE: the dump's final status, 0 when it succeeded. */
export function decodeDoneMessage(msg: NetlinkMessage): { errno: number } & ExtendedAck {
  if (msg.payload.length < 4) return { errno: 0 };
  const errno = Math.abs(msg.payload.readInt32LE(0));
  const ack = (msg.flags & NLM_F_ACK_TLVS) !== 0 ? decodeExtendedAck(msg.payload.subarray(4)) : {};
  return { errno, ...ack };
}
