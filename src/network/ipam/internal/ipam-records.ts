/**
 * How the default IPAM driver lays out its state in the Store. Changing a shape here changes
 * what is on disk: add fields as optional, never rename.
 *
 *   ipam/pools              poolId  → PoolRecord (the pool and its allocation cursor)
 *   ipam/leases/<poolId>    address → LeaseRecord (canonical text: `10.0.0.2`, `fd00::2`)
 *
 * Reserved addresses (network, broadcast, gateway, auxiliary) are leases too, so "is this
 * address taken" is one lookup whatever took it.
 */
import type { Pool } from '../ipam.js';

/** Bucket of pool records, keyed by pool id. */
export const POOLS_BUCKET = 'ipam/pools';

/** Bucket of one pool's leases, keyed by address. */
export function leasesBucket(poolId: string): string {
  return `ipam/leases/${poolId}`;
}

/** Why an address is taken; only `endpoint` leases may be released with `releaseAddress`. */
export type LeasePurpose = 'endpoint' | 'gateway' | 'aux' | 'network' | 'broadcast';

/** One leased address. */
export interface LeaseRecord {
  purpose: LeasePurpose;
  /** The auxiliary address's name, for `aux` leases. */
  name?: string;
}

/** One pool as stored. */
export interface PoolRecord {
  pool: Pool;
  /** Last address handed out serially; the next search starts after it. */
  cursor?: string;
}
