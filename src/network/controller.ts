import { join } from 'node:path';
import type { Logger } from 'pino';
import { notFound } from '../common/errors.js';
import type { Store } from '../store/store.js';
import { EndpointManager, type EndpointRequest } from './endpoint-manager.js';
import type { Firewall } from '../firewall/types.js';
import { firewallState } from './firewall-rules.js';
import { DnsNames } from './dns-names.js';
import { EmbeddedDns } from './embedded-dns.js';
import type { HostOps } from './host-ops.js';
import { readEphemeralRange, readHostListeners } from './ports/host-listeners.js';
import { PortAllocator } from './ports/port-allocator.js';
import type { Ipam } from './ipam/ipam.js';
import { getNetworkRecord } from './network-lookup.js';
import { NetworkManager } from './network-manager.js';
import { toNetworkView } from './network-view.js';
import { ensurePredefinedNetworks, type DefaultBridgeConfig } from './predefined.js';
import { reconcile, type ReconcileReport } from './reconcile.js';
import type { EndpointRecord, SandboxRecord } from './records.js';
import { SandboxManager } from './sandbox-manager.js';
import { NetworkState } from './state.js';
import type { NetworkService, NetworkSpec, NetworkView } from './types.js';

export interface ControllerOptions {
  store: Store;
  ipam: Ipam;
  ops: HostOps;
  logger: Logger;
  /** `--exec-root-dir`: sandboxes are bind-mounted under `<execRoot>/netns`. */
  execRoot: string;
  defaultBridge: DefaultBridgeConfig;
  /** The engine's firewall; none (no rules at all) when absent, as with `--iptables=false`. */
  firewall?: Firewall;
  /** The embedded DNS on user-defined networks; off when absent. */
  embeddedDns?: { upstreams: () => string[]; port?: number };
}

/**
 * The CNM controller: the only door into networking. It owns the records (networks, endpoints,
 * sandboxes), delegates device work to drivers and addresses to IPAM, and at start reconciles
 * store and kernel before anything else may use it.
 */
export class NetworkController implements NetworkService {
  readonly state: NetworkState;
  private readonly networks: NetworkManager;
  private readonly endpoints: EndpointManager;
  private readonly sandboxes: SandboxManager;
  private readonly ports: PortAllocator;
  private dns: EmbeddedDns | undefined;
  readonly startupReport: ReconcileReport;

  constructor(private readonly o: ControllerOptions) {
    this.state = new NetworkState(o.store);
    const base = { state: this.state, ipam: o.ipam, ops: o.ops, logger: o.logger };
    const fw = o.firewall === undefined ? {} : { firewall: o.firewall };
    this.ports = new PortAllocator({
      hostListeners: readHostListeners,
      ephemeralRange: readEphemeralRange(),
    });
    this.ports.reserve(firewallState(this.state, o.ipam).ports);
    // The table is replaced first, from the records, so every later delta finds it in place.
    o.firewall?.replaceAll(firewallState(this.state, o.ipam));
    this.networks = new NetworkManager({ ...base, ...fw, hostPrefixes: () => this.hostPrefixes() });
    this.endpoints = new EndpointManager({ ...base, ...fw, ports: this.ports });
    const netnsDir = join(o.execRoot, 'netns');
    this.sandboxes = new SandboxManager({ ...base, netnsDir });
    this.startupReport = reconcile({
      ...base,
      networks: this.networks,
      endpoints: this.endpoints,
      sandboxes: this.sandboxes,
      netnsDir,
    });
    ensurePredefinedNetworks({ ...base, networks: this.networks }, o.defaultBridge);
    o.firewall?.watch(() => firewallState(this.state, o.ipam));
    if (o.embeddedDns !== undefined) {
      const directory = new DnsNames(this.state, o.embeddedDns.upstreams);
      this.dns = new EmbeddedDns({
        ...base,
        directory,
        ...(o.embeddedDns.port ? { port: o.embeddedDns.port } : {}),
      });
    }
  }

  /** Starts the embedded resolvers of existing networks (after construction, before serving). */
  async startDns(): Promise<void> {
    await this.dns?.startAll();
  }

  /** Resolves when the background work queued so far (link deletions, DNS redirects) is done. */
  async settle(): Promise<void> {
    await this.dns?.settleAll();
    await this.o.ops.settle();
  }

  /**
   * Resolves when what connect/disconnect started in the background for the sandbox and that its
   * processes depend on (the 127.0.0.11 redirect) is in place; rejects when it failed.
   */
  sandboxSettled(sandboxId: string): Promise<void> {
    return this.dns?.settled(sandboxId) ?? Promise.resolve();
  }

  async close(): Promise<void> {
    await this.dns?.close();
  }

  /** Routes and addresses of the host: an automatic subnet must not overlap them. */
  private hostPrefixes(): string[] {
    const out: string[] = [];
    for (const family of [4, 6] as const) {
      for (const r of this.o.ops.host.listRoutes(family)) if (r.dst !== undefined) out.push(r.dst);
    }
    for (const a of this.o.ops.host.listAddresses()) out.push(`${a.address}/${a.prefixLength}`);
    return out;
  }

  async createNetwork(spec: NetworkSpec): Promise<{ id: string; warning?: string }> {
    const net = this.networks.create(spec);
    await this.dns?.startNetwork(net);
    return { id: net.id };
  }

  getNetwork(idOrName: string): NetworkView {
    return toNetworkView(getNetworkRecord(this.state, idOrName), this.state, this.o.ipam);
  }

  /** The ID and name of a network (by name, ID or prefix) without building its full view. */
  resolveNetwork(idOrName: string): { id: string; name: string } {
    const net = getNetworkRecord(this.state, idOrName);
    return { id: net.id, name: net.name };
  }

  listNetworks(): NetworkView[] {
    return [...this.state.networks.values()]
      .filter((n) => n.state === 'ready')
      .map((n) => toNetworkView(n, this.state, this.o.ipam));
  }

  async removeNetwork(idOrName: string): Promise<void> {
    const net = this.networks.remove(idOrName);
    await this.dns?.stopNetwork(net.id);
  }

  async pruneNetworks(select: (n: NetworkView) => boolean): Promise<string[]> {
    const removed: string[] = [];
    for (const view of this.listNetworks()) {
      if (view.predefined || view.endpoints.length > 0 || !select(view)) continue;
      this.networks.remove(view.id);
      await this.dns?.stopNetwork(view.id);
      removed.push(view.name);
    }
    return removed;
  }

  /** A new sandbox (network namespace) for a container; `host` shares the daemon's namespace. */
  createSandbox(containerId: string, opts: { host?: boolean } = {}): SandboxRecord {
    return this.sandboxes.create(containerId, opts);
  }

  findSandbox(containerId: string): SandboxRecord | undefined {
    return this.sandboxes.findByContainer(containerId);
  }

  /** Removes every endpoint of the sandbox, then its namespace. Idempotent. */
  removeSandbox(sandboxId: string): void {
    const sb = this.state.sandboxes.get(sandboxId);
    if (sb === undefined) return;
    // Marked first, so the drivers know the namespace goes too and need not tidy inside it.
    this.sandboxes.markRemoving(sb);
    for (const ep of this.state.endpointsOfSandbox(sb.id)) this.endpoints.remove(ep);
    this.sandboxes.destroy(sb);
  }

  /** Creates an endpoint on the network and joins it to the sandbox (hot-plug when running). */
  connect(sandboxId: string, networkRef: string, req: EndpointRequest = {}): EndpointRecord {
    const sb = this.sandboxes.get(sandboxId);
    const ep = this.endpoints.connect(sb, networkRef, req);
    this.dns?.updateSandbox(sb);
    return ep;
  }

  /** Validates an endpoint request against the network without making anything. */
  validateEndpointRequest(networkRef: string, req: EndpointRequest): void {
    this.endpoints.validateRequest(getNetworkRecord(this.state, networkRef), req);
  }

  /** Leaves and deletes the sandbox's endpoint on the network; the other endpoints stay. */
  disconnect(sandboxId: string, networkRef: string): EndpointRecord {
    const sb = this.sandboxes.get(sandboxId);
    const ep = this.endpoints.disconnect(sb, networkRef);
    this.dns?.updateSandbox(sb);
    return ep;
  }

  /**
   * `network disconnect -f` of a container that no longer exists: removes the network's
   * endpoints whose container ID or name matches, wherever they were left.
   */
  forceDisconnect(networkRef: string, containerRef: string): void {
    const net = getNetworkRecord(this.state, networkRef);
    const stale = this.state
      .endpointsOfNetwork(net.id)
      .filter((e) => e.containerName === containerRef || e.containerId.startsWith(containerRef));
    if (stale.length === 0) throw notFound(`No such container: ${containerRef}`);
    for (const ep of stale) this.endpoints.remove(ep);
  }

  endpointsOf(sandboxId: string): EndpointRecord[] {
    return this.state.endpointsOfSandbox(sandboxId).filter((e) => e.state === 'ready');
  }
}
