/**
 * IP addresses as `{ family, value: bigint }`. A bigint holds both families in one shape, so the
 * CIDR and IPAM maths (`cidr.ts`, `network/ipam/`) is plain integer arithmetic and an IPv6 /64
 * pool is no harder than an IPv4 /24.
 *
 * Parsing is strict on purpose. IPv4 must be four decimal octets without leading zeros: ipaddr.js
 * (like inet_aton) would read `010.0.0.1` as octal `8.0.0.1` and `10.1` as `10.0.0.1`, and Go's
 * `net.ParseIP`, which Docker clients use, rejects both since Go 1.17. IPv6 goes through ipaddr.js
 * but zone ids (`fe80::1%eth0`) are refused: an IPAM address never has one.
 */
import ipaddr from 'ipaddr.js';
import { invalid } from './errors.js';

/** 4 or 6, as Docker's API and netlink's `AF_INET`/`AF_INET6` distinction need it. */
export type IpFamily = 4 | 6;

/** An address of one family; `value` is the address as an unsigned integer (network order). */
export interface IpAddress {
  readonly family: IpFamily;
  readonly value: bigint;
}

/** Width in bits of an address of `family`. */
export function addressBits(family: IpFamily): number {
  return family === 4 ? 32 : 128;
}

/** Highest value an address of `family` can have (`255.255.255.255`, `ffff:…:ffff`). */
export function maxAddressValue(family: IpFamily): bigint {
  return (1n << BigInt(addressBits(family))) - 1n;
}

const IPV4_OCTET = '(25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])';
const IPV4_PATTERN = new RegExp(`^${IPV4_OCTET}\\.${IPV4_OCTET}\\.${IPV4_OCTET}\\.${IPV4_OCTET}$`);

function parseIpv4(text: string): IpAddress | undefined {
  const match = IPV4_PATTERN.exec(text);
  if (match === null) return undefined;
  let value = 0n;
  for (let i = 1; i <= 4; i++) value = (value << 8n) | BigInt(Number(match[i]));
  return { family: 4, value };
}

function parseIpv6(text: string): IpAddress | undefined {
  if (!text.includes(':') || text.includes('%') || !ipaddr.IPv6.isValid(text)) return undefined;
  let value = 0n;
  for (const part of ipaddr.IPv6.parse(text).parts) value = (value << 16n) | BigInt(part);
  return { family: 6, value };
}

/**
 * Parses an address of either family, or returns `undefined` when `text` is not one.
 * An IPv4-mapped IPv6 address (`::ffff:10.0.0.1`) stays IPv6.
 */
export function tryParseIp(text: string): IpAddress | undefined {
  return parseIpv4(text) ?? parseIpv6(text);
}

/**
 * Parses an address of either family.
 * @throws EngineError `invalid` with `invalid IP address "<text>"`.
 */
export function parseIp(text: string): IpAddress {
  const address = tryParseIp(text);
  if (address === undefined) throw invalid(`invalid IP address "${text}"`, 'INVALID_IP_ADDRESS');
  return address;
}

/**
 * Parses an address that must be of `family`, naming `what` it is in the error
 * (`invalid gateway "…"`), so a v6 gateway on a v4 pool reads as the user's mistake.
 */
export function parseIpOfFamily(text: string, family: IpFamily, what = 'IP address'): IpAddress {
  const address = tryParseIp(text);
  if (address === undefined) throw invalid(`invalid ${what} "${text}"`, 'INVALID_IP_ADDRESS');
  if (address.family !== family) {
    throw invalid(`invalid ${what} "${text}": not an IPv${family} address`, 'INVALID_IP_ADDRESS');
  }
  return address;
}

/** Builds an address from its integer value. Throws RangeError when it does not fit the family. */
export function ipFromBigInt(value: bigint, family: IpFamily): IpAddress {
  if (value < 0n || value > maxAddressValue(family)) {
    throw new RangeError(`value ${value} is not an IPv${family} address`);
  }
  return { family, value };
}

/** Canonical text: dotted quad for IPv4, RFC 5952 (lower-case, `::` compressed) for IPv6. */
export function formatIp(address: IpAddress): string {
  const { family, value } = address;
  if (family === 4) {
    return [24n, 16n, 8n, 0n].map((shift) => String((value >> shift) & 0xffn)).join('.');
  }
  const parts: number[] = [];
  for (let shift = 112n; shift >= 0n; shift -= 16n) parts.push(Number((value >> shift) & 0xffffn));
  return new ipaddr.IPv6(parts).toRFC5952String();
}

/** Re-formats an address string canonically (`FD00::0001` → `fd00::1`). Throws like `parseIp`. */
export function normalizeIp(text: string): string {
  return formatIp(parseIp(text));
}

/** The following address, or `undefined` past the last address of the family. */
export function nextAddress(address: IpAddress): IpAddress | undefined {
  if (address.value >= maxAddressValue(address.family)) return undefined;
  return { family: address.family, value: address.value + 1n };
}

/** Orders addresses: IPv4 before IPv6, then numerically. For `Array.prototype.sort`. */
export function compareIp(a: IpAddress, b: IpAddress): number {
  if (a.family !== b.family) return a.family - b.family;
  return a.value < b.value ? -1 : a.value > b.value ? 1 : 0;
}

/** True when both are the same address of the same family. */
export function ipEquals(a: IpAddress, b: IpAddress): boolean {
  return a.family === b.family && a.value === b.value;
}
