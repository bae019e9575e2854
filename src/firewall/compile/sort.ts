/**
 * Canonical orders, so the same state always compiles to the same text whatever order the
 * records came in (golden files, and diffs of `nft list` between runs, stay stable).
 */
import { compareIp } from '../../common/ip-address.js';
import { PROTOCOLS } from './names.js';
import type { ValidNetwork, ValidPort } from './validate.js';

function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Networks by bridge name. */
export function compareNetworks(a: ValidNetwork, b: ValidNetwork): number {
  return compareText(a.bridge, b.bridge);
}

/** Ports by family, protocol, host address (any first), host port. */
export function comparePorts(a: ValidPort, b: ValidPort): number {
  if (a.family !== b.family) return a.family - b.family;
  if (a.proto !== b.proto) return PROTOCOLS.indexOf(a.proto) - PROTOCOLS.indexOf(b.proto);
  if (a.hostIp === undefined || b.hostIp === undefined) {
    if (a.hostIp !== b.hostIp) return a.hostIp === undefined ? -1 : 1;
  } else {
    const byIp = compareIp(a.hostIp.address, b.hostIp.address);
    if (byIp !== 0) return byIp;
  }
  return a.hostPort - b.hostPort;
}
