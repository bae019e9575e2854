/**
 * An in-memory {@link DnsDirectory} for tests and benchmarks: records are plain data, askers are
 * keyed by source IP. Scoping mirrors the contract: a record is visible when its network is one of
 * the asker's, under each of its names and `name.network`.
 */
import type { DnsAsker, DnsDirectory } from '../directory.js';

/** A container's presence on one network, as the fake knows it. */
export interface FakeRecord {
  networkId: string;
  /** Network name, for the `name.network` form and PTR answers. */
  networkName: string;
  /** Container name first, then aliases, short ID, link names (all lower-case). */
  names: string[];
  v4?: string;
  v6?: string;
}

/** A fake directory; mutate `records` and `askers` freely between queries. */
export class FakeDirectory implements DnsDirectory {
  /** Askers by source IP (any network). */
  readonly askers = new Map<string, DnsAsker>();
  records: FakeRecord[] = [];
  /** Calls to `asker()`, for assertions. */
  askerCalls = 0;

  asker(_networkId: string, sourceIp: string): DnsAsker | undefined {
    this.askerCalls++;
    return this.askers.get(sourceIp);
  }

  lookup(asker: DnsAsker, name: string): { v4: string[]; v6: string[] } {
    const v4: string[] = [];
    const v6: string[] = [];
    for (const r of this.records) {
      if (!asker.networkIds.includes(r.networkId)) continue;
      if (!r.names.some((n) => n === name || `${n}.${r.networkName}` === name)) continue;
      if (r.v4 !== undefined) v4.push(r.v4);
      if (r.v6 !== undefined) v6.push(r.v6);
    }
    return { v4, v6 };
  }

  reverse(asker: DnsAsker, address: string): string | undefined {
    const r = this.records.find(
      (x) => asker.networkIds.includes(x.networkId) && (x.v4 === address || x.v6 === address),
    );
    return r === undefined ? undefined : `${r.names[0]}.${r.networkName}`;
  }
}

/** An asker on `networkIds` with `upstreams`, not internal unless said. */
export function fakeAsker(
  endpointId: string,
  networkIds: string[],
  o: { upstreams?: string[]; internal?: boolean } = {},
): DnsAsker {
  return { endpointId, networkIds, internal: o.internal ?? false, upstreams: o.upstreams ?? [] };
}
