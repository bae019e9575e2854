/**
 * openRtnl(): the Rtnl interface (types.ts) on one rtnetlink socket. The socket is created
 * inside the given namespace (on the addon's throwaway thread) and stays bound to it, so every
 * call on the returned object acts in that namespace while the JS thread never leaves its own.
 * All calls are synchronous round trips (20–120 µs each, docs/kernel-api.md §4).
 */
import { addAddress, deleteAddress, listAddresses } from './address-ops.js';
import { NETLINK_ROUTE } from './codec/netlink-constants.js';
import {
  createBridge,
  createVeth,
  deleteLink,
  findLink,
  getLink,
  listLinks,
  setLink,
} from './link-ops.js';
import { NetlinkSocket, type NetlinkSocketOptions } from './netlink-socket.js';
import { addRoute, deleteRoute, listRoutes } from './route-ops.js';
import type {
  AddAddressOptions,
  AddressInfo,
  AddRouteOptions,
  CreateBridgeOptions,
  CreateVethOptions,
  LinkInfo,
  RouteInfo,
  Rtnl,
  SetLinkOptions,
} from './types.js';

/** Rtnl over a NetlinkSocket, with a few extras beyond the interface (getLink, deleteRoute). */
export class RtnlClient implements Rtnl {
  private readonly sock: NetlinkSocket;

  constructor(sock: NetlinkSocket) {
    this.sock = sock;
  }

  listLinks(): LinkInfo[] {
    return listLinks(this.sock);
  }

  findLink(name: string): LinkInfo | undefined {
    return findLink(this.sock, name);
  }

  /** Like findLink, by name or index, but 'not_found' when absent. */
  getLink(nameOrIndex: string | number): LinkInfo {
    return getLink(this.sock, nameOrIndex);
  }

  createBridge(opts: CreateBridgeOptions): LinkInfo {
    return createBridge(this.sock, opts);
  }

  createVeth(opts: CreateVethOptions): LinkInfo {
    return createVeth(this.sock, opts);
  }

  setLink(index: number, opts: SetLinkOptions): void {
    setLink(this.sock, index, opts);
  }

  deleteLink(nameOrIndex: string | number): boolean {
    return deleteLink(this.sock, nameOrIndex);
  }

  addAddress(index: number, cidr: string, options?: AddAddressOptions): void {
    addAddress(this.sock, index, cidr, options);
  }

  deleteAddress(index: number, cidr: string): boolean {
    return deleteAddress(this.sock, index, cidr);
  }

  listAddresses(index?: number): AddressInfo[] {
    return listAddresses(this.sock, index);
  }

  addRoute(opts: AddRouteOptions): void {
    addRoute(this.sock, opts);
  }

  /** Deletes a matching main-table route; false when there was none. */
  deleteRoute(opts: AddRouteOptions): boolean {
    return deleteRoute(this.sock, opts);
  }

  listRoutes(family: 4 | 6): RouteInfo[] {
    return listRoutes(this.sock, family);
  }

  /** Closes the socket. Idempotent. */
  close(): void {
    this.sock.close();
  }
}

/**
 * Opens rtnetlink in the namespace at `nsPath` (a netns bind mount such as
 * /run/netns/<name>, or /proc/<pid>/ns/net), or in the process's own namespace.
 */
export function openRtnl(nsPath?: string, options: { timeoutMs?: number } = {}): RtnlClient {
  const socketOptions: NetlinkSocketOptions = { ...options };
  if (nsPath !== undefined) socketOptions.nsPath = nsPath;
  return new RtnlClient(NetlinkSocket.open(NETLINK_ROUTE, socketOptions));
}
