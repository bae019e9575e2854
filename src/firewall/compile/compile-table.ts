/**
 * compileTable: the whole `inet pouch` table as one `nft -f` transaction. It starts with
 * `add table; delete table` so that it replaces the table atomically whether or not it exists
 * (start-up and repair), and never touches any other table.
 *
 * Why the rules are in this order (the text itself carries no comments, so goldens stay short):
 *
 * - prerouting/output: only packets for a local address enter `portmap`. A packet arriving from
 *   a wire with a 127/8 destination is spoofed: it must not be DNATed to a port published on
 *   127.0.0.1 (moby#41872; IPv6 drops a wire packet to ::1 before the hooks).
 * - portmap: per family and protocol, the host-address map first, then the any-address map, so
 *   a mapping on a specific address wins over one on every address.
 * - postrouting: masquerade leaving traffic of masquerading networks; masquerade DNATed traffic
 *   from containers back into a bridge (hairpin); masquerade host→127.0.0.1:port traffic, which
 *   needs `route_localnet=1` on the bridge (see `bridgeSysctls`).
 * - forward: established first; same-bridge traffic follows the network's ICC verdict (internal
 *   networks too); internal bridges take nothing else in or out; published (DNATed) traffic may
 *   enter a bridge from outside or from another bridge; everything else into a bridge is
 *   dropped (no routing straight to container addresses — this is what keeps a port published on
 *   127.0.0.1 unreachable from the LAN — and isolation between bridges).
 */
import type { FirewallState } from '../types.js';
import { networkElements, portElement, type Element } from './elements.js';
import {
  FAMILIES,
  MAP_ICC,
  portMapName,
  PROTOCOLS,
  SET_BRIDGES,
  SET_INTERNAL_BRIDGES,
  SET_MASQ,
  SET_SUBNETS,
  TABLE_NAME,
  TABLE_REF,
} from './names.js';
import { renderAdd } from './render.js';
import { compareNetworks, comparePorts } from './sort.js';
import { validateNetwork, validatePort } from './validate.js';

const ADDR_TYPE = { 4: 'ipv4_addr', 6: 'ipv6_addr' } as const;
const IP_KEYWORD = { 4: 'ip', 6: 'ip6' } as const;

function setDecl(name: string, type: string, interval = false): string {
  const flags = interval ? '\n\t\tflags interval' : '';
  return `\tset ${name} {\n\t\ttype ${type}${flags}\n\t}\n`;
}

function mapDecl(name: string, type: string): string {
  return `\tmap ${name} {\n\t\ttype ${type}\n\t}\n`;
}

function chain(name: string, hook: string | undefined, rules: readonly string[]): string {
  const head = hook === undefined ? '' : `\t\t${hook}\n`;
  return `\tchain ${name} {\n${head}${rules.map((r) => `\t\t${r}\n`).join('')}\t}\n`;
}

function declarations(): string {
  let out = setDecl(SET_BRIDGES, 'ifname') + setDecl(SET_INTERNAL_BRIDGES, 'ifname');
  out += mapDecl(MAP_ICC, 'ifname . ifname : verdict');
  for (const f of FAMILIES) out += setDecl(SET_MASQ[f], ADDR_TYPE[f], true);
  for (const f of FAMILIES) out += setDecl(SET_SUBNETS[f], ADDR_TYPE[f], true);
  for (const f of FAMILIES) {
    const target = `${ADDR_TYPE[f]} . inet_service`;
    for (const p of PROTOCOLS) {
      out += mapDecl(portMapName(f, p, 'ip'), `${ADDR_TYPE[f]} . inet_service : ${target}`);
      out += mapDecl(portMapName(f, p, 'any'), `inet_service : ${target}`);
    }
  }
  return out;
}

function portmapRules(): string[] {
  return FAMILIES.flatMap((f) =>
    PROTOCOLS.flatMap((p) => [
      `dnat ${IP_KEYWORD[f]} to ${IP_KEYWORD[f]} daddr . ${p} dport map @${portMapName(f, p, 'ip')}`,
      `dnat ${IP_KEYWORD[f]} to ${p} dport map @${portMapName(f, p, 'any')}`,
    ]),
  );
}

function chains(): string {
  const natHook = (hook: string, priority: string): string =>
    `type nat hook ${hook} priority ${priority}; policy accept;`;
  return [
    chain('prerouting', natHook('prerouting', 'dstnat'), [
      'ip daddr 127.0.0.0/8 return',
      'fib daddr type local jump portmap',
    ]),
    chain('output', natHook('output', '-100'), ['fib daddr type local jump portmap']),
    chain('portmap', undefined, portmapRules()),
    chain('postrouting', natHook('postrouting', 'srcnat'), [
      `ip saddr @${SET_MASQ[4]} oifname != @${SET_BRIDGES} masquerade`,
      `ip6 saddr @${SET_MASQ[6]} oifname != @${SET_BRIDGES} masquerade`,
      `ct status dnat ip saddr @${SET_SUBNETS[4]} oifname @${SET_BRIDGES} masquerade`,
      `ct status dnat ip6 saddr @${SET_SUBNETS[6]} oifname @${SET_BRIDGES} masquerade`,
      `ip saddr 127.0.0.0/8 oifname @${SET_BRIDGES} masquerade`,
    ]),
    chain('forward', 'type filter hook forward priority filter; policy accept;', [
      'ct state established,related accept',
      `iifname . oifname vmap @${MAP_ICC}`,
      `iifname @${SET_INTERNAL_BRIDGES} drop`,
      `oifname @${SET_INTERNAL_BRIDGES} drop`,
      `oifname @${SET_BRIDGES} ct status dnat accept`,
      `oifname @${SET_BRIDGES} drop`,
    ]),
  ].join('\n');
}

function stateElements(state: FirewallState): Element[] {
  const networks = state.networks.map(validateNetwork).sort(compareNetworks);
  const ports = state.ports.map(validatePort).sort(comparePorts);
  return [...networks.flatMap(networkElements), ...ports.map(portElement)];
}

/**
 * The full transaction for `state`: replace the table, then add every element. Throws
 * `invalid` for a bad record and `conflict` for two records claiming one key.
 */
export function compileTable(state: FirewallState): string {
  const elements = renderAdd(stateElements(state));
  const table = `table ${TABLE_REF} {\n${declarations()}\n${chains()}}\n`;
  return `add table ${TABLE_REF}\ndelete table ${TABLE_REF}\n${table}${elements}`;
}

/** The table's name, for `nft list table` and monitor filtering. */
export const TABLE = { family: 'inet', name: TABLE_NAME } as const;
