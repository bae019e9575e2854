/**
 * RTM_NEWLINK / RTM_GETLINK / RTM_SETLINK / RTM_DELLINK payloads: struct ifinfomsg
 * (linux/rtnetlink.h) followed by IFLA_* attributes (linux/if_link.h). IFLA_LINKINFO nests
 * the kind and its kind-specific data; for a veth that data is VETH_INFO_PEER, whose payload
 * is a whole second ifinfomsg plus attributes describing the peer (linux/veth.h).
 *
 * Attributes are encoded in a fixed order (MTU, MASTER, ADDRESS, NET_NS_FD, IFNAME, LINK,
 * OPERSTATE, LINKINFO), which is the order iproute2 emits for the same request, so encoder
 * output can be compared byte for byte with captured `ip` traffic.
 */
import { attr, attributeMap, decodeAttributeSet, encodeNested, read } from './attributes.js';
import {
  IFINFOMSG_LEN,
  IFLA_ADDRESS,
  IFLA_IFNAME,
  IFLA_INFO_DATA,
  IFLA_INFO_KIND,
  IFLA_INFO_SLAVE_KIND,
  IFLA_LINK,
  IFLA_LINK_NETNSID,
  IFLA_LINKINFO,
  IFLA_MASTER,
  IFLA_MTU,
  IFLA_NET_NS_FD,
  IFLA_OPERSTATE,
  VETH_INFO_PEER,
} from './if-link-constants.js';

/** struct ifinfomsg. */
export interface LinkHeader {
  /** Address family; AF_UNSPEC (0) for links. */
  family: number;
  /** ARPHRD_* device type (1 = ether, 772 = loopback). */
  type: number;
  /** ifindex; 0 lets the kernel pick (or means "by name" in requests). */
  index: number;
  /** IFF_* flags. */
  flags: number;
  /** Which IFF_* bits of `flags` a request changes. */
  change: number;
}

/** IFLA_LINKINFO. */
export interface LinkInfoAttribute {
  kind: string;
  slaveKind?: string;
  /** Raw IFLA_INFO_DATA, for kinds this codec does not model. */
  data?: Buffer;
  /** VETH_INFO_PEER when kind is 'veth' (present in requests, not in kernel dumps). */
  vethPeer?: LinkMessage;
}

/** The IFLA_* attributes the engine uses. */
export interface LinkAttributes {
  name?: string;
  mtu?: number;
  /** Link-layer address bytes. */
  address?: Buffer;
  master?: number;
  /** Veth: the peer's ifindex (in the peer's namespace). */
  link?: number;
  /** Request only: create/move the link into the netns behind this fd. */
  netnsFd?: number;
  /** Reply only: the peer namespace id, as seen from this namespace. */
  linkNetnsId?: number;
  operstate?: number;
  linkInfo?: LinkInfoAttribute;
}

/** One link message. */
export interface LinkMessage {
  header: LinkHeader;
  attrs: LinkAttributes;
}

/** An all-zero ifinfomsg with the given overrides. */
export function linkHeader(fields: Partial<LinkHeader> = {}): LinkHeader {
  return { family: 0, type: 0, index: 0, flags: 0, change: 0, ...fields };
}

function encodeHeader(h: LinkHeader): Buffer {
  const b = Buffer.alloc(IFINFOMSG_LEN);
  b.writeUInt8(h.family, 0);
  b.writeUInt16LE(h.type, 2);
  b.writeInt32LE(h.index, 4);
  b.writeUInt32LE(h.flags >>> 0, 8);
  b.writeUInt32LE(h.change >>> 0, 12);
  return b;
}

function encodeLinkInfo(info: LinkInfoAttribute): Buffer {
  const children = [attr.bareString(IFLA_INFO_KIND, info.kind)];
  if (info.vethPeer !== undefined) {
    // The peer is "ifinfomsg + attrs", not a list of attributes, so it is not flagged nested.
    const peer = attr.bytes(VETH_INFO_PEER, encodeLinkMessage(info.vethPeer));
    children.push(encodeNested(IFLA_INFO_DATA, [peer]));
  } else if (info.data !== undefined) {
    children.push(attr.bytes(IFLA_INFO_DATA, info.data));
  }
  return encodeNested(IFLA_LINKINFO, children);
}

/** Encodes ifinfomsg + attributes (the payload after nlmsghdr). */
export function encodeLinkMessage(msg: LinkMessage): Buffer {
  const a = msg.attrs;
  const parts = [encodeHeader(msg.header)];
  if (a.mtu !== undefined) parts.push(attr.u32(IFLA_MTU, a.mtu));
  if (a.master !== undefined) parts.push(attr.u32(IFLA_MASTER, a.master));
  if (a.address !== undefined) parts.push(attr.bytes(IFLA_ADDRESS, a.address));
  if (a.netnsFd !== undefined) parts.push(attr.u32(IFLA_NET_NS_FD, a.netnsFd));
  if (a.name !== undefined) parts.push(attr.string(IFLA_IFNAME, a.name));
  if (a.link !== undefined) parts.push(attr.u32(IFLA_LINK, a.link));
  if (a.operstate !== undefined) parts.push(attr.u8(IFLA_OPERSTATE, a.operstate));
  if (a.linkInfo !== undefined) parts.push(encodeLinkInfo(a.linkInfo));
  return Buffer.concat(parts);
}

function decodeLinkInfo(payload: Buffer): LinkInfoAttribute {
  const m = attributeMap(payload);
  const kind = m.get(IFLA_INFO_KIND);
  const info: LinkInfoAttribute = { kind: kind === undefined ? '' : read.string(kind) };
  const slaveKind = m.get(IFLA_INFO_SLAVE_KIND);
  if (slaveKind !== undefined) info.slaveKind = read.string(slaveKind);
  const data = m.get(IFLA_INFO_DATA);
  if (data !== undefined) {
    info.data = data;
    const peer = info.kind === 'veth' ? attributeMap(data).get(VETH_INFO_PEER) : undefined;
    if (peer !== undefined) info.vethPeer = decodeLinkMessage(peer);
  }
  return info;
}

/** Decodes ifinfomsg + attributes; unknown attributes are ignored. */
export function decodeLinkMessage(payload: Buffer): LinkMessage {
  if (payload.length < IFINFOMSG_LEN) {
    throw new RangeError(`Cannot decode ifinfomsg: ${payload.length} bytes`);
  }
  const header: LinkHeader = {
    family: payload.readUInt8(0),
    type: payload.readUInt16LE(2),
    index: payload.readInt32LE(4),
    flags: payload.readUInt32LE(8),
    change: payload.readUInt32LE(12),
  };
  const attrs = decodeAttributeSet<LinkAttributes>(payload.subarray(IFINFOMSG_LEN), {
    name: [IFLA_IFNAME, read.string],
    mtu: [IFLA_MTU, read.u32],
    master: [IFLA_MASTER, read.u32],
    address: [IFLA_ADDRESS, (p) => Buffer.from(p)],
    netnsFd: [IFLA_NET_NS_FD, read.u32],
    link: [IFLA_LINK, read.u32],
    linkNetnsId: [IFLA_LINK_NETNSID, read.s32],
    operstate: [IFLA_OPERSTATE, read.u8],
    linkInfo: [IFLA_LINKINFO, decodeLinkInfo],
  });
  return { header, attrs };
}
