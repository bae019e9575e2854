/**
 * Which conntrack entries a UDP mapping change makes stale. UDP has no connection end, so a
 * flow keeps its conntrack entry (and the NAT decision in it) as long as packets keep coming:
 * a client that was sending to host port P before a mapping existed, or while it pointed at
 * another container, would keep going to the old place. After adding or removing UDP mappings,
 * the entries whose original destination is one of those host ports are deleted (moby
 * iptables/conntrack.go and CNI portmap do the same).
 */
import type { ConntrackFilter } from '../kernel/index.js';
import type { PortMapping } from './types.js';
import { validatePort } from './compile/index.js';

const IPPROTO_UDP = 17;

/** One filter per distinct (family, host IP, host port) of the UDP mappings in `ports`. */
export function udpFlowFilters(ports: readonly PortMapping[]): ConntrackFilter[] {
  const out = new Map<string, ConntrackFilter>();
  for (const port of ports) {
    if (port.proto !== 'udp') continue;
    const p = validatePort(port);
    const filter: ConntrackFilter = { family: p.family, proto: IPPROTO_UDP, dstPort: p.hostPort };
    if (p.hostIp !== undefined) filter.dstIp = p.hostIp.text;
    out.set(`${p.family} ${p.hostIp?.text ?? '*'} ${p.hostPort}`, filter);
  }
  return [...out.values()];
}
