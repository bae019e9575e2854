import type { Store, StoreWriter } from '../store/store.js';
import {
  ENDPOINTS,
  NETWORKS,
  SANDBOXES,
  type EndpointRecord,
  type NetworkRecord,
  type SandboxRecord,
} from './records.js';

/**
 * The network layer's records, cached in memory and written through to the store. The store is
 * the source of truth (loaded once at start); the maps make lookups O(1) on the hot path.
 */
export class NetworkState {
  readonly networks = new Map<string, NetworkRecord>();
  readonly endpoints = new Map<string, EndpointRecord>();
  readonly sandboxes = new Map<string, SandboxRecord>();

  /** Secondary indexes so a connect or disconnect never scans every endpoint. */
  private readonly byNetwork = new Map<string, Set<EndpointRecord>>();
  private readonly bySandbox = new Map<string, Set<EndpointRecord>>();
  private readonly sandboxByContainer = new Map<string, SandboxRecord>();

  constructor(readonly store: Store) {
    for (const { value } of store.list<NetworkRecord>(NETWORKS)) this.networks.set(value.id, value);
    for (const { value } of store.list<EndpointRecord>(ENDPOINTS)) this.index(value);
    for (const { value } of store.list<SandboxRecord>(SANDBOXES)) {
      this.sandboxes.set(value.id, value);
      this.sandboxByContainer.set(value.containerId, value);
    }
  }

  /** Bumped on every endpoint or network change: caches derived from them (DNS names) key on it. */
  endpointVersion = 0;

  private index(rec: EndpointRecord): void {
    this.endpointVersion += 1;
    this.unindex(rec.id);
    this.endpoints.set(rec.id, rec);
    const add = (m: Map<string, Set<EndpointRecord>>, k: string): void => {
      const set = m.get(k) ?? new Set<EndpointRecord>();
      set.add(rec);
      m.set(k, set);
    };
    add(this.byNetwork, rec.networkId);
    add(this.bySandbox, rec.sandboxId);
  }

  private unindex(id: string): void {
    this.endpointVersion += 1;
    const old = this.endpoints.get(id);
    if (old === undefined) return;
    this.endpoints.delete(id);
    this.byNetwork.get(old.networkId)?.delete(old);
    this.bySandbox.get(old.sandboxId)?.delete(old);
  }

  putNetwork(rec: NetworkRecord, tx: StoreWriter = this.store): void {
    this.endpointVersion += 1;
    tx.put(NETWORKS, rec.id, rec);
    this.networks.set(rec.id, rec);
  }

  deleteNetwork(id: string, tx: StoreWriter = this.store): void {
    this.endpointVersion += 1;
    tx.delete(NETWORKS, id);
    this.networks.delete(id);
  }

  putEndpoint(rec: EndpointRecord, tx: StoreWriter = this.store): void {
    tx.put(ENDPOINTS, rec.id, rec);
    this.index(rec);
  }

  deleteEndpoint(id: string, tx: StoreWriter = this.store): void {
    tx.delete(ENDPOINTS, id);
    this.unindex(id);
  }

  putSandbox(rec: SandboxRecord, tx: StoreWriter = this.store): void {
    tx.put(SANDBOXES, rec.id, rec);
    this.sandboxes.set(rec.id, rec);
    this.sandboxByContainer.set(rec.containerId, rec);
  }

  deleteSandbox(id: string, tx: StoreWriter = this.store): void {
    tx.delete(SANDBOXES, id);
    const old = this.sandboxes.get(id);
    this.sandboxes.delete(id);
    if (old !== undefined && this.sandboxByContainer.get(old.containerId) === old) {
      this.sandboxByContainer.delete(old.containerId);
    }
  }

  /** The container's sandbox in O(1) (a container has at most one). */
  findSandboxOf(containerId: string): SandboxRecord | undefined {
    return this.sandboxByContainer.get(containerId);
  }

  endpointsOfNetwork(networkId: string): EndpointRecord[] {
    return [...(this.byNetwork.get(networkId) ?? [])];
  }

  endpointsOfSandbox(sandboxId: string): EndpointRecord[] {
    return [...(this.bySandbox.get(sandboxId) ?? [])];
  }

  findNetworkByName(name: string): NetworkRecord | undefined {
    for (const n of this.networks.values()) if (n.name === name) return n;
    return undefined;
  }
}
