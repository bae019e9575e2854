/**
 * Route requests over rtnetlink: add, delete and list routes of the main table. Requests
 * look like `ip route add`'s: protocol "boot", type unicast, scope universe for gateway
 * routes and link for device routes (a device route's destination is directly reachable).
 */
import { invalid } from '../common/errors.js';
import { formatIp, parseCidr, parseIp, type IpBytes } from './codec/ip-address.js';
import { NLM_F_CREATE, NLM_F_EXCL } from './codec/netlink-constants.js';
import {
  decodeRouteMessage,
  encodeRouteMessage,
  type RouteMessage,
} from './codec/route-message.js';
import {
  AF_INET,
  AF_INET6,
  RT_SCOPE_LINK,
  RT_SCOPE_NOWHERE,
  RT_SCOPE_UNIVERSE,
  RT_TABLE_MAIN,
  RT_TABLE_UNSPEC,
  RTM_DELROUTE,
  RTM_F_CLONED,
  RTM_GETROUTE,
  RTM_NEWROUTE,
  RTN_UNICAST,
  RTPROT_BOOT,
  RTPROT_UNSPEC,
} from './codec/rtnetlink-constants.js';
import { KernelError } from './kernel-error.js';
import type { NetlinkSocket } from './netlink-socket.js';
import type { AddRouteOptions, RouteInfo } from './types.js';

const ESRCH = 3;

function describe(opts: AddRouteOptions): string {
  return opts.dst ?? (opts.family === 4 ? 'default' : 'default (IPv6)');
}

function parseDst(opts: AddRouteOptions, action: string): IpBytes & { prefixLength: number } {
  if (opts.dst === undefined) {
    return {
      family: opts.family,
      bytes: Buffer.alloc(opts.family === 4 ? 4 : 16),
      prefixLength: 0,
    };
  }
  const cidr = parseCidr(opts.dst);
  if (cidr === undefined || cidr.family !== opts.family) {
    throw invalid(`Cannot ${action} "${opts.dst}": not an IPv${opts.family} address/prefix`);
  }
  return cidr;
}

/** Builds the rtmsg for `opts`; shared by add and delete. */
function routeMessage(opts: AddRouteOptions, action: string): RouteMessage {
  const dst = parseDst(opts, action);
  const msg: RouteMessage = {
    header: {
      family: opts.family === 4 ? AF_INET : AF_INET6,
      dstLength: dst.prefixLength,
      srcLength: 0,
      tos: 0,
      table: RT_TABLE_MAIN,
      protocol: RTPROT_BOOT,
      scope: opts.scope ?? (opts.gateway === undefined ? RT_SCOPE_LINK : RT_SCOPE_UNIVERSE),
      type: RTN_UNICAST,
      flags: 0,
    },
    attrs: {},
  };
  if (opts.dst !== undefined) msg.attrs.dst = dst.bytes;
  if (opts.gateway !== undefined) {
    const gw = parseIp(opts.gateway);
    if (gw === undefined || gw.family !== opts.family) {
      throw invalid(`Cannot ${action} "${describe(opts)}": bad gateway "${opts.gateway}"`);
    }
    msg.attrs.gateway = gw.bytes;
  }
  if (opts.oif !== undefined) msg.attrs.oif = opts.oif;
  if (opts.metric !== undefined) msg.attrs.priority = opts.metric;
  return msg;
}

/** Adds a route to the main table: a default route via a gateway, or a device route. */
export function addRoute(sock: NetlinkSocket, opts: AddRouteOptions): void {
  if (opts.gateway === undefined && opts.oif === undefined) {
    throw invalid(`Cannot add route "${describe(opts)}": needs a gateway or an output link`);
  }
  const msg = routeMessage(opts, 'add route');
  sock.request(
    { type: RTM_NEWROUTE, flags: NLM_F_CREATE | NLM_F_EXCL, payload: encodeRouteMessage(msg) },
    { action: 'add route', target: describe(opts) },
  );
}

/** Deletes a matching route from the main table; false when there was none (idempotent). */
export function deleteRoute(sock: NetlinkSocket, opts: AddRouteOptions): boolean {
  const msg = routeMessage(opts, 'delete route');
  // As in `ip route del`: scope NOWHERE and protocol UNSPEC match any scope and protocol.
  msg.header.scope = opts.scope ?? RT_SCOPE_NOWHERE;
  msg.header.protocol = RTPROT_UNSPEC;
  try {
    sock.request(
      { type: RTM_DELROUTE, payload: encodeRouteMessage(msg) },
      { action: 'delete route', target: describe(opts) },
    );
    return true;
  } catch (err) {
    if (err instanceof KernelError && err.errno === ESRCH) return false;
    throw err;
  }
}

function toRouteInfo(family: 4 | 6, msg: RouteMessage): RouteInfo {
  const { header: h, attrs: a } = msg;
  const info: RouteInfo = {
    family,
    table: a.table ?? h.table,
    scope: h.scope,
    protocol: h.protocol,
    type: h.type,
  };
  if (a.dst !== undefined) info.dst = `${formatIp(a.dst)}/${h.dstLength}`;
  if (a.gateway !== undefined) info.gateway = formatIp(a.gateway);
  if (a.oif !== undefined) info.oif = a.oif;
  if (a.priority !== undefined) info.metric = a.priority;
  return info;
}

/** All routes of the main table for one family, the default route included. */
export function listRoutes(sock: NetlinkSocket, family: 4 | 6): RouteInfo[] {
  const query: RouteMessage = {
    header: {
      family: family === 4 ? AF_INET : AF_INET6,
      dstLength: 0,
      srcLength: 0,
      tos: 0,
      table: RT_TABLE_UNSPEC,
      protocol: 0,
      scope: 0,
      type: 0,
      flags: 0,
    },
    attrs: {},
  };
  const replies = sock.dump(
    { type: RTM_GETROUTE, payload: encodeRouteMessage(query) },
    { action: 'list', target: `IPv${family} routes` },
  );
  return replies
    .filter((m) => m.type === RTM_NEWROUTE)
    .map((m) => decodeRouteMessage(m.payload))
    .filter((m) => (m.attrs.table ?? m.header.table) === RT_TABLE_MAIN)
    .filter((m) => (m.header.flags & RTM_F_CLONED) === 0)
    .map((m) => toRouteInfo(family, m));
}
