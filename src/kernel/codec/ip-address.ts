/**
 * IP addresses as rtnetlink carries them: 4 or 16 bytes in network order. Parsing is strict
 * (dotted quad, RFC 4291 text without zone ids) because a lenient parser turns typos into
 * wrong-but-valid addresses; formatting follows RFC 5952 so output matches `ip`.
 */

export type IpFamily = 4 | 6;

/** An address in wire form. */
export interface IpBytes {
  family: IpFamily;
  bytes: Buffer;
}

/** An address with a prefix length, as in `10.0.0.1/24`. */
export interface Cidr extends IpBytes {
  prefixLength: number;
}

const V4_PART = /^(0|[1-9][0-9]{0,2})$/;
const V6_GROUP = /^[0-9a-fA-F]{1,4}$/;

function parseIpv4(text: string): Buffer | undefined {
  const parts = text.split('.');
  if (parts.length !== 4 || !parts.every((p) => V4_PART.test(p) && Number(p) <= 255)) {
    return undefined;
  }
  return Buffer.from(parts.map(Number));
}

function parseGroups(text: string): number[] | undefined {
  if (text === '') return [];
  const out: number[] = [];
  const parts = text.split(':');
  for (const [i, p] of parts.entries()) {
    if (i === parts.length - 1 && p.includes('.')) {
      const v4 = parseIpv4(p);
      if (v4 === undefined) return undefined;
      out.push(v4.readUInt16BE(0), v4.readUInt16BE(2));
    } else if (V6_GROUP.test(p)) {
      out.push(parseInt(p, 16));
    } else {
      return undefined;
    }
  }
  return out;
}

function parseIpv6(text: string): Buffer | undefined {
  const halves = text.split('::');
  if (halves.length > 2) return undefined;
  const head = parseGroups(halves[0] ?? '');
  const tail = halves.length === 2 ? parseGroups(halves[1] ?? '') : [];
  if (head === undefined || tail === undefined) return undefined;
  const fill = 8 - head.length - tail.length;
  if (halves.length === 2 ? fill < 1 : fill !== 0) return undefined;
  const groups = [...head, ...new Array<number>(fill).fill(0), ...tail];
  const out = Buffer.alloc(16);
  groups.forEach((g, i) => out.writeUInt16BE(g, i * 2));
  return out;
}

/** Parses an IPv4 or IPv6 address; undefined when `text` is not one. */
export function parseIp(text: string): IpBytes | undefined {
  const v4 = parseIpv4(text);
  if (v4 !== undefined) return { family: 4, bytes: v4 };
  const v6 = text.includes(':') ? parseIpv6(text) : undefined;
  return v6 === undefined ? undefined : { family: 6, bytes: v6 };
}

/** Parses `address/prefix`; undefined when malformed or the prefix is out of range. */
export function parseCidr(text: string): Cidr | undefined {
  const slash = text.indexOf('/');
  if (slash === -1) return undefined;
  const ip = parseIp(text.slice(0, slash));
  const prefixText = text.slice(slash + 1);
  if (ip === undefined || !/^(0|[1-9][0-9]{0,2})$/.test(prefixText)) return undefined;
  const prefixLength = Number(prefixText);
  if (prefixLength > ip.bytes.length * 8) return undefined;
  return { ...ip, prefixLength };
}

function formatIpv6(bytes: Buffer): string {
  const groups = Array.from({ length: 8 }, (_, i) => bytes.readUInt16BE(i * 2));
  let bestStart = -1;
  let bestLength = 1; // RFC 5952 §4.2.2: never compress a single zero group
  for (let i = 0; i < 8;) {
    let j = i;
    while (j < 8 && groups[j] === 0) j++;
    if (j - i > bestLength) [bestStart, bestLength] = [i, j - i];
    i = j === i ? i + 1 : j;
  }
  const hex = groups.map((g) => g.toString(16));
  if (bestStart === -1) return hex.join(':');
  const head = hex.slice(0, bestStart).join(':');
  const tail = hex.slice(bestStart + bestLength).join(':');
  return `${head}::${tail}`;
}

/** Formats 4 or 16 network-order bytes. */
export function formatIp(bytes: Buffer): string {
  if (bytes.length === 4) return Array.from(bytes).join('.');
  if (bytes.length === 16) return formatIpv6(bytes);
  throw new RangeError(`Cannot format IP address: ${bytes.length} bytes`);
}

/** The IPv4 broadcast address of a CIDR (host bits all ones). */
export function ipv4Broadcast(cidr: Cidr): Buffer {
  const value = cidr.bytes.readUInt32BE(0);
  const hostMask = cidr.prefixLength === 0 ? 0xffffffff : (1 << (32 - cidr.prefixLength)) - 1;
  const out = Buffer.alloc(4);
  out.writeUInt32BE((value | hostMask) >>> 0, 0);
  return out;
}
