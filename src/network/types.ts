/**
 * Domain types of the CNM layer: networks, endpoints, sandboxes. The API layer converts these
 * to and from Docker's wire shapes (api-types/); nothing here knows about HTTP.
 */

export type NetworkScope = 'local' | 'host' | 'swarm' | 'global';

export interface IpamConfigSpec {
  subnet?: string;
  ipRange?: string;
  gateway?: string;
  auxAddresses?: Record<string, string>;
}

/** What a client asks for when creating a network (already shape-checked by the API schema). */
export interface NetworkSpec {
  name: string;
  /** Defaults to 'bridge'. */
  driver?: string;
  enableIPv6?: boolean;
  internal?: boolean;
  attachable?: boolean;
  ipam?: {
    driver?: string;
    options?: Record<string, string>;
    config?: IpamConfigSpec[];
  };
  options?: Record<string, string>;
  labels?: Record<string, string>;
}

/** An endpoint as listed under a network's `Containers`. */
export interface AttachedEndpointView {
  /** Container (sandbox owner) ID: the key of Docker's `Containers` map. */
  containerId: string;
  /** Container name. */
  name: string;
  endpointId: string;
  macAddress: string;
  /** CIDR or ''. */
  ipv4Address: string;
  /** CIDR or ''. */
  ipv6Address: string;
}

/** A network as the API shows it (Docker's NetworkResource, in domain names). */
export interface NetworkView {
  id: string;
  name: string;
  driver: string;
  scope: NetworkScope;
  /** RFC 3339 with nanoseconds, as Docker prints it. */
  created: string;
  enableIPv6: boolean;
  internal: boolean;
  attachable: boolean;
  /** True for `bridge`, `host`, `none`: created by the daemon, cannot be removed. */
  predefined: boolean;
  ipam: {
    driver: string;
    options: Record<string, string>;
    config: Array<{
      subnet: string;
      ipRange?: string;
      gateway?: string;
      auxAddresses?: Record<string, string>;
    }>;
  };
  options: Record<string, string>;
  labels: Record<string, string>;
  endpoints: AttachedEndpointView[];
}

/** The network operations the API layer needs. Implemented by the CNM controller. */
export interface NetworkService {
  /** Errors: invalid (400), conflict for a duplicate name (409), forbidden for overlaps (403). */
  createNetwork(spec: NetworkSpec): Promise<{ id: string; warning?: string }>;
  /** By exact name, full ID, or unique ID prefix. not_found (404); ambiguous prefix: invalid (400). */
  getNetwork(idOrName: string): NetworkView;
  listNetworks(): NetworkView[];
  /** forbidden (403) for predefined networks or ones with active endpoints (`has active endpoints`). */
  removeNetwork(idOrName: string): Promise<void>;
  /** Removes every unused user-defined network for which `select` is true; returns their names. */
  pruneNetworks(select: (n: NetworkView) => boolean): Promise<string[]>;
}
