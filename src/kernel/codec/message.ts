/**
 * struct nlmsghdr framing (linux/netlink.h): every netlink datagram is a sequence of
 * messages, each a 16-byte header (length including header, type, flags, sequence number,
 * sender port id) followed by a family-specific payload, padded to 4 bytes.
 */
import { align4 } from './attributes.js';
import { NLMSG_HDRLEN } from './netlink-constants.js';

/** The header fields of one netlink message. */
export interface NetlinkHeader {
  type: number;
  flags: number;
  seq: number;
  /** nlmsg_pid: the port id of the socket that sent the request; 0 when the kernel sends. */
  portId: number;
}

/** A decoded message: header plus its (unpadded) payload. */
export interface NetlinkMessage extends NetlinkHeader {
  payload: Buffer;
}

/** Encodes one message. */
export function encodeMessage(header: NetlinkHeader, payload: Buffer): Buffer {
  const length = NLMSG_HDRLEN + payload.length;
  const out = Buffer.alloc(align4(length));
  writeHeader(out, 0, header, length);
  payload.copy(out, NLMSG_HDRLEN);
  return out;
}

/** Writes a header at `offset`. Exported for the error decoder's echoed request. */
export function writeHeader(out: Buffer, offset: number, h: NetlinkHeader, length: number): void {
  out.writeUInt32LE(length, offset);
  out.writeUInt16LE(h.type, offset + 4);
  out.writeUInt16LE(h.flags, offset + 6);
  out.writeUInt32LE(h.seq >>> 0, offset + 8);
  out.writeUInt32LE(h.portId >>> 0, offset + 12);
}

/** Reads a header at `offset`, returning its declared length too. */
export function readHeader(buf: Buffer, offset: number): NetlinkHeader & { length: number } {
  return {
    length: buf.readUInt32LE(offset),
    type: buf.readUInt16LE(offset + 4),
    flags: buf.readUInt16LE(offset + 6),
    seq: buf.readUInt32LE(offset + 8),
    portId: buf.readUInt32LE(offset + 12),
  };
}

/** Splits one received datagram into messages; a bad length throws RangeError. */
export function decodeMessages(buf: Buffer): NetlinkMessage[] {
  const out: NetlinkMessage[] = [];
  let offset = 0;
  while (offset + NLMSG_HDRLEN <= buf.length) {
    const { length, ...header } = readHeader(buf, offset);
    if (length < NLMSG_HDRLEN || offset + length > buf.length) {
      throw new RangeError(`Cannot decode netlink message at offset ${offset}: length ${length}`);
    }
    out.push({ ...header, payload: buf.subarray(offset + NLMSG_HDRLEN, offset + length) });
    offset += align4(length);
  }
  return out;
}
