import type { Ipam } from './ipam/ipam.js';
import type { NetworkState } from './state.js';
import type { NetworkRecord } from './records.js';
import type { AttachedEndpointView, NetworkView } from './types.js';

const prefixOf = (cidr: string): string => cidr.split('/')[1] ?? '';

/** The gateway of each family as a CIDR (`10.0.0.1/24`), as a bridge carries it. */
export function gatewaysOf(net: NetworkRecord, ipam: Ipam): { v4?: string; v6?: string } {
  const out: { v4?: string; v6?: string } = {};
  for (const ref of net.pools) {
    const pool = ipam.findPool(ref.poolId);
    if (pool === undefined) continue;
    const cidr = `${pool.gateway}/${prefixOf(pool.subnet)}`;
    if (ref.family === 4) out.v4 = cidr;
    else out.v6 = cidr;
  }
  return out;
}

/** Builds what the API shows for a network from its record, pools and endpoints. */
export function toNetworkView(net: NetworkRecord, state: NetworkState, ipam: Ipam): NetworkView {
  const config: NetworkView['ipam']['config'] = [];
  for (const ref of net.pools) {
    const pool = ipam.findPool(ref.poolId);
    if (pool === undefined) continue;
    const aux = Object.keys(pool.auxAddresses).length > 0 ? pool.auxAddresses : undefined;
    config.push({
      subnet: pool.subnet,
      ...(pool.ipRange !== undefined ? { ipRange: pool.ipRange } : {}),
      gateway: pool.gateway,
      ...(aux !== undefined ? { auxAddresses: aux } : {}),
    });
  }
  const endpoints: AttachedEndpointView[] = state
    .endpointsOfNetwork(net.id)
    .filter((e) => e.state === 'ready')
    .map((e) => ({
      containerId: e.containerId,
      name: e.containerName,
      endpointId: e.id,
      macAddress: e.mac,
      ipv4Address: e.ipv4,
      ipv6Address: e.ipv6,
    }));
  return {
    id: net.id,
    name: net.name,
    driver: net.driver,
    scope: 'local',
    created: net.created,
    enableIPv6: net.enableIPv6,
    internal: net.internal,
    attachable: net.attachable,
    predefined: net.predefined,
    ipam: { driver: net.ipamDriver, options: net.ipamOptions, config },
    options: net.options,
    labels: net.labels,
    endpoints,
  };
}
