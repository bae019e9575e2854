/**
 * What the embedded resolver may know about containers, as seen by one asking container. The
 * controller implements it from its live records, so names appear and disappear with endpoints
 * without any copy to keep in step.
 */
export interface DnsAsker {
  /** The asker's endpoint on the network whose resolver socket received the query. */
  endpointId: string;
  /** Network IDs the asker's sandbox is on (user-defined networks only): the scope of names. */
  networkIds: string[];
  /** True when any of the asker's networks is `Internal`: never forward upstream (CVE-2024-29018). */
  internal: boolean;
  /** Upstream servers for this asker (`host:port` or IP): its --dns, else the daemon's, else the host's. */
  upstreams: string[];
}

export interface DnsDirectory {
  /** Who sent a query from `sourceIp` to the resolver of network `networkId`; undefined = unknown. */
  asker(networkId: string, sourceIp: string): DnsAsker | undefined;
  /**
   * Addresses for `name` (lower-case, no trailing dot) in the asker's scope: container names,
   * network aliases, short IDs, `--link` names/aliases of the asker, `name.network` forms.
   * Several containers sharing an alias give all their addresses.
   */
  lookup(asker: DnsAsker, name: string): { v4: string[]; v6: string[] };
  /** Name for a container address in the asker's scope (PTR), e.g. `web.mynet`. */
  reverse(asker: DnsAsker, address: string): string | undefined;
  /**
   * Changes whenever any answer could change (endpoints or networks changed). When given, the
   * server caches encoded local answers until it changes.
   */
  version?(): number;
}
