import { conflict, EngineError } from '../../../common/errors.js';
import { macFromIpv4 } from '../../../common/mac.js';
import type { LinkInfo, Rtnl } from '../../../kernel/types.js';
import type { GatewayAddresses, NetworkDriver } from '../../driver.js';
import { trySysctl, withSandbox, type HostOps } from '../../host-ops.js';
import type { EndpointRecord, NetworkRecord, SandboxRecord } from '../../records.js';
import { UndoStack } from '../../undo-stack.js';
import { parseBridgeOptions } from './bridge-options.js';

/** Default MTU of a network that sets none (Docker's). */
const DEFAULT_MTU = 1500;

/** The device name of a bridge network: the option, else `br-<id[:12]>` as Docker names it. */
export function bridgeNameOf(net: Pick<NetworkRecord, 'id' | 'options'>): string {
  return parseBridgeOptions(net.options).bridgeName ?? `br-${net.id.slice(0, 12)}`;
}

function getBridge(ops: HostOps, net: NetworkRecord): LinkInfo {
  const name = net.bridge?.name ?? bridgeNameOf(net);
  const link = ops.host.findLink(name);
  if (link === undefined) {
    throw new EngineError('unavailable', `bridge "${name}" of network "${net.name}" is missing`, {
      code: 'BRIDGE_MISSING',
    });
  }
  return link;
}

/** Adds an address unless the link already has it (adopting after a restart is not an error). */
function ensureAddress(rtnl: Rtnl, index: number, cidr: string): boolean {
  const [address, prefix] = cidr.split('/');
  const have = rtnl
    .listAddresses(index)
    .some((a) => a.address === address && String(a.prefixLength) === prefix);
  if (!have) rtnl.addAddress(index, cidr);
  return !have;
}

function createNetwork(net: NetworkRecord, ops: HostOps, gateways: GatewayAddresses): void {
  const opts = parseBridgeOptions(net.options);
  const name = net.bridge?.name ?? bridgeNameOf(net);
  bridgeCache(ops).delete(name);
  UndoStack.run((undo) => {
    let link = ops.host.findLink(name);
    if (link !== undefined && link.kind !== 'bridge') {
      throw conflict(
        `Cannot create bridge "${name}": a link of kind "${link.kind ?? 'device'}" has that name`,
      );
    }
    if (link === undefined) {
      const gw4 = gateways.v4?.split('/')[0];
      link = ops.host.createBridge({
        name,
        mtu: opts.mtu ?? DEFAULT_MTU,
        mac: gw4 && macFromIpv4(gw4),
      });
      undo.push(`bridge ${name}`, () => ops.host.deleteLink(name));
    } else if (opts.mtu !== undefined && link.mtu !== opts.mtu) {
      ops.host.setLink(link.index, { mtu: opts.mtu });
    }
    const index = link.index;
    // No router advertisements on a bridge we route for; no IPv6 at all on an IPv4-only network.
    trySysctl(ops, ['net', 'ipv6', 'conf', name, 'accept_ra'], '0');
    trySysctl(ops, ['net', 'ipv6', 'conf', name, 'disable_ipv6'], net.enableIPv6 ? '0' : '1');
    // Lets host → 127.0.0.1:<published port> be DNATed out of the bridge (no userland proxy).
    trySysctl(ops, ['net', 'ipv4', 'conf', name, 'route_localnet'], '1');
    for (const cidr of [gateways.v4, gateways.v6]) {
      if (cidr !== undefined && ensureAddress(ops.host, index, cidr)) {
        undo.push(`address ${cidr} on ${name}`, () => ops.host.deleteAddress(index, cidr));
      }
    }
    ops.host.setLink(index, { up: true });
  });
}

function deleteNetwork(net: NetworkRecord, ops: HostOps, gateways: GatewayAddresses): void {
  const name = net.bridge?.name ?? bridgeNameOf(net);
  bridgeCache(ops).delete(name);
  if (net.bridge?.created !== false) {
    ops.host.deleteLink(name);
    return;
  }
  // An adopted device belongs to the user: take back only our addresses.
  const link = ops.host.findLink(name);
  if (link === undefined) return;
  for (const cidr of [gateways.v4, gateways.v6]) {
    if (cidr !== undefined) ops.host.deleteAddress(link.index, cidr);
  }
}

/**
 * The bridge devices joins have used, per HostOps (tests run several "hosts" in one process):
 * bridge name → link, so a connect does not look the bridge up every time. An entry goes stale
 * when someone deletes the bridge and it is made again (new index); the kernel then refuses the
 * veth's master and the join looks the bridge up afresh and retries once.
 */
const knownBridges = new WeakMap<HostOps, Map<string, LinkInfo>>();

function bridgeCache(ops: HostOps): Map<string, LinkInfo> {
  let cache = knownBridges.get(ops);
  if (cache === undefined) {
    cache = new Map();
    knownBridges.set(ops, cache);
  }
  return cache;
}

function join(net: NetworkRecord, ep: EndpointRecord, sb: SandboxRecord, ops: HostOps): void {
  const opts = parseBridgeOptions(net.options);
  const cache = bridgeCache(ops);
  const name = net.bridge?.name ?? bridgeNameOf(net);
  UndoStack.run((undo) => {
    // One RTM_NEWLINK: the peer is born in the sandbox, named, with its MAC; the host end is
    // enslaved and up. The host never sees a half-made pair.
    const plug = (bridge: LinkInfo): void => {
      ops.host.createVeth({
        name: ep.hostIfName,
        peerName: ep.ifName,
        peerNetnsPath: sb.key,
        masterIndex: bridge.index,
        mtu: opts.mtu ?? bridge.mtu,
        peerMac: ep.mac,
        up: true,
      });
      cache.set(name, bridge);
    };
    const known = cache.get(name);
    if (known === undefined) {
      plug(getBridge(ops, net));
    } else {
      try {
        plug(known);
      } catch {
        cache.delete(name);
        plug(getBridge(ops, net));
      }
    }
    undo.push(`veth ${ep.hostIfName}`, () => ops.host.deleteLink(ep.hostIfName));
    // Sandboxes are made with IPv6 off for new interfaces (SandboxManager.create), so only an
    // endpoint with an IPv6 address needs a sysctl write here.
    if (ep.ipv6 !== '') {
      trySysctl(ops, ['net', 'ipv6', 'conf', ep.ifName, 'disable_ipv6'], '0', sb.key);
    }
    withSandbox(ops, sb.key, (rtnl) => configureInside(rtnl, ep));
  });
}

function configureInside(rtnl: Rtnl, ep: EndpointRecord): void {
  const link = rtnl.findLink(ep.ifName);
  if (link === undefined) {
    throw new EngineError('internal', `interface "${ep.ifName}" did not appear in the sandbox`);
  }
  if (ep.ipv4 !== '') rtnl.addAddress(link.index, ep.ipv4);
  if (ep.ipv6 !== '') rtnl.addAddress(link.index, ep.ipv6);
  rtnl.setLink(link.index, { up: true });
  if (ep.providesDefaultRoute) addDefaultRoutes(rtnl, ep, link.index);
}

/** Adds the default route(s) through this endpoint's gateway(s). */
export function addDefaultRoutes(rtnl: Rtnl, ep: EndpointRecord, oif: number): void {
  if (ep.gatewayV4 !== '') rtnl.addRoute({ family: 4, gateway: ep.gatewayV4, oif });
  if (ep.gatewayV6 !== '') rtnl.addRoute({ family: 6, gateway: ep.gatewayV6, oif });
}

function leave(
  _net: NetworkRecord,
  ep: EndpointRecord,
  sb: SandboxRecord | undefined,
  ops: HostOps,
): void {
  if (ep.hostIfName === '') return;
  // Deleting the pair blocks in the kernel for tens of ms (the unregister waits for RCU), so it is
  // done in the background. Until then the pair must be inert and out of the way:
  // - inside a sandbox that stays (disconnect), the container end goes down, which takes its
  //   routes, and is renamed so the next connect can use its ethN again;
  // - the bridge must stop forwarding to the old port and forget the MACs it learned there (a
  //   container reconnected with the same address and MAC is reachable at once). The container
  //   end going down does that already: the host end loses carrier and the bridge disables the
  //   port. Otherwise the host end is downed here.
  // When the sandbox namespace is gone the pair went with it and all of this is a no-op.
  const retired =
    sb !== undefined && sb.state === 'ready' && !sb.isHost && retireInside(ops, sb, ep);
  if (!retired) {
    const host = ops.host.findLink(ep.hostIfName);
    if (host === undefined) return;
    ops.host.setLink(host.index, { up: false });
  }
  ops.deleteLinkLater(ep.hostIfName);
}

/**
 * Downs the container end and renames it out of the ethN namespace (`old` + endpoint ID).
 * False when there was nothing to retire (the interface or the namespace is gone).
 */
function retireInside(ops: HostOps, sb: SandboxRecord, ep: EndpointRecord): boolean {
  try {
    return withSandbox(ops, sb.key, (rtnl) => {
      const link = rtnl.findLink(ep.ifName);
      if (link === undefined) return false;
      rtnl.setLink(link.index, { up: false });
      rtnl.setLink(link.index, { name: `old${ep.id.slice(0, 12)}` });
      return true;
    });
  } catch (err) {
    // The namespace went away meanwhile (the container died): nothing left to retire.
    if (!(err instanceof EngineError && err.kind === 'not_found')) throw err;
    return false;
  }
}

/** The Linux bridge driver: one bridge per network, one veth pair per endpoint. */
export const bridgeDriver: NetworkDriver = {
  name: 'bridge',
  capabilities: { usesIpam: true, singleton: false, hostNamespace: false },
  validateOptions(options) {
    parseBridgeOptions(options);
  },
  prepareNetwork(net, ops) {
    const name = bridgeNameOf(net);
    net.bridge = { name, created: ops.host.findLink(name) === undefined };
  },
  createNetwork,
  deleteNetwork,
  join,
  leave,
};
