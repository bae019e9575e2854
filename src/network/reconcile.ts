import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Logger } from 'pino';
import { getDriver } from './drivers/registry.js';
import type { EndpointManager } from './endpoint-manager.js';
import type { HostOps } from './host-ops.js';
import type { Ipam } from './ipam/ipam.js';
import type { NetworkManager } from './network-manager.js';
import { gatewaysOf } from './network-view.js';
import type { SandboxManager } from './sandbox-manager.js';
import type { NetworkState } from './state.js';

export interface ReconcileDeps {
  state: NetworkState;
  ipam: Ipam;
  ops: HostOps;
  logger: Logger;
  networks: NetworkManager;
  endpoints: EndpointManager;
  sandboxes: SandboxManager;
  netnsDir: string;
}

/** What a reconcile pass changed, for the log and for tests. */
export interface ReconcileReport {
  restoredNetworks: number;
  removedNetworks: number;
  removedEndpoints: number;
  rejoinedEndpoints: number;
  removedSandboxes: number;
  removedNetns: number;
  removedLinks: number;
  releasedPools: number;
}

/**
 * Brings store and kernel back into agreement at start (design principle 1): undoes every
 * half-made object a crash left (`creating`/`removing` records), re-creates what a reboot removed
 * for networks that are recorded, and deletes kernel objects in the engine's own space (its netns
 * directory, veths on its bridges) that no record owns. It never touches anything it cannot prove
 * is its own.
 */
export function reconcile(d: ReconcileDeps): ReconcileReport {
  const r: ReconcileReport = {
    restoredNetworks: 0,
    removedNetworks: 0,
    removedEndpoints: 0,
    rejoinedEndpoints: 0,
    removedSandboxes: 0,
    removedNetns: 0,
    removedLinks: 0,
    releasedPools: 0,
  };
  reconcileSandboxes(d, r);
  reconcileNetworks(d, r);
  reconcileEndpoints(d, r);
  removeOrphanNetns(d, r);
  removeOrphanVeths(d, r);
  releaseOrphanPools(d, r);
  d.logger.info(r, 'reconciled network state with the kernel');
  return r;
}

function reconcileSandboxes(d: ReconcileDeps, r: ReconcileReport): void {
  for (const sb of [...d.state.sandboxes.values()]) {
    const alive = sb.state === 'ready' && (sb.isHost || d.ops.netns.isMounted(sb.key));
    if (alive) continue;
    for (const ep of d.state.endpointsOfSandbox(sb.id)) {
      d.endpoints.remove(ep);
      r.removedEndpoints += 1;
    }
    d.sandboxes.destroy(sb);
    r.removedSandboxes += 1;
  }
}

function reconcileNetworks(d: ReconcileDeps, r: ReconcileReport): void {
  for (const net of [...d.state.networks.values()]) {
    if (net.state !== 'ready') {
      d.networks.destroy(net);
      r.removedNetworks += 1;
      continue;
    }
    // Idempotent: adopts what exists, re-creates what a reboot removed (PouchContainer #2618).
    getDriver(net.driver).createNetwork(net, d.ops, gatewaysOf(net, d.ipam));
    r.restoredNetworks += 1;
  }
}

function reconcileEndpoints(d: ReconcileDeps, r: ReconcileReport): void {
  // One dump instead of one lookup per endpoint (a restart with 1,000 containers).
  const present = new Set(d.ops.host.listLinks().map((l) => l.name));
  for (const ep of [...d.state.endpoints.values()]) {
    const sb = d.state.sandboxes.get(ep.sandboxId);
    const net = d.state.networks.get(ep.networkId);
    if (ep.state !== 'ready' || sb === undefined || net === undefined) {
      d.endpoints.remove(ep);
      r.removedEndpoints += 1;
      continue;
    }
    if (ep.hostIfName === '' || present.has(ep.hostIfName)) continue;
    // The sandbox lives but its veth is gone (bridge re-created, link deleted by hand): plug again.
    try {
      getDriver(net.driver).join(net, ep, sb, d.ops);
      r.rejoinedEndpoints += 1;
    } catch (err) {
      d.logger.warn({ err, endpoint: ep.id }, 'cannot restore endpoint; removing it');
      d.endpoints.remove(ep);
      r.removedEndpoints += 1;
    }
  }
}

function removeOrphanNetns(d: ReconcileDeps, r: ReconcileReport): void {
  let names: string[];
  try {
    names = readdirSync(d.netnsDir);
  } catch {
    return;
  }
  const owned = new Set([...d.state.sandboxes.values()].map((s) => s.key));
  for (const name of names) {
    const path = join(d.netnsDir, name);
    if (owned.has(path)) continue;
    d.ops.netns.remove(path);
    r.removedNetns += 1;
  }
}

function removeOrphanVeths(d: ReconcileDeps, r: ReconcileReport): void {
  const links = d.ops.host.listLinks();
  const ourBridges = new Set<number>();
  for (const net of d.state.networks.values()) {
    // Only devices the engine made: an adopted bridge may carry the user's own ports.
    const br = net.bridge?.created && links.find((l) => l.name === net.bridge?.name);
    if (br) ourBridges.add(br.index);
  }
  const owned = new Set([...d.state.endpoints.values()].map((e) => e.hostIfName));
  for (const link of links) {
    if (link.kind !== 'veth' || link.masterIndex === undefined) continue;
    if (!ourBridges.has(link.masterIndex) || owned.has(link.name)) continue;
    d.ops.host.deleteLink(link.index);
    r.removedLinks += 1;
  }
}

function releaseOrphanPools(d: ReconcileDeps, r: ReconcileReport): void {
  const owned = new Set(
    [...d.state.networks.values()].flatMap((n) => n.pools.map((p) => p.poolId)),
  );
  for (const pool of d.ipam.listPools()) {
    if (owned.has(pool.id)) continue;
    d.ipam.releasePool(pool.id);
    r.releasedPools += 1;
  }
}
