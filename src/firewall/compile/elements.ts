/**
 * Set and map elements: the unit of change of the engine's table. A network contributes one
 * element to a few ifname/subnet sets, a published port one element to one port map. Elements
 * carry their owner in a comment (`net:<id>`, `ep:<id>`) so `nft list` shows who made them.
 */
import { EngineError } from '../../common/errors.js';
import {
  FAMILIES,
  MAP_ICC,
  PROTOCOLS,
  portMapName,
  SET_BRIDGES,
  SET_INTERNAL_BRIDGES,
  SET_MASQ,
  SET_SUBNETS,
} from './names.js';
import type { ValidNetwork, ValidPort } from './validate.js';

/** One element of one set or map. */
export interface Element {
  /** Set or map name. */
  set: string;
  /** The key as nft text; unique within the set. */
  key: string;
  /** The whole element as nft text: key, comment and (for maps) `: data`. */
  text: string;
}

function element(set: string, key: string, comment: string, data?: string): Element {
  const text = `${key} comment "${comment}"${data === undefined ? '' : ` : ${data}`}`;
  return { set, key, text };
}

/** The elements a network adds to the table, in set order. */
export function networkElements(net: ValidNetwork): Element[] {
  const owner = `net:${net.id}`;
  const name = `"${net.bridge}"`;
  const out = [element(SET_BRIDGES, name, owner)];
  if (net.internal) out.push(element(SET_INTERNAL_BRIDGES, name, owner));
  out.push(element(MAP_ICC, `${name} . ${name}`, owner, net.icc ? 'accept' : 'drop'));
  for (const s of net.subnets) {
    if (net.masquerade && !net.internal) out.push(element(SET_MASQ[s.cidr.family], s.text, owner));
    out.push(element(SET_SUBNETS[s.cidr.family], s.text, owner));
  }
  return out;
}

/** The port-map element of a mapping. */
export function portElement(port: ValidPort): Element {
  const scope = port.hostIp === undefined ? 'any' : 'ip';
  const set = portMapName(port.family, port.proto, scope);
  const key =
    port.hostIp === undefined ? `${port.hostPort}` : `${port.hostIp.text} . ${port.hostPort}`;
  return element(set, key, `ep:${port.owner}`, `${port.containerIp} . ${port.containerPort}`);
}

/** Describes a port element for messages: `127.0.0.1:8080/tcp`. */
export function describePort(port: ValidPort): string {
  const ip = port.hostIp?.text ?? (port.family === 4 ? '0.0.0.0' : '::');
  return `${port.family === 6 ? `[${ip}]` : ip}:${port.hostPort}/${port.proto}`;
}

/** Every set and map in table order: the order elements are emitted in. */
export const SET_ORDER: readonly string[] = [
  SET_BRIDGES,
  SET_INTERNAL_BRIDGES,
  MAP_ICC,
  SET_MASQ[4],
  SET_MASQ[6],
  SET_SUBNETS[4],
  SET_SUBNETS[6],
  ...FAMILIES.flatMap((f) =>
    PROTOCOLS.flatMap((p) => [portMapName(f, p, 'ip'), portMapName(f, p, 'any')]),
  ),
];

/**
 * Groups elements by set in SET_ORDER, keeping the given order within a set. Two elements
 * with the same key in one set are a conflict: nft would refuse the transaction ("File exists")
 * and one of the two mappings would be lost either way.
 */
export function groupBySet(elements: readonly Element[]): Map<string, Element[]> {
  const groups = new Map<string, Element[]>(SET_ORDER.map((name) => [name, []]));
  const keys = new Set<string>();
  for (const e of elements) {
    const id = `${e.set} ${e.key}`;
    if (keys.has(id)) {
      throw new EngineError('conflict', `Cannot add "${e.key}" to ${e.set}: given twice`, {
        code: 'FIREWALL_DUPLICATE',
      });
    }
    keys.add(id);
    groups.get(e.set)?.push(e);
  }
  for (const [name, group] of groups) if (group.length === 0) groups.delete(name);
  return groups;
}
