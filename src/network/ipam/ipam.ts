/**
 * The IPAM contract (libnetwork's ipamapi, trimmed): pools are subnets reserved for one network,
 * addresses are leases inside a pool. The `default` driver (`default-ipam.ts`) persists every
 * pool and lease in the Store inside one transaction per call, so an address is never handed out
 * twice — neither to concurrent requests (the daemon's JS thread serialises them) nor across
 * restarts (the store is the source of truth, reloaded at start).
 */
export interface PoolRequest {
  family: 4 | 6;
  /** User-configured subnet (CIDR). Undefined: choose one from the default address pools. */
  subnet?: string;
  /** Sub-range (CIDR inside `subnet`) from which container addresses are taken. */
  ipRange?: string;
  /** Gateway address (inside `subnet`). Undefined: the first usable address of the subnet. */
  gateway?: string;
  /** name → address reserved so it is never given to an endpoint (Docker's AuxiliaryAddresses). */
  auxAddresses?: Record<string, string>;
  /** IPAM driver options, stored verbatim. */
  options?: Record<string, string>;
  /**
   * CIDRs an automatically chosen subnet must not overlap: the host's routes and addresses.
   * Existing pools are always avoided.
   */
  avoid?: string[];
}

export interface Pool {
  id: string;
  family: 4 | 6;
  subnet: string;
  ipRange?: string;
  /** Gateway address without prefix. */
  gateway: string;
  auxAddresses: Record<string, string>;
  options: Record<string, string>;
  /** True when the subnet came from the user rather than the default pools. */
  userConfigured: boolean;
}

/** Default pools as Docker has them when `--default-address-pool` is not given. */
export interface AddressPoolSpec {
  /** CIDR to carve subnets from. */
  base: string;
  /** Prefix length of each subnet carved from `base`. */
  size: number;
}

export interface Ipam {
  /**
   * Reserves a subnet (given or chosen) with its gateway and auxiliary addresses.
   * Errors: `invalid` for malformed or inconsistent input (subnet, range outside subnet, gateway
   * outside subnet, …), `forbidden` when the subnet overlaps an existing pool or no default pool is
   * left.
   */
  requestPool(req: PoolRequest): Pool;
  /** Idempotent. Drops the pool and all its leases. */
  releasePool(poolId: string): void;
  /**
   * Leases an address: `preferred` (must be inside the subnet and free, else `invalid`/`conflict`)
   * or the next free one in the range, serially after the last one handed out (as Docker does, so
   * a released address is not reused at once). Returns the address without prefix.
   */
  requestAddress(poolId: string, preferred?: string): string;
  /** Idempotent. */
  releaseAddress(poolId: string, address: string): void;
  /** True when the address is leased in that pool (gateway and aux addresses count as leased). */
  isAllocated(poolId: string, address: string): boolean;
  findPool(poolId: string): Pool | undefined;
  listPools(): Pool[];
}
