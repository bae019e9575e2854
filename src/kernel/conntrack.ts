/**
 * Conntrack entry deletion over ctnetlink (NETLINK_NETFILTER), on the same synchronous
 * NetlinkSocket engine as rtnetlink. Used by the firewall to drop UDP flows made stale by a
 * port-mapping change: dump the entries of each family once, pick those whose original tuple
 * matches a filter, delete each by tuple, zone and id. An entry that vanished in between
 * (ENOENT) is fine.
 */
import {
  ctnetlinkType,
  IPCTNL_MSG_CT_DELETE,
  IPCTNL_MSG_CT_GET,
  NETLINK_NETFILTER,
} from './codec/conntrack-constants.js';
import {
  decodeConntrackEntry,
  encodeConntrackDelete,
  encodeConntrackDumpRequest,
  type ConntrackEntry,
} from './codec/conntrack-message.js';
import { AF_INET, AF_INET6 } from './codec/rtnetlink-constants.js';
import { KernelError } from './kernel-error.js';
import { NetlinkSocket } from './netlink-socket.js';

export type { ConntrackEntry, ConntrackTuple } from './codec/conntrack-message.js';

/** Which entries to delete: original tuple of this family, protocol and destination. */
export interface ConntrackFilter {
  family: 4 | 6;
  /** IPPROTO_* number (17 = udp). */
  proto: number;
  dstPort: number;
  /** Original destination address (canonical text); any when absent. */
  dstIp?: string;
}

/** Options of the conntrack calls. */
export interface ConntrackOptions {
  /** Act inside this network namespace. */
  nsPath?: string;
}

const ENOENT = 2;

/** True when `entry`'s original tuple matches `filter`. */
export function matchesFilter(entry: ConntrackEntry, filter: ConntrackFilter): boolean {
  const family = filter.family === 4 ? AF_INET : AF_INET6;
  return (
    entry.family === family &&
    entry.orig.proto === filter.proto &&
    entry.orig.dstPort === filter.dstPort &&
    (filter.dstIp === undefined || entry.orig.dst === filter.dstIp)
  );
}

/** Dumps every conntrack entry of one family (AF_INET / AF_INET6). */
export function listConntrackEntries(sock: NetlinkSocket, family: number): ConntrackEntry[] {
  const replies = sock.dump(
    { type: ctnetlinkType(IPCTNL_MSG_CT_GET), payload: encodeConntrackDumpRequest(family) },
    { action: 'dump', target: 'conntrack table' },
  );
  return replies.map((m) => decodeConntrackEntry(m.payload));
}

function deleteEntry(sock: NetlinkSocket, entry: ConntrackEntry): boolean {
  try {
    sock.request(
      { type: ctnetlinkType(IPCTNL_MSG_CT_DELETE), payload: encodeConntrackDelete(entry) },
      { action: 'delete conntrack entry', target: `${entry.orig.dst}:${entry.orig.dstPort ?? ''}` },
    );
    return true;
  } catch (err) {
    if (err instanceof KernelError && err.errno === ENOENT) return false;
    throw err;
  }
}

/** Deletes every entry matching one of `filters`; returns how many were deleted. */
export function deleteConntrackEntries(
  filters: readonly ConntrackFilter[],
  options: ConntrackOptions = {},
): number {
  if (filters.length === 0) return 0;
  const sock = NetlinkSocket.open(NETLINK_NETFILTER, { nsPath: options.nsPath });
  try {
    let deleted = 0;
    for (const family of new Set(filters.map((f) => f.family))) {
      const own = filters.filter((f) => f.family === family);
      for (const entry of listConntrackEntries(sock, family === 4 ? AF_INET : AF_INET6)) {
        if (own.some((f) => matchesFilter(entry, f)) && deleteEntry(sock, entry)) deleted++;
      }
    }
    return deleted;
  } finally {
    sock.close();
  }
}
