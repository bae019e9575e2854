/**
 * struct nlattr encoding (linux/netlink.h): a 4-byte header (length including the header,
 * type) followed by the payload, padded to 4 bytes. Nested attributes are attributes whose
 * payload is itself a sequence of attributes; NLA_F_NESTED marks them for the kernel's strict
 * validation.
 */
import { NLA_F_NESTED, NLA_HDRLEN, NLA_TYPE_MASK, NLMSG_ALIGNTO } from './netlink-constants.js';

/** One decoded attribute. `type` has the flag bits masked off. */
export interface NetlinkAttribute {
  type: number;
  nested: boolean;
  payload: Buffer;
}

/** Rounds `length` up to the netlink alignment (NLA_ALIGN / NLMSG_ALIGN). */
export function align4(length: number): number {
  return (length + NLMSG_ALIGNTO - 1) & ~(NLMSG_ALIGNTO - 1);
}

/** Encodes one attribute with its padding. */
export function encodeAttribute(type: number, payload: Buffer): Buffer {
  const length = NLA_HDRLEN + payload.length;
  if (length > 0xffff) throw new RangeError(`Cannot encode attribute ${type}: ${length} bytes`);
  const out = Buffer.alloc(align4(length));
  out.writeUInt16LE(length, 0);
  out.writeUInt16LE(type, 2);
  payload.copy(out, NLA_HDRLEN);
  return out;
}

/** Encodes a nest; `flagged` sets NLA_F_NESTED (the default; the kernel accepts both). */
export function encodeNested(type: number, children: Buffer[], flagged = true): Buffer {
  return encodeAttribute(flagged ? type | NLA_F_NESTED : type, Buffer.concat(children));
}

/** Typed payload builders for the scalar attribute types used by rtnetlink. */
export const attr = {
  u8(type: number, value: number): Buffer {
    return encodeAttribute(type, Buffer.from([value]));
  },
  u32(type: number, value: number): Buffer {
    const b = Buffer.alloc(4);
    b.writeUInt32LE(value >>> 0, 0);
    return encodeAttribute(type, b);
  },
  s32(type: number, value: number): Buffer {
    const b = Buffer.alloc(4);
    b.writeInt32LE(value, 0);
    return encodeAttribute(type, b);
  },
  /** NUL-terminated string (NLA_NUL_STRING and NLA_STRING policies both accept it). */
  string(type: number, value: string): Buffer {
    return encodeAttribute(type, Buffer.concat([Buffer.from(value, 'utf8'), Buffer.alloc(1)]));
  },
  /** String without the NUL, for NLA_STRING attributes (what iproute2 sends for a kind). */
  bareString(type: number, value: string): Buffer {
    return encodeAttribute(type, Buffer.from(value, 'utf8'));
  },
  bytes(type: number, value: Buffer): Buffer {
    return encodeAttribute(type, value);
  },
};

/** Decodes a run of attributes; a truncated or malformed tail throws RangeError. */
export function decodeAttributes(buf: Buffer): NetlinkAttribute[] {
  const out: NetlinkAttribute[] = [];
  let offset = 0;
  while (offset + NLA_HDRLEN <= buf.length) {
    const length = buf.readUInt16LE(offset);
    const rawType = buf.readUInt16LE(offset + 2);
    if (length < NLA_HDRLEN || offset + length > buf.length) {
      throw new RangeError(`Cannot decode attribute at offset ${offset}: bad length ${length}`);
    }
    out.push({
      type: rawType & NLA_TYPE_MASK,
      nested: (rawType & NLA_F_NESTED) !== 0,
      payload: buf.subarray(offset + NLA_HDRLEN, offset + length),
    });
    offset += align4(length);
  }
  return out;
}

/** Decodes attributes into a map by type; when a type repeats, the last one wins. */
export function attributeMap(buf: Buffer): Map<number, Buffer> {
  const map = new Map<number, Buffer>();
  for (const a of decodeAttributes(buf)) map.set(a.type, a.payload);
  return map;
}

/** Payload readers matching the builders above. */
export const read = {
  u8(payload: Buffer): number {
    return payload.readUInt8(0);
  },
  u32(payload: Buffer): number {
    return payload.readUInt32LE(0);
  },
  s32(payload: Buffer): number {
    return payload.readInt32LE(0);
  },
  /** Reads up to the first NUL (or the end). */
  string(payload: Buffer): string {
    const nul = payload.indexOf(0);
    return payload.toString('utf8', 0, nul === -1 ? payload.length : nul);
  },
};

/** For each key of T: the attribute type that carries it and how to read its payload. */
export type AttributeReaders<T> = {
  [K in keyof T]-?: readonly [type: number, reader: (payload: Buffer) => NonNullable<T[K]>];
};

/**
 * Decodes a run of attributes into an object of optional fields; fields whose attribute is
 * absent are left out (not set to undefined), so decoded objects compare cleanly.
 */
export function decodeAttributeSet<T extends object>(buf: Buffer, readers: AttributeReaders<T>): T {
  const m = attributeMap(buf);
  const out: Partial<T> = {};
  for (const key of Object.keys(readers) as (keyof T)[]) {
    const [type, reader] = readers[key];
    const payload = m.get(type);
    if (payload !== undefined) out[key] = reader(payload);
  }
  return out as T;
}
