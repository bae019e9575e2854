/**
 * libnetwork's `default` IPAM driver on our Store.
 *
 * Every mutating call is one store transaction, so a crash leaves a pool with all of its
 * reserved addresses or nothing, and a lease together with the cursor that produced it.
 *
 * The store is the source of truth; the in-memory index (`PoolState`) is a cache that makes
 * serial allocation fast. Callers may run IPAM calls inside their own store transaction and roll
 * it back (the network manager does), which the cache cannot see. So every decision that could
 * hand out an address twice or let pools overlap is checked against the store: a pool is
 * re-read by id on each call and reloaded when its record changed, `requestPool` re-lists all
 * pools, and each candidate address is looked up before it is leased. A rolled-back lease left
 * in the cache only hides an address until the pool looks full, when the cache is re-read.
 *
 * Exhaustion is `unavailable` (HTTP 503), as libnetwork's `ErrNoAvailableIPs` is a NoService
 * error: the request is valid and may succeed once addresses are released.
 */
import { cidrContains, cidrsOverlap, formatCidr, parseCidr } from '../../common/cidr.js';
import { conflict, EngineError, forbidden, invalid, notFound } from '../../common/errors.js';
import {
  formatIp,
  type IpFamily,
  parseIp,
  parseIpOfFamily,
  tryParseIp,
} from '../../common/ip-address.js';
import type { Store, StoreReader, StoreWriter } from '../../store/store.js';
import {
  DEFAULT_POOLS_V4,
  DEFAULT_POOLS_V6,
  findFreeSubnet,
  type ParsedPoolSpec,
  parsePoolSpecs,
} from './default-pools.js';
import {
  type LeaseRecord,
  leasesBucket,
  POOLS_BUCKET,
  type PoolRecord,
} from './internal/ipam-records.js';
import { type PoolPlan, planPool } from './internal/plan-pool.js';
import { PoolState } from './internal/pool-state.js';
import type { AddressPoolSpec, Ipam, Pool, PoolRequest } from './ipam.js';

/** Options for `DefaultIpam`. */
export interface DefaultIpamOptions {
  /** IPv4 pools to carve automatic subnets from (`--default-address-pool`). @default DEFAULT_POOLS_V4 */
  defaultPools?: readonly AddressPoolSpec[];
  /** IPv6 pools to carve automatic subnets from. @default DEFAULT_POOLS_V6 */
  defaultPoolsV6?: readonly AddressPoolSpec[];
}

function copyPool(pool: Pool): Pool {
  return { ...pool, auxAddresses: { ...pool.auxAddresses }, options: { ...pool.options } };
}

function describeLease(lease: LeaseRecord): string {
  if (lease.purpose === 'aux') return `auxiliary address "${lease.name ?? ''}"`;
  return `the ${lease.purpose} address`;
}

/** The `default` IPAM driver. One instance per store; it loads all pools when constructed. */
export class DefaultIpam implements Ipam {
  private readonly store: Store;
  private readonly defaults: Record<IpFamily, ParsedPoolSpec[]>;
  private readonly pools = new Map<string, PoolState>();

  /**
   * @throws EngineError `invalid` when a default pool spec is malformed.
   */
  constructor(store: Store, options: DefaultIpamOptions = {}) {
    this.store = store;
    this.defaults = {
      4: parsePoolSpecs(options.defaultPools ?? DEFAULT_POOLS_V4, 4),
      6: parsePoolSpecs(options.defaultPoolsV6 ?? DEFAULT_POOLS_V6, 6),
    };
    this.syncPools(store);
  }

  requestPool(req: PoolRequest): Pool {
    if (req.family !== 4 && req.family !== 6) {
      throw invalid(`invalid address family "${String(req.family)}"`);
    }
    const plan = this.store.transaction((tx) => {
      const existing = this.syncPools(tx).filter((p) => p.pool.family === req.family);
      const planned =
        req.subnet === undefined ? this.planDefault(req, existing) : this.planUser(req, existing);
      const record: PoolRecord = { pool: planned.pool };
      tx.put(POOLS_BUCKET, planned.pool.id, record);
      const bucket = leasesBucket(planned.pool.id);
      for (const [value, lease] of planned.reserved) {
        tx.put(bucket, formatIp({ family: req.family, value }), lease);
      }
      return planned;
    });
    const state = new PoolState({ pool: plan.pool }, []);
    for (const value of plan.reserved.keys()) state.add(value);
    this.pools.set(plan.pool.id, state);
    return copyPool(plan.pool);
  }

  releasePool(poolId: string): void {
    this.store.transaction((tx) => {
      const bucket = leasesBucket(poolId);
      for (const { key } of tx.list(bucket)) tx.delete(bucket, key);
      tx.delete(POOLS_BUCKET, poolId);
    });
    this.pools.delete(poolId);
  }

  requestAddress(poolId: string, preferred?: string): string {
    const { state, value, serial } = this.store.transaction((tx) => {
      const pool = this.getPool(poolId, tx);
      return preferred === undefined
        ? { state: pool, value: this.leaseNext(pool, tx), serial: true }
        : { state: pool, value: this.leasePreferred(pool, preferred, tx), serial: false };
    });
    state.add(value);
    if (serial) state.cursor = value;
    return state.key(value);
  }

  /**
   * Idempotent: an address that is not leased, of the other family, outside the subnet or in an
   * unknown pool is already released.
   * @throws EngineError `invalid` for a malformed address; `forbidden` for the gateway, network,
   * broadcast or an auxiliary address, which belong to the pool until `releasePool`.
   */
  releaseAddress(poolId: string, address: string): void {
    const parsed = parseIp(address);
    const released = this.store.transaction((tx) => {
      const state = this.resolve(poolId, tx);
      if (state === undefined || !cidrContains(state.subnet, parsed)) return undefined;
      const bucket = leasesBucket(poolId);
      const key = state.key(parsed.value);
      const lease = tx.get<LeaseRecord>(bucket, key);
      if (lease !== undefined && lease.purpose !== 'endpoint') {
        throw forbidden(
          `Cannot release address "${address}": it is ${describeLease(lease)} of pool "${poolId}"`,
          'ADDRESS_RESERVED',
        );
      }
      if (lease !== undefined) tx.delete(bucket, key);
      return state;
    });
    released?.remove(parsed.value);
  }

  /** Reads the store, not the cache. A malformed address is never allocated: false. */
  isAllocated(poolId: string, address: string): boolean {
    const parsed = tryParseIp(address);
    const state = parsed === undefined ? undefined : this.resolve(poolId, this.store);
    if (parsed === undefined || state === undefined || !cidrContains(state.subnet, parsed)) {
      return false;
    }
    return this.store.get(leasesBucket(poolId), state.key(parsed.value)) !== undefined;
  }

  findPool(poolId: string): Pool | undefined {
    const state = this.resolve(poolId, this.store);
    return state === undefined ? undefined : copyPool(state.pool);
  }

  /** All pools, ordered by id. */
  listPools(): Pool[] {
    return this.syncPools(this.store).map((state) => copyPool(state.pool));
  }

  private planUser(req: PoolRequest, existing: readonly PoolState[]): PoolPlan {
    const text = req.subnet ?? '';
    const subnet = parseCidr(text);
    if (subnet.family !== req.family) {
      throw invalid(`invalid subnet "${text}": not an IPv${req.family} subnet`, 'INVALID_SUBNET');
    }
    const plan = planPool(req, subnet, true);
    const clash = existing.find((p) => cidrsOverlap(p.subnet, subnet));
    if (clash !== undefined) {
      throw forbidden(
        `Pool overlaps with other one on this address space: "${formatCidr(subnet)}" overlaps "${clash.pool.subnet}"`,
        'POOL_OVERLAP',
      );
    }
    return plan;
  }

  private planDefault(req: PoolRequest, existing: readonly PoolState[]): PoolPlan {
    if (req.ipRange || req.gateway || Object.keys(req.auxAddresses ?? {}).length > 0) {
      throw invalid('IPAM config with an IP range, gateway or auxiliary address needs a subnet');
    }
    const avoid = (req.avoid ?? [])
      .map((text) => parseCidr(text, { what: 'CIDR to avoid' }))
      .filter((cidr) => cidr.family === req.family);
    const taken = [...existing.map((p) => p.subnet), ...avoid];
    const subnet = findFreeSubnet(this.defaults[req.family], taken);
    if (subnet === undefined) {
      throw forbidden(
        `could not find an available, non-overlapping IPv${req.family} address pool among the defaults to assign to the network`,
        'NO_AVAILABLE_POOL',
      );
    }
    return planPool({ family: req.family, options: req.options ?? {} }, subnet, false);
  }

  /** Serially next free address after the cursor; re-reads the leases once before giving up. */
  private leaseNext(state: PoolState, tx: StoreWriter): bigint {
    const bucket = leasesBucket(state.pool.id);
    for (let attempt = 0; attempt < 2; attempt++) {
      for (const value of state.freeCandidates()) {
        const key = state.key(value);
        if (tx.get<LeaseRecord>(bucket, key) !== undefined) {
          state.add(value);
          continue;
        }
        tx.put<LeaseRecord>(bucket, key, { purpose: 'endpoint' });
        tx.put<PoolRecord>(POOLS_BUCKET, state.pool.id, { pool: state.pool, cursor: key });
        return value;
      }
      state.resync(tx.list<LeaseRecord>(bucket));
    }
    throw new EngineError(
      'unavailable',
      `no available IPv${state.pool.family} addresses on this network's address pools: ${state.pool.subnet}`,
      { code: 'NO_AVAILABLE_IPS' },
    );
  }

  /** Docker allows a preferred address outside the IP range as long as it is in the subnet. */
  private leasePreferred(state: PoolState, preferred: string, tx: StoreWriter): bigint {
    const address = parseIpOfFamily(preferred, state.pool.family);
    if (!cidrContains(state.subnet, address)) {
      throw invalid(
        `Cannot allocate address "${preferred}": it is not inside subnet "${state.pool.subnet}"`,
        'ADDRESS_OUTSIDE_SUBNET',
      );
    }
    const bucket = leasesBucket(state.pool.id);
    const key = state.key(address.value);
    const lease = tx.get<LeaseRecord>(bucket, key);
    if (lease !== undefined) {
      state.add(address.value);
      const detail = lease.purpose === 'endpoint' ? '' : ` (reserved as ${describeLease(lease)})`;
      throw conflict(
        `Cannot allocate address "${preferred}": Address already in use${detail}`,
        'ADDRESS_IN_USE',
      );
    }
    tx.put<LeaseRecord>(bucket, key, { purpose: 'endpoint' });
    return address.value;
  }

  private getPool(poolId: string, reader: StoreReader): PoolState {
    const state = this.resolve(poolId, reader);
    if (state === undefined) throw notFound(`Cannot find IPAM pool "${poolId}"`, 'POOL_NOT_FOUND');
    return state;
  }

  /** The cached pool, re-validated against its stored record (see the module comment). */
  private resolve(poolId: string, reader: StoreReader): PoolState | undefined {
    const record = reader.get<PoolRecord>(POOLS_BUCKET, poolId);
    if (record === undefined) {
      this.pools.delete(poolId);
      return undefined;
    }
    return this.adopt(record, reader);
  }

  private adopt(record: PoolRecord, reader: StoreReader): PoolState {
    const cached = this.pools.get(record.pool.id);
    if (cached !== undefined && cached.fingerprint === JSON.stringify(record.pool)) return cached;
    const state = new PoolState(record, reader.list<LeaseRecord>(leasesBucket(record.pool.id)));
    this.pools.set(record.pool.id, state);
    return state;
  }

  /** Makes the cache hold exactly the stored pools; returns them ordered by id. */
  private syncPools(reader: StoreReader): PoolState[] {
    const records = reader.list<PoolRecord>(POOLS_BUCKET);
    const ids = new Set(records.map((r) => r.key));
    for (const id of this.pools.keys()) if (!ids.has(id)) this.pools.delete(id);
    return records.map((r) => this.adopt(r.value, reader));
  }
}
