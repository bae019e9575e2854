import type { FirewallState, NetworkRules } from '../firewall/types.js';
import { parseBridgeOptions } from './drivers/bridge/bridge-options.js';
import type { Ipam } from './ipam/ipam.js';
import type { NetworkRecord } from './records.js';
import type { NetworkState } from './state.js';

/** What a bridge network asks of the firewall; undefined for drivers without a bridge. */
export function networkRules(net: NetworkRecord, ipam: Ipam): NetworkRules | undefined {
  if (net.bridge === undefined) return undefined;
  const opts = parseBridgeOptions(net.options);
  return {
    id: net.id,
    bridge: net.bridge.name,
    subnets: net.pools.flatMap((p) => ipam.findPool(p.poolId)?.subnet ?? []),
    masquerade: opts.enableIpMasquerade,
    icc: opts.enableIcc,
    internal: net.internal,
  };
}

/** The firewall's whole desired state, derived from the records (never from the live table). */
export function firewallState(state: NetworkState, ipam: Ipam): FirewallState {
  const ready = [...state.networks.values()].filter((n) => n.state === 'ready');
  return {
    networks: ready.flatMap((n) => networkRules(n, ipam) ?? []),
    ports: [...state.endpoints.values()]
      .filter((e) => e.state === 'ready')
      .flatMap((e) => e.ports ?? []),
  };
}
