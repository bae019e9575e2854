/**
 * Reverse-lookup names (RFC 1035 §3.5 `in-addr.arpa`, RFC 3596 §2.5 `ip6.arpa`) to addresses.
 * Pure: no platform modules.
 */
import { formatIp, ipFromBigInt } from '../../common/ip-address.js';

const V4_SUFFIX = '.in-addr.arpa';
const V6_SUFFIX = '.ip6.arpa';
const OCTET = /^(25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])$/;
const NIBBLE = /^[0-9a-f]$/;

/** True when `name` (lower-case, no trailing dot) is under `in-addr.arpa` or `ip6.arpa`. */
export function isReverseName(name: string): boolean {
  return name.endsWith(V4_SUFFIX) || name.endsWith(V6_SUFFIX);
}

/**
 * The address a full reverse name stands for, in canonical text (`10.0.0.2`, `fd00::2`), or
 * `undefined` for a partial or malformed one (`0.10.in-addr.arpa`, a 31-nibble ip6 name).
 * @param name lower-case, without trailing dot
 */
export function addressFromReverseName(name: string): string | undefined {
  if (name.endsWith(V4_SUFFIX)) {
    const labels = name.slice(0, -V4_SUFFIX.length).split('.');
    if (labels.length !== 4 || !labels.every((l) => OCTET.test(l))) return undefined;
    return labels.reverse().join('.');
  }
  if (name.endsWith(V6_SUFFIX)) {
    const labels = name.slice(0, -V6_SUFFIX.length).split('.');
    if (labels.length !== 32 || !labels.every((l) => NIBBLE.test(l))) return undefined;
    const value = BigInt(`0x${labels.reverse().join('')}`);
    return formatIp(ipFromBigInt(value, 6));
  }
  return undefined;
}
