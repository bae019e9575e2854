/**
 * The in-memory index of one pool: its parsed subnet and allocation range, the set of leased
 * addresses and the serial cursor. A sparse set plus a cursor (not a bitmap) so an IPv6 /64 costs
 * memory per lease, not per address, and serial allocation after the cursor is O(1) amortised:
 * the walk from the cursor passes only addresses leased since it last passed there.
 */
import { cidrLast, type Cidr, parseCidr } from '../../../common/cidr.js';
import { formatIp, type IpAddress, parseIp } from '../../../common/ip-address.js';
import type { StoreEntry } from '../../../store/store.js';
import type { Pool } from '../ipam.js';
import type { LeaseRecord, PoolRecord } from './ipam-records.js';

/** A pool's index. Mutated only after the store transaction that justifies it has committed. */
export class PoolState {
  readonly pool: Pool;
  readonly subnet: Cidr;
  /** First and last address of the allocation range (the IP range, else the whole subnet). */
  readonly first: bigint;
  readonly last: bigint;
  /** Identity of the stored pool this index was built from, to notice a replaced record. */
  readonly fingerprint: string;
  cursor: bigint | undefined;
  private readonly leased = new Set<bigint>();
  private leasedInRange = 0n;

  constructor(record: PoolRecord, leases: readonly StoreEntry<LeaseRecord>[]) {
    this.pool = record.pool;
    this.fingerprint = JSON.stringify(record.pool);
    this.subnet = parseCidr(record.pool.subnet);
    const range = record.pool.ipRange === undefined ? this.subnet : parseCidr(record.pool.ipRange);
    this.first = range.network;
    this.last = cidrLast(range);
    this.cursor = record.cursor === undefined ? undefined : parseIp(record.cursor).value;
    for (const lease of leases) this.add(parseIp(lease.key).value);
  }

  /** Number of addresses in the allocation range. */
  get rangeSize(): bigint {
    return this.last - this.first + 1n;
  }

  /** The address of this pool's family with integer value `value`. */
  address(value: bigint): IpAddress {
    return { family: this.pool.family, value };
  }

  /** Canonical text of `value`, the lease key. */
  key(value: bigint): string {
    return formatIp(this.address(value));
  }

  /** True when the cache holds a lease (of any purpose) on `value`. */
  has(value: bigint): boolean {
    return this.leased.has(value);
  }

  /** Records a lease; idempotent. */
  add(value: bigint): void {
    if (this.leased.has(value)) return;
    this.leased.add(value);
    if (value >= this.first && value <= this.last) this.leasedInRange++;
  }

  /** Forgets a lease; idempotent. */
  remove(value: bigint): void {
    if (!this.leased.delete(value)) return;
    if (value >= this.first && value <= this.last) this.leasedInRange--;
  }

  /** Replaces the leased set with what the store holds (after a caller's rollback). */
  resync(leases: readonly StoreEntry<LeaseRecord>[]): void {
    this.leased.clear();
    this.leasedInRange = 0n;
    for (const lease of leases) this.add(parseIp(lease.key).value);
  }

  /**
   * Addresses of the range not leased here, in serial order starting after the cursor and
   * wrapping once around the range. Yields nothing when every address is leased. The caller
   * stops at the first one it accepts, so a walk costs the leased addresses it skips plus one.
   */
  *freeCandidates(): Generator<bigint> {
    if (this.leasedInRange >= this.rangeSize) return;
    const start =
      this.cursor === undefined || this.cursor < this.first || this.cursor >= this.last
        ? this.first
        : this.cursor + 1n;
    let value = start;
    do {
      if (!this.leased.has(value)) yield value;
      if (this.leasedInRange >= this.rangeSize) return;
      value = value === this.last ? this.first : value + 1n;
    } while (value !== start);
  }
}
