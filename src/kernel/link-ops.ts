/**
 * Link requests over rtnetlink: list, find, create (bridge, veth), change and delete. Each
 * function is one or two kernel round trips on the caller's socket, so it acts in that
 * socket's namespace. Rtnl (rtnl.ts) is the public face; these are its link half.
 */
import { closeSync, openSync } from 'node:fs';
import { invalid, notFound } from '../common/errors.js';
import { IFF_UP } from './codec/if-link-constants.js';
import {
  decodeLinkMessage,
  encodeLinkMessage,
  linkHeader,
  type LinkAttributes,
  type LinkMessage,
} from './codec/link-message.js';
import { formatMac, parseMac } from './codec/mac-address.js';
import { NLM_F_CREATE, NLM_F_EXCL } from './codec/netlink-constants.js';
import { RTM_DELLINK, RTM_GETLINK, RTM_NEWLINK } from './codec/rtnetlink-constants.js';
import { KernelError, toKernelError, type KernelOperation } from './kernel-error.js';
import { assertLinkName } from './link-name.js';
import type { NetlinkRequest, NetlinkSocket } from './netlink-socket.js';
import type { CreateBridgeOptions, CreateVethOptions, LinkInfo, SetLinkOptions } from './types.js';

const ENODEV = 19;

/** The engine's view of a kernel link message. */
export function toLinkInfo(msg: LinkMessage): LinkInfo {
  const a = msg.attrs;
  const info: LinkInfo = {
    index: msg.header.index,
    name: a.name ?? '',
    mtu: a.mtu ?? 0,
    mac: a.address === undefined ? '' : formatMac(a.address),
    up: (msg.header.flags & IFF_UP) !== 0,
  };
  if (a.linkInfo !== undefined && a.linkInfo.kind !== '') info.kind = a.linkInfo.kind;
  if (a.master !== undefined && a.master !== 0) info.masterIndex = a.master;
  if (a.link !== undefined && a.link !== 0) info.linkIndex = a.link;
  return info;
}

function macBytes(mac: string, action: string, target: string): Buffer {
  const bytes = parseMac(mac);
  if (bytes === undefined) throw invalid(`Cannot ${action} "${target}": bad MAC address "${mac}"`);
  return bytes;
}

function upFlags(up: boolean | undefined): { flags: number; change: number } {
  return up === undefined ? { flags: 0, change: 0 } : { flags: up ? IFF_UP : 0, change: IFF_UP };
}

/** All links of the socket's namespace. */
export function listLinks(sock: NetlinkSocket): LinkInfo[] {
  const payload = encodeLinkMessage({ header: linkHeader(), attrs: {} });
  const replies = sock.dump({ type: RTM_GETLINK, payload }, { action: 'list', target: 'links' });
  return replies
    .filter((m) => m.type === RTM_NEWLINK)
    .map((m) => toLinkInfo(decodeLinkMessage(m.payload)));
}

/** The link with this name or index, or undefined. */
export function findLink(sock: NetlinkSocket, nameOrIndex: string | number): LinkInfo | undefined {
  const byName = typeof nameOrIndex === 'string';
  if (byName) assertLinkName(nameOrIndex, 'find link');
  const msg: LinkMessage = byName
    ? { header: linkHeader(), attrs: { name: nameOrIndex } }
    : { header: linkHeader({ index: nameOrIndex }), attrs: {} };
  try {
    const replies = sock.request(
      { type: RTM_GETLINK, payload: encodeLinkMessage(msg) },
      { action: 'find link', target: String(nameOrIndex) },
    );
    const reply = replies.find((m) => m.type === RTM_NEWLINK);
    return reply === undefined ? undefined : toLinkInfo(decodeLinkMessage(reply.payload));
  } catch (err) {
    if (err instanceof KernelError && err.errno === ENODEV) return undefined;
    throw err;
  }
}

/** The link with this name or index; 'not_found' when there is none. */
export function getLink(sock: NetlinkSocket, nameOrIndex: string | number): LinkInfo {
  const link = findLink(sock, nameOrIndex);
  if (link === undefined) throw notFound(`Cannot find link "${nameOrIndex}"`, 'LINK_NOT_FOUND');
  return link;
}

function newLink(sock: NetlinkSocket, msg: LinkMessage, name: string): LinkInfo {
  sock.request(
    { type: RTM_NEWLINK, flags: NLM_F_CREATE | NLM_F_EXCL, payload: encodeLinkMessage(msg) },
    { action: 'create link', target: name },
  );
  return getLink(sock, name);
}

/** Creates a bridge (down: set it up with setLink once configured). */
export function createBridge(sock: NetlinkSocket, opts: CreateBridgeOptions): LinkInfo {
  assertLinkName(opts.name, 'create bridge');
  const attrs: LinkAttributes = { name: opts.name, linkInfo: { kind: 'bridge' } };
  if (opts.mtu !== undefined) attrs.mtu = opts.mtu;
  if (opts.mac !== undefined) attrs.address = macBytes(opts.mac, 'create bridge', opts.name);
  return newLink(sock, { header: linkHeader(), attrs }, opts.name);
}

function openNetnsFd(path: string): number {
  try {
    return openSync(path, 'r');
  } catch (err) {
    throw toKernelError(err, { action: 'open netns', target: path });
  }
}

/**
 * Creates a veth pair in ONE RTM_NEWLINK: the peer is born in its namespace
 * (VETH_INFO_PEER + IFLA_NET_NS_FD) with its name, MAC and MTU, and the host end is enslaved
 * and up, so no observer ever sees a half-made pair (docs/kernel-api.md §5.1).
 */
export function createVeth(sock: NetlinkSocket, opts: CreateVethOptions): LinkInfo {
  assertLinkName(opts.name, 'create veth');
  assertLinkName(opts.peerName, 'create veth peer');
  const peer: LinkAttributes = { name: opts.peerName };
  const host: LinkAttributes = { name: opts.name };
  if (opts.mtu !== undefined) [peer.mtu, host.mtu] = [opts.mtu, opts.mtu];
  if (opts.peerMac !== undefined) peer.address = macBytes(opts.peerMac, 'create veth', opts.name);
  if (opts.masterIndex !== undefined) host.master = opts.masterIndex;
  const fd = opts.peerNetnsPath === undefined ? undefined : openNetnsFd(opts.peerNetnsPath);
  try {
    if (fd !== undefined) peer.netnsFd = fd;
    host.linkInfo = {
      kind: 'veth',
      vethPeer: { header: linkHeader(upFlags(opts.peerUp)), attrs: peer },
    };
    return newLink(sock, { header: linkHeader(upFlags(opts.up)), attrs: host }, opts.name);
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}

/** Changes state, MTU, master (0 = none), name or MAC of an existing link. */
export function setLink(sock: NetlinkSocket, index: number, opts: SetLinkOptions): void {
  const target = String(index);
  const attrs: LinkAttributes = {};
  if (opts.mtu !== undefined) attrs.mtu = opts.mtu;
  if (opts.masterIndex !== undefined) attrs.master = opts.masterIndex;
  if (opts.mac !== undefined) attrs.address = macBytes(opts.mac, 'change link', target);
  if (opts.name !== undefined) {
    assertLinkName(opts.name, 'rename link');
    attrs.name = opts.name;
  }
  const header = linkHeader({ index, ...upFlags(opts.up) });
  if (header.change === 0 && Object.keys(attrs).length === 0) return;
  sock.request(
    { type: RTM_NEWLINK, payload: encodeLinkMessage({ header, attrs }) },
    { action: 'change link', target },
  );
}

/** RTM_DELLINK of a link by name or index. */
function deleteLinkRequest(nameOrIndex: string | number): {
  request: NetlinkRequest;
  operation: KernelOperation;
} {
  const byName = typeof nameOrIndex === 'string';
  if (byName) assertLinkName(nameOrIndex, 'delete link');
  const msg: LinkMessage = byName
    ? { header: linkHeader(), attrs: { name: nameOrIndex } }
    : { header: linkHeader({ index: nameOrIndex }), attrs: {} };
  return {
    request: { type: RTM_DELLINK, payload: encodeLinkMessage(msg) },
    operation: { action: 'delete link', target: String(nameOrIndex) },
  };
}

/** False for "no such link", which makes deletion idempotent; other errors are thrown. */
function goneAlready(err: unknown): false {
  if (err instanceof KernelError && err.errno === ENODEV) return false;
  throw err;
}

/** Deletes a link by name or index; false when there was none (idempotent). */
export function deleteLink(sock: NetlinkSocket, nameOrIndex: string | number): boolean {
  const { request, operation } = deleteLinkRequest(nameOrIndex);
  try {
    sock.request(request, operation);
    return true;
  } catch (err) {
    return goneAlready(err);
  }
}

/**
 * deleteLink() with the kernel's wait off the JS thread: deleting a veth blocks for tens of ms
 * while the kernel unregisters it. See NetlinkSocket.requestAsync for the rules.
 */
export async function deleteLinkAsync(
  sock: NetlinkSocket,
  nameOrIndex: string | number,
): Promise<boolean> {
  const { request, operation } = deleteLinkRequest(nameOrIndex);
  try {
    await sock.requestAsync(request, operation);
    return true;
  } catch (err) {
    return goneAlready(err);
  }
}
