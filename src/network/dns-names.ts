import type { DnsAsker, DnsDirectory } from './dns/directory.js';
import type { EndpointRecord } from './records.js';
import type { NetworkState } from './state.js';

const PREDEFINED = new Set(['bridge', 'host', 'none']);
const addr = (cidr: string): string => cidr.split('/')[0] ?? '';

/**
 * A container's --dns servers as the resolver's upstreams. Queries leave from the daemon's
 * namespace, so a loopback server given by a container would reach the host's own loopback
 * services: those are dropped (the host's resolv.conf may still name loopback servers).
 */
function containerUpstreams(dns: string[] | undefined): string[] | undefined {
  const usable = (dns ?? []).filter(
    (ip) => !ip.startsWith('127.') && ip !== '::1' && ip !== '0.0.0.0',
  );
  return usable.length > 0 ? usable : undefined;
}

interface NetworkIndex {
  byIp: Map<string, EndpointRecord>;
  byName: Map<string, EndpointRecord[]>;
  name: string;
  internal: boolean;
}

/**
 * The embedded resolver's view of the controller's records: per user-defined network, who has
 * which address and which names. Rebuilt lazily when endpoints or networks change (a version
 * counter), so a query costs a few map lookups and names follow connects at once.
 */
export class DnsNames implements DnsDirectory {
  private builtAt = -1;
  private index = new Map<string, NetworkIndex>();

  constructor(
    private readonly state: NetworkState,
    private readonly fallbackUpstreams: () => string[],
  ) {}

  private current(): Map<string, NetworkIndex> {
    if (this.builtAt === this.state.endpointVersion) return this.index;
    const index = new Map<string, NetworkIndex>();
    for (const net of this.state.networks.values()) {
      if (net.state !== 'ready' || net.driver !== 'bridge' || PREDEFINED.has(net.name)) continue;
      const entry: NetworkIndex = {
        byIp: new Map(),
        byName: new Map(),
        name: net.name,
        internal: net.internal,
      };
      for (const ep of this.state.endpointsOfNetwork(net.id)) {
        if (ep.state !== 'ready') continue;
        for (const a of [ep.ipv4, ep.ipv6]) if (a !== '') entry.byIp.set(addr(a), ep);
        const names = [ep.containerName, ...ep.aliases]
          .filter((n) => n !== '')
          .map((n) => n.toLowerCase());
        for (const n of new Set(names.flatMap((x) => [x, `${x}.${net.name.toLowerCase()}`]))) {
          const list = entry.byName.get(n) ?? [];
          list.push(ep);
          entry.byName.set(n, list);
        }
      }
      index.set(net.id, entry);
    }
    this.index = index;
    this.builtAt = this.state.endpointVersion;
    return index;
  }

  version(): number {
    return this.state.endpointVersion;
  }

  asker(networkId: string, sourceIp: string): DnsAsker | undefined {
    const idx = this.current();
    const ep = idx.get(networkId)?.byIp.get(sourceIp);
    if (ep === undefined) return undefined;
    const networkIds = this.state
      .endpointsOfSandbox(ep.sandboxId)
      .map((e) => e.networkId)
      .filter((id) => idx.has(id));
    return {
      endpointId: ep.id,
      networkIds,
      internal: networkIds.some((id) => idx.get(id)?.internal === true),
      upstreams: containerUpstreams(ep.dns) ?? this.fallbackUpstreams(),
    };
  }

  lookup(asker: DnsAsker, name: string): { v4: string[]; v6: string[] } {
    const idx = this.current();
    const wanted = name.toLowerCase();
    const links = this.state.endpoints.get(asker.endpointId)?.links ?? {};
    const target = Object.entries(links)
      .find(([alias]) => alias.toLowerCase() === wanted)?.[1]
      ?.toLowerCase();
    const v4 = new Set<string>();
    const v6 = new Set<string>();
    for (const id of asker.networkIds) {
      for (const ep of idx.get(id)?.byName.get(target ?? wanted) ?? []) {
        if (ep.ipv4 !== '') v4.add(addr(ep.ipv4));
        if (ep.ipv6 !== '') v6.add(addr(ep.ipv6));
      }
    }
    return { v4: [...v4], v6: [...v6] };
  }

  reverse(asker: DnsAsker, address: string): string | undefined {
    const idx = this.current();
    for (const id of asker.networkIds) {
      const net = idx.get(id);
      const ep = net?.byIp.get(address);
      if (net !== undefined && ep !== undefined && ep.containerName !== '')
        return `${ep.containerName}.${net.name}`;
    }
    return undefined;
  }
}
