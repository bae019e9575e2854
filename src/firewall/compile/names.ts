/**
 * Names of the objects in the engine's nftables table. One `table inet pouch` holds every
 * object; the names are fixed so a delta can address an object without reading the live table.
 */
import type { Protocol } from '../types.js';

/** Address family of the engine's table: `inet` covers IPv4 and IPv6 with one set of chains. */
export const TABLE_FAMILY = 'inet';
/** The engine's table. No other table is ever read or written. */
export const TABLE_NAME = 'pouch';
/** `inet pouch`, as it appears after `add element` / `table`. */
export const TABLE_REF = `${TABLE_FAMILY} ${TABLE_NAME}`;

/** Bridge devices of every network (ifname set). */
export const SET_BRIDGES = 'bridges';
/** Bridge devices of `Internal` networks. */
export const SET_INTERNAL_BRIDGES = 'internal_bridges';
/** `bridge . bridge : accept|drop`, one element per network (ICC on/off). */
export const MAP_ICC = 'icc';
/** Subnets whose traffic leaving the bridges is masqueraded, per family. */
export const SET_MASQ = { 4: 'masq4', 6: 'masq6' } as const;
/** Every container subnet, per family (hairpin masquerade of DNATed traffic). */
export const SET_SUBNETS = { 4: 'subnets4', 6: 'subnets6' } as const;

/** Protocols with port maps, in table order. */
export const PROTOCOLS: readonly Protocol[] = ['tcp', 'udp', 'sctp'];
/** Address families with port maps, in table order. */
export const FAMILIES: readonly (4 | 6)[] = [4, 6];

/** Which port map: keyed by host port only (`any`) or by host address and port (`ip`). */
export type PortMapScope = 'any' | 'ip';

/** Name of the port map for a family, protocol and scope: `pm4_tcp_any`, `pm6_udp_ip`. */
export function portMapName(family: 4 | 6, proto: Protocol, scope: PortMapScope): string {
  return `pm${family}_${proto}_${scope}`;
}
