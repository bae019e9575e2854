/**
 * The kernel settings the firewall's rules rely on. The firewall only writes nft; the network
 * driver sets these (in the namespace the firewall manages) when it creates a bridge, and the
 * daemon sets the host-wide ones at start. Listing them here keeps the reasons next to the rules
 * that need them.
 */
import type { NetworkRules } from './types.js';
import { checkIfname } from './compile/validate.js';

/** One sysctl: path segments below /proc/sys (interface names may contain dots) and value. */
export interface SysctlSetting {
  key: readonly string[];
  value: string;
  /** Why the firewall needs it. */
  why: string;
}

/** Host-wide settings, set once at daemon start when the firewall is enabled. */
export function hostSysctls(): SysctlSetting[] {
  return [
    { key: ['net', 'ipv4', 'ip_forward'], value: '1', why: 'route between bridges and out' },
    {
      key: ['net', 'ipv6', 'conf', 'all', 'forwarding'],
      value: '1',
      why: 'route IPv6 between bridges and out (only when an IPv6 network exists)',
    },
    {
      key: ['net', 'bridge', 'bridge-nf-call-iptables'],
      value: '1',
      why: 'bridged (same-bridge) IPv4 traffic passes the inet forward hook, so ICC=false works',
    },
    {
      key: ['net', 'bridge', 'bridge-nf-call-ip6tables'],
      value: '1',
      why: 'the same for IPv6',
    },
  ];
}

/**
 * Per-bridge settings for a network. `route_localnet=1` lets host → 127.0.0.1:<published port>
 * work: after the output chain DNATs it to the container, the packet leaves through the bridge
 * with source 127.0.0.1, which the kernel drops as a martian unless this is on (postrouting then
 * masquerades it to the bridge address). Internal networks publish nothing, so they skip it.
 */
export function bridgeSysctls(net: NetworkRules): SysctlSetting[] {
  const bridge = checkIfname(net.bridge);
  const hasV4 = net.subnets.some((s) => !s.includes(':'));
  if (net.internal || !hasV4) return [];
  return [
    {
      key: ['net', 'ipv4', 'conf', bridge, 'route_localnet'],
      value: '1',
      why: 'host → 127.0.0.1:<published port> is DNATed out of this bridge with a loopback source',
    },
  ];
}
