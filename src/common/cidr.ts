/**
 * CIDR blocks as `{ family, network, prefix }` with integer maths on bigint addresses
 * (`ip-address.ts`). Used by IPAM to validate subnets, ranges and gateways, to detect overlapping
 * pools and to carve subnets out of Docker's default address pools.
 *
 * Like libnetwork (and pouch's vendored copy), a CIDR with host bits set (`10.1.2.3/24`) is
 * accepted and masked to its network (`10.1.2.0/24`); `parseCidrAddress` keeps the unmasked
 * address for callers that mean "this interface address in that subnet" (`--bip 192.168.5.1/24`).
 */
import { invalid } from './errors.js';
import { addressBits, formatIp, type IpAddress, type IpFamily, tryParseIp } from './ip-address.js';

/** A network block; `network` always has its host bits cleared. */
export interface Cidr {
  readonly family: IpFamily;
  /** First address of the block as an integer. */
  readonly network: bigint;
  /** Prefix length, 0..32 (IPv4) or 0..128 (IPv6). */
  readonly prefix: number;
}

/** Options for the parse functions. */
export interface ParseCidrOptions {
  /** What the value is, for the error message: `invalid <what> "<text>"`. @default 'subnet' */
  what?: string;
}

const PREFIX_PATTERN = /^(0|[1-9][0-9]{0,2})$/;

function hostMask(family: IpFamily, prefix: number): bigint {
  return (1n << BigInt(addressBits(family) - prefix)) - 1n;
}

/**
 * Parses `address/prefix` without masking, or returns `undefined` when malformed
 * (no slash, bad address, prefix out of range or with leading zeros).
 */
function splitCidr(text: string): { address: IpAddress; prefix: number } | undefined {
  const slash = text.indexOf('/');
  if (slash < 0) return undefined;
  const address = tryParseIp(text.slice(0, slash));
  const prefixText = text.slice(slash + 1);
  if (address === undefined || !PREFIX_PATTERN.test(prefixText)) return undefined;
  const prefix = Number(prefixText);
  if (prefix > addressBits(address.family)) return undefined;
  return { address, prefix };
}

/** Builds a CIDR from any address inside it, clearing the host bits. */
export function cidrOf(address: IpAddress, prefix: number): Cidr {
  const bits = addressBits(address.family);
  if (!Number.isInteger(prefix) || prefix < 0 || prefix > bits) {
    throw new RangeError(`prefix ${prefix} is out of range for IPv${address.family}`);
  }
  return {
    family: address.family,
    network: address.value & ~hostMask(address.family, prefix),
    prefix,
  };
}

/** Parses and masks a CIDR, or returns `undefined` when `text` is not one. */
export function tryParseCidr(text: string): Cidr | undefined {
  const parts = splitCidr(text);
  return parts === undefined ? undefined : cidrOf(parts.address, parts.prefix);
}

/**
 * Parses a CIDR of either family and masks its host bits (`10.1.2.3/24` → `10.1.2.0/24`).
 * @throws EngineError `invalid` with `invalid subnet "<text>"` (or the `what` given).
 */
export function parseCidr(text: string, options: ParseCidrOptions = {}): Cidr {
  const cidr = tryParseCidr(text);
  if (cidr === undefined) {
    throw invalid(`invalid ${options.what ?? 'subnet'} "${text}"`, 'INVALID_SUBNET');
  }
  return cidr;
}

/**
 * Parses `address/prefix` keeping both the address and its masked network, for values such as
 * `--bip 192.168.5.1/24` (gateway `192.168.5.1` in subnet `192.168.5.0/24`).
 * @throws EngineError `invalid` like `parseCidr`.
 */
export function parseCidrAddress(
  text: string,
  options: ParseCidrOptions = {},
): { address: IpAddress; cidr: Cidr } {
  const parts = splitCidr(text);
  if (parts === undefined) {
    throw invalid(`invalid ${options.what ?? 'subnet'} "${text}"`, 'INVALID_SUBNET');
  }
  return { address: parts.address, cidr: cidrOf(parts.address, parts.prefix) };
}

/** Canonical text (`10.1.2.0/24`, `fd00::/64`). */
export function formatCidr(cidr: Cidr): string {
  return `${formatIp({ family: cidr.family, value: cidr.network })}/${cidr.prefix}`;
}

/** Re-formats a CIDR string canonically with host bits masked. Throws like `parseCidr`. */
export function normalizeCidr(text: string, options: ParseCidrOptions = {}): string {
  return formatCidr(parseCidr(text, options));
}

/** Number of addresses in the block (2^(bits − prefix)). */
export function cidrSize(cidr: Cidr): bigint {
  return 1n << BigInt(addressBits(cidr.family) - cidr.prefix);
}

/** Last address of the block: the IPv4 broadcast address. */
export function cidrLast(cidr: Cidr): bigint {
  return cidr.network | hostMask(cidr.family, cidr.prefix);
}

/**
 * First address a host may use. IPv4 skips the network address; IPv6 skips the Subnet-Router
 * anycast address (RFC 4291 §2.6.1) as libnetwork does, so a v6 gateway defaults to `…::1`.
 * IPv4 /31 and /32 and IPv6 /127 and /128 have no reserved addresses (RFC 3021, RFC 6164).
 */
export function firstUsable(cidr: Cidr): bigint {
  return hasReservedEnds(cidr) ? cidr.network + 1n : cidr.network;
}

/** Last address a host may use: IPv4 skips the broadcast address, IPv6 has none. */
export function lastUsable(cidr: Cidr): bigint {
  const last = cidrLast(cidr);
  return cidr.family === 4 && hasReservedEnds(cidr) ? last - 1n : last;
}

/** True when the block reserves its network (and for IPv4 broadcast) address. */
export function hasReservedEnds(cidr: Cidr): boolean {
  return addressBits(cidr.family) - cidr.prefix >= 2;
}

/** True when `address` is inside `cidr` (families must match). */
export function cidrContains(cidr: Cidr, address: IpAddress): boolean {
  return (
    cidr.family === address.family &&
    address.value >= cidr.network &&
    address.value <= cidrLast(cidr)
  );
}

/** True when `inner` lies entirely inside `outer`. */
export function cidrContainsCidr(outer: Cidr, inner: Cidr): boolean {
  return (
    outer.family === inner.family &&
    outer.prefix <= inner.prefix &&
    inner.network >= outer.network &&
    cidrLast(inner) <= cidrLast(outer)
  );
}

/** True when the blocks share at least one address. Different families never overlap. */
export function cidrsOverlap(a: Cidr, b: Cidr): boolean {
  return a.family === b.family && a.network <= cidrLast(b) && b.network <= cidrLast(a);
}

/** True when both are the same block. */
export function cidrEquals(a: Cidr, b: Cidr): boolean {
  return a.family === b.family && a.network === b.network && a.prefix === b.prefix;
}

function checkCarve(base: Cidr, size: number): void {
  if (!Number.isInteger(size) || size < base.prefix || size > addressBits(base.family)) {
    throw new RangeError(`cannot carve /${size} subnets out of ${formatCidr(base)}`);
  }
}

/** How many subnets of prefix length `size` fit in `base`. Throws RangeError when `size` < prefix. */
export function subnetCount(base: Cidr, size: number): bigint {
  checkCarve(base, size);
  return 1n << BigInt(size - base.prefix);
}

/**
 * The `n`th (from 0) subnet of prefix length `size` inside `base`, or `undefined` past the end:
 * `nthSubnet(192.168.0.0/16, 20, 1n)` is `192.168.16.0/20`.
 * Throws RangeError when `size` is shorter than the base prefix or longer than the family.
 */
export function nthSubnet(base: Cidr, size: number, n: bigint): Cidr | undefined {
  if (n < 0n || n >= subnetCount(base, size)) return undefined;
  const step = 1n << BigInt(addressBits(base.family) - size);
  return { family: base.family, network: base.network + n * step, prefix: size };
}

/**
 * Index of the first subnet of length `size` in `base` that starts after `value`, so a search
 * over carved subnets can jump past a blocking range in one step instead of walking it.
 */
export function subnetIndexAfter(base: Cidr, size: number, value: bigint): bigint {
  checkCarve(base, size);
  if (value < base.network) return 0n;
  const shift = BigInt(addressBits(base.family) - size);
  return ((value - base.network) >> shift) + 1n;
}
