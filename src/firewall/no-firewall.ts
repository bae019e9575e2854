/**
 * NoFirewall: `--iptables=false`. The engine leaves the host's firewall alone entirely: no
 * table, no NAT, no isolation. Every method is a no-op.
 */
import type { Firewall, FirewallState, NetworkRules, PortMapping } from './types.js';

/** A Firewall that does nothing. */
export class NoFirewall implements Firewall {
  replaceAll(_state: FirewallState): void {}
  addNetwork(_net: NetworkRules): void {}
  removeNetwork(_net: NetworkRules): void {}
  addPorts(_ports: PortMapping[]): void {}
  removePorts(_ports: PortMapping[]): void {}
  watch(_current: () => FirewallState): void {}
  close(): void {}
}
