/**
 * Address requests over rtnetlink: add, delete and list IPv4/IPv6 addresses. Like `ip addr
 * add`, an IPv4 address gets IFA_LOCAL = IFA_ADDRESS and a broadcast address; an IPv6
 * address skips duplicate address detection by default (IFA_F_NODAD), because a container's
 * address is unique by construction and DAD would keep it tentative (unusable) for a second
 * or more after the container starts.
 */
import { invalid } from '../common/errors.js';
import {
  decodeAddressMessage,
  encodeAddressMessage,
  type AddressMessage,
} from './codec/address-message.js';
import { IFA_F_NODAD } from './codec/if-addr-constants.js';
import { formatIp, ipv4Broadcast, parseCidr, type Cidr } from './codec/ip-address.js';
import { NLM_F_CREATE, NLM_F_EXCL } from './codec/netlink-constants.js';
import {
  AF_INET,
  AF_INET6,
  AF_UNSPEC,
  RTM_DELADDR,
  RTM_GETADDR,
  RTM_NEWADDR,
} from './codec/rtnetlink-constants.js';
import { KernelError } from './kernel-error.js';
import type { NetlinkSocket } from './netlink-socket.js';
import type { AddAddressOptions, AddressInfo } from './types.js';

const ENODEV = 19;
const EADDRNOTAVAIL = 99;

function cidrOf(text: string, action: string): Cidr {
  const cidr = parseCidr(text);
  if (cidr === undefined) throw invalid(`Cannot ${action} "${text}": not an address/prefix`);
  return cidr;
}

function addressMessage(index: number, cidr: Cidr, flags: number): AddressMessage {
  return {
    header: {
      family: cidr.family === 4 ? AF_INET : AF_INET6,
      prefixLength: cidr.prefixLength,
      flags,
      scope: 0,
      index,
    },
    attrs: { local: cidr.bytes, address: cidr.bytes },
  };
}

/** Adds `cidr` to link `index`; EEXIST (already there) is a 'conflict' KernelError. */
export function addAddress(
  sock: NetlinkSocket,
  index: number,
  cidr: string,
  options: AddAddressOptions = {},
): void {
  const parsed = cidrOf(cidr, 'add address');
  const nodad = parsed.family === 6 && (options.nodad ?? true);
  const msg = addressMessage(index, parsed, nodad ? IFA_F_NODAD : 0);
  if (parsed.family === 4 && parsed.prefixLength < 31) msg.attrs.broadcast = ipv4Broadcast(parsed);
  sock.request(
    { type: RTM_NEWADDR, flags: NLM_F_CREATE | NLM_F_EXCL, payload: encodeAddressMessage(msg) },
    { action: 'add address', target: cidr, where: `to link ${index}` },
  );
}

/** Removes `cidr` from link `index`; false when it was not there (idempotent). */
export function deleteAddress(sock: NetlinkSocket, index: number, cidr: string): boolean {
  const msg = addressMessage(index, cidrOf(cidr, 'delete address'), 0);
  try {
    sock.request(
      { type: RTM_DELADDR, payload: encodeAddressMessage(msg) },
      { action: 'delete address', target: cidr, where: `from link ${index}` },
    );
    return true;
  } catch (err) {
    const gone =
      err instanceof KernelError && (err.errno === EADDRNOTAVAIL || err.errno === ENODEV);
    if (gone) return false;
    throw err;
  }
}

/** IPv4 and IPv6 addresses of the namespace, or of one link. */
export function listAddresses(sock: NetlinkSocket, index?: number): AddressInfo[] {
  const query: AddressMessage = {
    header: { family: AF_UNSPEC, prefixLength: 0, flags: 0, scope: 0, index: 0 },
    attrs: {},
  };
  const replies = sock.dump(
    { type: RTM_GETADDR, payload: encodeAddressMessage(query) },
    { action: 'list', target: 'addresses' },
  );
  const out: AddressInfo[] = [];
  for (const reply of replies) {
    if (reply.type !== RTM_NEWADDR) continue;
    const { header, attrs } = decodeAddressMessage(reply.payload);
    if (index !== undefined && header.index !== index) continue;
    if (header.family !== AF_INET && header.family !== AF_INET6) continue;
    const family = header.family === AF_INET ? 4 : 6;
    // IPv4: IFA_LOCAL is our address (IFA_ADDRESS may be a point-to-point peer).
    const bytes = family === 4 ? (attrs.local ?? attrs.address) : (attrs.address ?? attrs.local);
    if (bytes === undefined) continue;
    out.push({
      index: header.index,
      family,
      address: formatIp(bytes),
      prefixLength: header.prefixLength,
    });
  }
  return out;
}
