/**
 * The kernel layer's public face. Everything above `kernel/` talks to links, addresses, routes,
 * namespaces and sysctls only through these types. Implementations use rtnetlink through the
 * in-project N-API addon (native/), never an `ip` process.
 *
 * All calls are synchronous: one rtnetlink round trip costs 20–120 µs (docs/kernel-api §4),
 * far less than the bookkeeping of a promise per call. Netlink sockets have a receive timeout
 * so a lost reply becomes an error, not a hang.
 *
 * Errors: a kernel error becomes a `KernelError` (see kernel/kernel-error.ts), an EngineError
 * whose kind follows the errno (EEXIST→conflict, ENOENT/ENODEV→not_found, EPERM→forbidden,
 * EINVAL→invalid, else internal) and which carries `errno`, `syscall`/operation and the
 * kernel's extended-ack message when there is one.
 */

/** A network interface as rtnetlink reports it. */
export interface LinkInfo {
  index: number;
  name: string;
  /** IFLA_INFO_KIND: 'bridge', 'veth', 'dummy', … (undefined for loopback and physical devices). */
  kind?: string;
  mtu: number;
  /** Lower-case colon-separated MAC, '' when the link has none. */
  mac: string;
  /** IFF_UP is set. */
  up: boolean;
  /** IFLA_MASTER: index of the bridge this link is a port of. */
  masterIndex?: number;
  /** IFLA_LINK: for a veth, the peer's index (in the peer's namespace). */
  linkIndex?: number;
}

export interface AddressInfo {
  index: number;
  family: 4 | 6;
  address: string;
  prefixLength: number;
}

export interface RouteInfo {
  family: 4 | 6;
  /** CIDR, or undefined for the default route. */
  dst?: string;
  gateway?: string;
  oif?: number;
  table: number;
  /** RT_SCOPE_* number. */
  scope: number;
  /** RTPROT_* number. */
  protocol: number;
  /** RTN_* number (1 = unicast). */
  type?: number;
  /** RTA_PRIORITY, when the route has one. */
  metric?: number;
}

export interface CreateBridgeOptions {
  name: string;
  mtu?: number;
  mac?: string;
}

export interface CreateVethOptions {
  /** Host-side name (≤ 15 bytes). */
  name: string;
  /** Name of the peer, given in the peer's namespace (e.g. 'eth0'). */
  peerName: string;
  /** Namespace for the peer: path of a netns bind mount (opened, passed as IFLA_NET_NS_FD, closed). */
  peerNetnsPath?: string;
  /** Enslave the host end to this bridge index. */
  masterIndex?: number;
  mtu?: number;
  /** MAC of the peer (the container side). */
  peerMac?: string;
  /** Set the host end up in the same request. */
  up?: boolean;
  /** Set the peer up in the same request (default: left down). */
  peerUp?: boolean;
}

export interface SetLinkOptions {
  up?: boolean;
  mtu?: number;
  masterIndex?: number;
  name?: string;
  mac?: string;
}

export interface AddRouteOptions {
  family: 4 | 6;
  /** CIDR; undefined means the default route. */
  dst?: string;
  gateway?: string;
  oif?: number;
  /** RT_SCOPE_*; defaults to universe (0) for gateway routes and link (253) otherwise. */
  scope?: number;
  /** RTA_PRIORITY (route metric). */
  metric?: number;
}

export interface AddAddressOptions {
  /** IPv6 only: skip duplicate address detection (IFA_F_NODAD). Default true. */
  nodad?: boolean;
}

/** One rtnetlink socket bound to one network namespace. */
export interface Rtnl {
  listLinks(): LinkInfo[];
  /** undefined when no link has that name. */
  findLink(name: string): LinkInfo | undefined;
  createBridge(opts: CreateBridgeOptions): LinkInfo;
  /** One RTM_NEWLINK: the peer is born inside its namespace, enslaved and up (kernel-api §5.1). */
  createVeth(opts: CreateVethOptions): LinkInfo;
  setLink(index: number, opts: SetLinkOptions): void;
  /** Idempotent: returns false when there was no such link. */
  deleteLink(nameOrIndex: string | number): boolean;
  /** `cidr` is `address/prefix`. EEXIST is reported as a conflict KernelError. */
  addAddress(index: number, cidr: string, options?: AddAddressOptions): void;
  /** Idempotent: returns false when the address was not there. */
  deleteAddress(index: number, cidr: string): boolean;
  listAddresses(index?: number): AddressInfo[];
  addRoute(opts: AddRouteOptions): void;
  listRoutes(family: 4 | 6): RouteInfo[];
  close(): void;
}

/** Network namespaces as bind-mounted files (like `ip netns add`). */
export interface NetnsOps {
  /** Creates a new netns on a dedicated thread and bind-mounts it at `path` (parent dirs made). */
  create(path: string): void;
  /** Unmounts (MNT_DETACH) and unlinks. Idempotent. */
  remove(path: string): void;
  /** True when `path` is a live nsfs mount (not a stale file left after a reboot). */
  isMounted(path: string): boolean;
}
