import type { Logger } from 'pino';
import { applySandboxDns } from '../firewall/sandbox-dns.js';
import { DnsServer } from './dns/dns-server.js';
import type { DnsDirectory } from './dns/directory.js';
import { Forwarder } from './dns/upstream.js';
import type { HostOps } from './host-ops.js';
import type { Ipam } from './ipam/ipam.js';
import type { NetworkRecord, SandboxRecord } from './records.js';
import type { NetworkState } from './state.js';

const PREDEFINED = new Set(['bridge', 'host', 'none']);

export interface EmbeddedDnsDeps {
  state: NetworkState;
  ipam: Ipam;
  ops: HostOps;
  logger: Logger;
  directory: DnsDirectory;
  /** Port the resolver listens on at each gateway (53; tests may differ). */
  port?: number;
}

/** Networks that get the embedded resolver: user-defined bridge networks (PouchContainer #2364). */
export function servesDns(net: NetworkRecord): boolean {
  return net.driver === 'bridge' && !PREDEFINED.has(net.name) && net.state === 'ready';
}

/**
 * The embedded DNS of the engine: one UDP socket and one TCP listener per user-defined network,
 * bound on the network's gateway address in the daemon's namespace, and in every sandbox on such
 * a network a redirect of 127.0.0.11:53 to that resolver. No process per network or container.
 */
export class EmbeddedDns {
  private readonly servers = new Map<string, DnsServer>();
  private readonly forwarder = new Forwarder();
  /** Per sandbox: the redirect change being programmed (nft runs in the background). */
  private readonly programming = new Map<string, Promise<void>>();

  constructor(private readonly d: EmbeddedDnsDeps) {}

  private gatewayV4(net: NetworkRecord): string | undefined {
    const ref = net.pools.find((p) => p.family === 4);
    return ref === undefined ? undefined : this.d.ipam.findPool(ref.poolId)?.gateway;
  }

  /** Starts the resolver of every network that needs one (daemon start). */
  async startAll(): Promise<void> {
    for (const net of this.d.state.networks.values()) await this.startNetwork(net);
  }

  async startNetwork(net: NetworkRecord): Promise<void> {
    const address = this.gatewayV4(net);
    if (!servesDns(net) || address === undefined || this.servers.has(net.id)) return;
    const server = new DnsServer();
    try {
      await server.start({
        address,
        port: this.d.port ?? 53,
        networkId: net.id,
        directory: this.d.directory,
        forwarder: this.forwarder,
        logger: this.d.logger,
      });
      this.servers.set(net.id, server);
    } catch (err) {
      this.d.logger.warn(
        { err, network: net.name },
        'cannot start the embedded DNS for the network',
      );
    }
  }

  async stopNetwork(networkId: string): Promise<void> {
    const server = this.servers.get(networkId);
    this.servers.delete(networkId);
    await server?.stop();
  }

  /**
   * Points the sandbox's 127.0.0.11 at the resolver of its first user-defined network (or removes
   * the redirect when it has none left). Called after every connect and disconnect. The nft run
   * happens in the background, in order per sandbox; `settled()` waits for it.
   */
  updateSandbox(sb: SandboxRecord): void {
    if (sb.isHost) return;
    const ep = this.d.state.endpointsOfSandbox(sb.id).find((e) => {
      const net = this.d.state.networks.get(e.networkId);
      return e.state === 'ready' && e.ipv4 !== '' && net !== undefined && servesDns(net);
    });
    const net = ep === undefined ? undefined : this.d.state.networks.get(ep.networkId);
    const gateway = net === undefined ? undefined : this.gatewayV4(net);
    const target =
      ep !== undefined && gateway !== undefined
        ? { gateway, containerIp: ep.ipv4.split('/')[0] ?? '' }
        : undefined;
    const key = target === undefined ? '' : `${target.gateway}>${target.containerIp}`;
    if ((sb.dnsTarget ?? '') === key) return;
    if (target !== undefined) {
      // The redirected query leaves with a loopback source until postrouting rewrites it.
      this.d.ops.writeSysctl(['net', 'ipv4', 'conf', 'all', 'route_localnet'], '1', sb.key);
    }
    sb.dnsTarget = key;
    this.d.state.putSandbox(sb);
    const previous = this.programming.get(sb.id) ?? Promise.resolve();
    const next = previous
      .catch(() => undefined)
      .then(() => applySandboxDns(sb.key, target))
      .catch((err: unknown) => {
        if (this.d.state.sandboxes.get(sb.id)?.state !== 'ready') return; // it went meanwhile
        // Forget the target so the next update programs it again.
        if (sb.dnsTarget === key) {
          delete sb.dnsTarget;
          this.d.state.putSandbox(sb);
        }
        throw err;
      });
    this.programming.set(sb.id, next);
    void next
      .finally(() => {
        if (this.programming.get(sb.id) === next) this.programming.delete(sb.id);
      })
      .catch(() => undefined);
  }

  /** Resolves when the sandbox's DNS redirect is in place; rejects when programming it failed. */
  settled(sandboxId: string): Promise<void> {
    return this.programming.get(sandboxId) ?? Promise.resolve();
  }

  /** Waits for every redirect being programmed (errors are reported by settled()). */
  async settleAll(): Promise<void> {
    await Promise.allSettled([...this.programming.values()]);
  }

  async close(): Promise<void> {
    await this.settleAll();
    for (const id of [...this.servers.keys()]) await this.stopNetwork(id);
    this.forwarder.close();
  }
}
