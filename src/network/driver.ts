import type { HostOps } from './host-ops.js';
import type { EndpointRecord, NetworkRecord, SandboxRecord } from './records.js';

/** What a driver declares about itself (data, never probed at call time). */
export interface DriverCapabilities {
  /** Networks of this driver get IPAM pools and endpoints get addresses. */
  readonly usesIpam: boolean;
  /** Only one network of this driver may exist (`host`, `null`). */
  readonly singleton: boolean;
  /** Endpoints of this driver live in the host namespace instead of a sandbox of their own. */
  readonly hostNamespace: boolean;
}

/**
 * A network driver: libnetwork's driverapi and netavark's NetworkDriver trait, trimmed to what
 * the controller calls. Every method but `validateOptions` changes the host; removal methods are
 * idempotent (they succeed when the object is already gone, also when the sandbox is gone).
 */
export interface NetworkDriver {
  readonly name: string;
  readonly capabilities: DriverCapabilities;
  /** Strict allowlist check of `options` at create. Throws EngineError('invalid'). Pure. */
  validateOptions(options: Record<string, string>): void;
  /**
   * Decides, from the host's current state, what `createNetwork` will make (e.g. sets
   * `net.bridge` to the device name and whether it must be created or adopted). Runs before the
   * record is persisted as `creating`, so a crash during `createNetwork` can be undone exactly.
   */
  prepareNetwork(net: NetworkRecord, ops: HostOps): void;
  /** Makes the network's host objects; undoes its own partial work when it fails. */
  createNetwork(net: NetworkRecord, ops: HostOps, gateways: GatewayAddresses): void;
  /** Removes what `createNetwork` made (an adopted device only loses our addresses). */
  deleteNetwork(net: NetworkRecord, ops: HostOps, gateways: GatewayAddresses): void;
  /** Plugs the endpoint into the sandbox: interface, addresses, routes. */
  join(net: NetworkRecord, ep: EndpointRecord, sb: SandboxRecord, ops: HostOps): void;
  /** Unplugs it; must work when the sandbox namespace no longer exists. */
  leave(net: NetworkRecord, ep: EndpointRecord, sb: SandboxRecord | undefined, ops: HostOps): void;
}

/** The gateway addresses (CIDR) the network's pools reserved, per family. */
export interface GatewayAddresses {
  v4?: string;
  v6?: string;
}
