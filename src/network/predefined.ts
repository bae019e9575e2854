import type { Logger } from 'pino';
import { normalizeCidr } from '../common/cidr.js';
import { BRIDGE_OPT } from './drivers/bridge/bridge-options.js';
import type { Ipam } from './ipam/ipam.js';
import type { NetworkManager } from './network-manager.js';
import type { NetworkRecord } from './records.js';
import type { NetworkState } from './state.js';
import type { IpamConfigSpec, NetworkSpec } from './types.js';

/** The daemon's settings for the default `bridge` network (pouchd's --bip and friends). */
export interface DefaultBridgeConfig {
  disabled: boolean;
  /** Device name, `p0` by default. */
  name: string;
  /** Bridge address with prefix, e.g. `192.168.5.1/24`: gives the subnet and the gateway. */
  bip: string;
  /** Sub-range for container addresses (`--fixed-cidr`). */
  fixedCidr?: string;
  /** IPAM gateway (`--default-gateway`); the bip's address when unset. */
  defaultGateway?: string;
  mtu: number;
}

export interface PredefinedDeps {
  state: NetworkState;
  ipam: Ipam;
  networks: NetworkManager;
  logger: Logger;
}

function bridgeSpec(cfg: DefaultBridgeConfig): NetworkSpec {
  const subnet = normalizeCidr(cfg.bip, { what: 'bip' });
  return {
    name: 'bridge',
    driver: 'bridge',
    ipam: {
      driver: 'default',
      config: [
        {
          subnet,
          ipRange: cfg.fixedCidr || subnet,
          gateway: cfg.defaultGateway || cfg.bip.split('/')[0],
        },
      ],
    },
    options: {
      [BRIDGE_OPT.NAME]: cfg.name,
      [BRIDGE_OPT.DEFAULT_BRIDGE]: 'true',
      [BRIDGE_OPT.MTU]: String(cfg.mtu),
      [BRIDGE_OPT.ENABLE_ICC]: 'true',
      [BRIDGE_OPT.HOST_BINDING_IPV4]: '0.0.0.0',
      [BRIDGE_OPT.ENABLE_IP_MASQUERADE]: 'true',
    },
  };
}

/** The settings that, when changed, require re-creating the network, as one comparable string. */
function fingerprint(pools: IpamConfigSpec[], options: Record<string, string> | undefined): string {
  const p = pools.map((c) => `${c.subnet ?? ''}|${c.ipRange ?? ''}|${c.gateway ?? ''}`);
  return JSON.stringify([p, options ?? {}]);
}

/** The fingerprint of an existing network, from its pools as IPAM holds them. */
function recordedFingerprint(net: NetworkRecord, ipam: Ipam): string {
  const pools = net.pools.flatMap((ref) => ipam.findPool(ref.poolId) ?? []);
  return fingerprint(pools, net.options);
}

/**
 * Ensures `none`, `host` and (unless disabled) `bridge` exist with stable IDs. When the daemon's
 * bridge settings changed, the `bridge` network is re-created under the same ID if nothing is
 * attached; with endpoints attached the old settings stay and a warning says so.
 */
export function ensurePredefinedNetworks(d: PredefinedDeps, bridge: DefaultBridgeConfig): void {
  for (const [name, driver] of [
    ['none', 'null'],
    ['host', 'host'],
  ] as const) {
    if (d.state.findNetworkByName(name) === undefined) {
      d.networks.create({ name, driver }, { predefined: true });
    }
  }
  const existing = d.state.findNetworkByName('bridge');
  if (bridge.disabled) {
    if (existing && d.state.endpointsOfNetwork(existing.id).length === 0)
      d.networks.destroy(existing);
    return;
  }
  const spec = bridgeSpec(bridge);
  if (existing === undefined) {
    d.networks.create(spec, { predefined: true });
    return;
  }
  if (
    recordedFingerprint(existing, d.ipam) === fingerprint(spec.ipam?.config ?? [], spec.options)
  ) {
    return;
  }
  if (d.state.endpointsOfNetwork(existing.id).length > 0) {
    d.logger.warn(
      'default bridge settings changed but containers are attached: keeping the old ones',
    );
    return;
  }
  d.logger.info(
    { bip: bridge.bip, name: bridge.name },
    're-creating the default bridge with new settings',
  );
  d.networks.destroy(existing);
  d.networks.create(spec, { predefined: true, id: existing.id });
}
