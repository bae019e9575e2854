/**
 * RTM_NEWADDR / RTM_DELADDR / RTM_GETADDR payloads: struct ifaddrmsg followed by IFA_*
 * attributes (linux/if_addr.h). For IPv4, IFA_LOCAL is the interface's own address and
 * IFA_ADDRESS the prefix (or point-to-point peer) address; `ip addr add` sets both to the same
 * value, and so does the engine. Attributes are encoded in iproute2's order (LOCAL, ADDRESS,
 * BROADCAST, LABEL, FLAGS) so captured `ip` requests can be compared byte for byte.
 */
import { attr, decodeAttributeSet, read } from './attributes.js';
import {
  IFA_ADDRESS,
  IFA_BROADCAST,
  IFA_FLAGS,
  IFA_LABEL,
  IFA_LOCAL,
  IFADDRMSG_LEN,
} from './if-addr-constants.js';

/** struct ifaddrmsg. */
export interface AddressHeader {
  /** AF_INET or AF_INET6. */
  family: number;
  prefixLength: number;
  /** IFA_F_* (low 8 bits; IFA_FLAGS carries the full set). */
  flags: number;
  /** RT_SCOPE_*. */
  scope: number;
  index: number;
}

/** The IFA_* attributes the engine uses. */
export interface AddressAttributes {
  address?: Buffer;
  local?: Buffer;
  broadcast?: Buffer;
  label?: string;
  /** IFA_FLAGS: all IFA_F_* bits (u32). */
  flags?: number;
}

/** One address message. */
export interface AddressMessage {
  header: AddressHeader;
  attrs: AddressAttributes;
}

/** Encodes ifaddrmsg + attributes (the payload after nlmsghdr). */
export function encodeAddressMessage(msg: AddressMessage): Buffer {
  const h = msg.header;
  const a = msg.attrs;
  const head = Buffer.alloc(IFADDRMSG_LEN);
  head.writeUInt8(h.family, 0);
  head.writeUInt8(h.prefixLength, 1);
  head.writeUInt8(h.flags & 0xff, 2);
  head.writeUInt8(h.scope, 3);
  head.writeUInt32LE(h.index, 4);
  const parts: Buffer[] = [head];
  if (a.local !== undefined) parts.push(attr.bytes(IFA_LOCAL, a.local));
  if (a.address !== undefined) parts.push(attr.bytes(IFA_ADDRESS, a.address));
  if (a.broadcast !== undefined) parts.push(attr.bytes(IFA_BROADCAST, a.broadcast));
  if (a.label !== undefined) parts.push(attr.string(IFA_LABEL, a.label));
  if (a.flags !== undefined) parts.push(attr.u32(IFA_FLAGS, a.flags));
  return Buffer.concat(parts);
}

/** Decodes ifaddrmsg + attributes; unknown attributes are ignored. */
export function decodeAddressMessage(payload: Buffer): AddressMessage {
  if (payload.length < IFADDRMSG_LEN) {
    throw new RangeError(`Cannot decode ifaddrmsg: ${payload.length} bytes`);
  }
  const copy = (p: Buffer): Buffer => Buffer.from(p);
  return {
    header: {
      family: payload.readUInt8(0),
      prefixLength: payload.readUInt8(1),
      flags: payload.readUInt8(2),
      scope: payload.readUInt8(3),
      index: payload.readUInt32LE(4),
    },
    attrs: decodeAttributeSet<AddressAttributes>(payload.subarray(IFADDRMSG_LEN), {
      address: [IFA_ADDRESS, copy],
      local: [IFA_LOCAL, copy],
      broadcast: [IFA_BROADCAST, copy],
      label: [IFA_LABEL, read.string],
      flags: [IFA_FLAGS, read.u32],
    }),
  };
}
