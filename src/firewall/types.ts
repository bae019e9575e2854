/**
 * The firewall's desired state, as the network layer describes it. The firewall owns one
 * nftables table (`inet pouch`); every object in it is derived from these records, and every
 * change is one atomic `nft` transaction touching only the objects of the records that changed.
 */

export type Protocol = 'tcp' | 'udp' | 'sctp';

/** What one network asks of the firewall (bridge driver options and `Internal`). */
export interface NetworkRules {
  /** Network ID (owner of the network's objects). */
  id: string;
  /** Bridge device name. */
  bridge: string;
  /** IPv4 and IPv6 subnets (CIDR). */
  subnets: string[];
  /** `com.docker.network.bridge.enable_ip_masquerade` (default true). */
  masquerade: boolean;
  /** `com.docker.network.bridge.enable_icc` (default true): containers on the bridge talk. */
  icc: boolean;
  /** `Internal`: no traffic in or out of the bridge except between its own containers. */
  internal: boolean;
}

/** One published port: host side → container side. */
export interface PortMapping {
  /** Endpoint ID that owns the mapping (teardown removes exactly its owner's elements). */
  owner: string;
  proto: Protocol;
  family: 4 | 6;
  /** Host address the port is bound on; '' means every address of the family (0.0.0.0 / ::). */
  hostIp: string;
  hostPort: number;
  containerIp: string;
  containerPort: number;
}

/** Everything the table holds; compiled in full at start and after a repair. */
export interface FirewallState {
  networks: NetworkRules[];
  ports: PortMapping[];
}

/**
 * The engine's firewall. Implementations: `NftFirewall` (nftables) and `NoFirewall`
 * (`--iptables=false`). All methods apply synchronously and atomically: they either change the
 * table completely or throw and change nothing.
 */
export interface Firewall {
  /** Replaces the whole table with the compiled state in one transaction (start, repair). */
  replaceAll(state: FirewallState): void;
  addNetwork(net: NetworkRules): void;
  /** Idempotent. */
  removeNetwork(net: NetworkRules): void;
  /** One transaction for all mappings, however many (a 1,000-port range is one call). */
  addPorts(ports: PortMapping[]): void;
  /** Idempotent; also clears UDP conntrack entries of the removed host ports. */
  removePorts(ports: PortMapping[]): void;
  /**
   * Keeps the table in place: when someone flushes or deletes it, calls `current()` for the
   * state and replaces the table within a second.
   */
  watch(current: () => FirewallState): void;
  close(): void;
}
