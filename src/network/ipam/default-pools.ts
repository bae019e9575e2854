/**
 * The address pools subnets are chosen from when a network names none, and the search over them.
 *
 * IPv4 is Docker's `localScopeDefaultNetworks` (libnetwork `ipamutils`): 172.17.0.0/16 through
 * 172.31.0.0/16 as /16s, then 192.168.0.0/16 as /20s. The granular `10.0.0.0/8` → /24 list is
 * Docker's global-scope (swarm) default and is not used for local networks.
 *
 * IPv6 has no Docker default before Engine 27, so we choose one: the ULA (RFC 4193) prefix
 * `fd4b:7e2c:9a10::/48` carved into /64s (65,536 networks). RFC 4193 wants the 40-bit global
 * ID random; this one was drawn at random once and fixed, so networks keep their subnets across
 * hosts and reinstalls. Operators who route between hosts should pass their own (for example one
 * derived from the machine id) through `defaultPoolsV6`.
 */
import {
  type Cidr,
  cidrLast,
  cidrsOverlap,
  nthSubnet,
  parseCidr,
  subnetCount,
  subnetIndexAfter,
} from '../../common/cidr.js';
import { invalid } from '../../common/errors.js';
import { addressBits, type IpFamily } from '../../common/ip-address.js';
import type { AddressPoolSpec } from './ipam.js';

/** Docker's local-scope default IPv4 pools. */
export const DEFAULT_POOLS_V4: readonly AddressPoolSpec[] = [
  { base: '172.17.0.0/16', size: 16 },
  { base: '172.18.0.0/16', size: 16 },
  { base: '172.19.0.0/16', size: 16 },
  { base: '172.20.0.0/14', size: 16 },
  { base: '172.24.0.0/14', size: 16 },
  { base: '172.28.0.0/14', size: 16 },
  { base: '192.168.0.0/16', size: 20 },
];

/** Our default IPv6 pool: one fixed ULA /48 carved into /64s (see the module comment). */
export const DEFAULT_POOLS_V6: readonly AddressPoolSpec[] = [
  { base: 'fd4b:7e2c:9a10::/48', size: 64 },
];

/** A validated `AddressPoolSpec`. */
export interface ParsedPoolSpec {
  base: Cidr;
  size: number;
}

/**
 * Validates pool specs of one family.
 * @throws EngineError `invalid` naming the spec when its base is malformed or of the other
 * family, or its size is shorter than the base prefix or longer than an address.
 */
export function parsePoolSpecs(
  specs: readonly AddressPoolSpec[],
  family: IpFamily,
): ParsedPoolSpec[] {
  return specs.map(({ base, size }) => {
    const cidr = parseCidr(base, { what: 'default address pool' });
    if (cidr.family !== family) {
      throw invalid(`invalid default address pool "${base}": not an IPv${family} pool`);
    }
    if (!Number.isInteger(size) || size < cidr.prefix || size > addressBits(family)) {
      throw invalid(`invalid default address pool "${base}": size ${size} does not fit`);
    }
    return { base: cidr, size };
  });
}

/**
 * The first subnet, in spec order, that overlaps none of `taken` (existing pools and CIDRs to
 * avoid), or `undefined`. When a candidate is blocked the search jumps past the blocking CIDR,
 * so it takes at most one step per taken CIDR per spec, even over 2^16 IPv6 candidates.
 */
export function findFreeSubnet(
  specs: readonly ParsedPoolSpec[],
  taken: readonly Cidr[],
): Cidr | undefined {
  for (const { base, size } of specs) {
    const count = subnetCount(base, size);
    let n = 0n;
    while (n < count) {
      const candidate = nthSubnet(base, size, n);
      if (candidate === undefined) break;
      const blocker = taken.find((t) => cidrsOverlap(t, candidate));
      if (blocker === undefined) return candidate;
      const end = cidrLast(blocker) > cidrLast(candidate) ? cidrLast(blocker) : cidrLast(candidate);
      n = subnetIndexAfter(base, size, end);
    }
  }
  return undefined;
}
