/**
 * Validates a pool request against its subnet and works out what to reserve: pure, so every
 * `invalid` error is raised before the store is touched ("validate everything, then apply").
 */
import {
  type Cidr,
  cidrContains,
  cidrContainsCidr,
  cidrLast,
  firstUsable,
  formatCidr,
  hasReservedEnds,
  parseCidr,
} from '../../../common/cidr.js';
import { invalid } from '../../../common/errors.js';
import { formatIp, type IpAddress, parseIpOfFamily } from '../../../common/ip-address.js';
import type { Pool, PoolRequest } from '../ipam.js';
import type { LeaseRecord } from './ipam-records.js';

/** libnetwork's name for the local address space; it prefixes pool ids (`LocalDefault/…`). */
export const ADDRESS_SPACE = 'LocalDefault';

/** A validated pool and the addresses to lease with it. */
export interface PoolPlan {
  pool: Pool;
  reserved: Map<bigint, LeaseRecord>;
}

/**
 * Pool ids follow libnetwork's `<address space>/<subnet>[/<ip range>]`: readable in logs and
 * unique among live pools because pools of one family never overlap.
 */
export function poolIdOf(subnet: Cidr, range: Cidr | undefined): string {
  const tail = range === undefined ? '' : `/${formatCidr(range)}`;
  return `${ADDRESS_SPACE}/${formatCidr(subnet)}${tail}`;
}

function parseRange(req: PoolRequest, subnet: Cidr): Cidr | undefined {
  if (req.ipRange === undefined) return undefined;
  const range = parseCidr(req.ipRange, { what: 'IP range' });
  if (range.family !== req.family) {
    throw invalid(`invalid IP range "${req.ipRange}": not an IPv${req.family} range`);
  }
  if (!cidrContainsCidr(subnet, range)) {
    throw invalid(
      `Cannot use IP range "${req.ipRange}": it is not inside subnet "${formatCidr(subnet)}"`,
      'RANGE_OUTSIDE_SUBNET',
    );
  }
  return range;
}

/** The addresses a subnet reserves for itself: network (both families) and IPv4 broadcast. */
function reservedEnds(subnet: Cidr): Map<bigint, LeaseRecord> {
  const reserved = new Map<bigint, LeaseRecord>();
  if (!hasReservedEnds(subnet)) return reserved;
  reserved.set(subnet.network, { purpose: 'network' });
  if (subnet.family === 4) reserved.set(cidrLast(subnet), { purpose: 'broadcast' });
  return reserved;
}

function checkInside(what: string, text: string, address: IpAddress, subnet: Cidr): void {
  if (!cidrContains(subnet, address)) {
    throw invalid(
      `Cannot use ${what} "${text}": it is not inside subnet "${formatCidr(subnet)}"`,
      'ADDRESS_OUTSIDE_SUBNET',
    );
  }
}

function parseGateway(req: PoolRequest, subnet: Cidr, reserved: Map<bigint, LeaseRecord>): bigint {
  if (req.gateway === undefined) return firstUsable(subnet);
  const gateway = parseIpOfFamily(req.gateway, req.family, 'gateway');
  checkInside('gateway', req.gateway, gateway, subnet);
  const taken = reserved.get(gateway.value);
  if (taken !== undefined) {
    throw invalid(
      `Cannot use gateway "${req.gateway}": it is the ${taken.purpose} address of subnet "${formatCidr(subnet)}"`,
      'GATEWAY_RESERVED',
    );
  }
  return gateway.value;
}

function reserveAux(
  req: PoolRequest,
  subnet: Cidr,
  reserved: Map<bigint, LeaseRecord>,
): Record<string, string> {
  const aux: Record<string, string> = {};
  for (const [name, text] of Object.entries(req.auxAddresses ?? {})) {
    const address = parseIpOfFamily(text, req.family, `auxiliary address "${name}"`);
    checkInside(`auxiliary address "${name}"`, text, address, subnet);
    const taken = reserved.get(address.value);
    if (taken !== undefined) {
      const owner =
        taken.name === undefined ? `the ${taken.purpose}` : `auxiliary address "${taken.name}"`;
      throw invalid(
        `Cannot reserve auxiliary address "${name}" "${text}": it is already ${owner}`,
        'AUX_ADDRESS_RESERVED',
      );
    }
    reserved.set(address.value, { purpose: 'aux', name });
    aux[name] = formatIp(address);
  }
  return aux;
}

/**
 * Builds the pool for `req` in `subnet` (already parsed and masked) and the leases it starts
 * with: network and broadcast addresses, the gateway (default: first usable address) and the
 * auxiliary addresses. The gateway and auxiliary addresses may lie outside the IP range but
 * must lie inside the subnet, as in Docker.
 * @throws EngineError `invalid` for a range, gateway or auxiliary address that is malformed, of
 * the other family, outside the subnet or already reserved.
 */
export function planPool(req: PoolRequest, subnet: Cidr, userConfigured: boolean): PoolPlan {
  const range = parseRange(req, subnet);
  const reserved = reservedEnds(subnet);
  const gateway = parseGateway(req, subnet, reserved);
  reserved.set(gateway, { purpose: 'gateway' });
  const auxAddresses = reserveAux(req, subnet, reserved);
  const pool: Pool = {
    id: poolIdOf(subnet, range),
    family: req.family,
    subnet: formatCidr(subnet),
    gateway: formatIp({ family: req.family, value: gateway }),
    auxAddresses,
    options: { ...req.options },
    userConfigured,
  };
  if (range !== undefined) pool.ipRange = formatCidr(range);
  return { pool, reserved };
}
