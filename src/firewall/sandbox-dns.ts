/**
 * The container side of the embedded DNS: inside a sandbox namespace, queries to 127.0.0.11:53
 * are DNATed to the resolver on the network's gateway address, and their loopback source is
 * rewritten to the container's own address, so the resolver (in the daemon, one socket pair per
 * network) sees who asks. One small table per sandbox (`ip pouch_dns`), replaced atomically.
 */
import { invalid } from '../common/errors.js';
import { formatIp, parseIpOfFamily } from '../common/ip-address.js';
import { NftRunner } from './nft-runner.js';

export const DNS_LISTEN_ADDRESS = '127.0.0.11';

/** The table text for a sandbox whose resolver is `gateway` and whose own address is `containerIp`. */
export function compileSandboxDns(
  target: { gateway: string; containerIp: string } | undefined,
): string {
  const head = 'add table ip pouch_dns\ndelete table ip pouch_dns\n';
  if (target === undefined) return head;
  const gw = formatIp(parseIpOfFamily(target.gateway, 4, 'gateway'));
  const ip = formatIp(parseIpOfFamily(target.containerIp, 4, 'container address'));
  if (gw === ip) throw invalid('the resolver address cannot be the container address');
  return `${head}table ip pouch_dns {
  chain output {
    type nat hook output priority -100; policy accept;
    ip daddr ${DNS_LISTEN_ADDRESS} udp dport 53 dnat to ${gw}:53
    ip daddr ${DNS_LISTEN_ADDRESS} tcp dport 53 dnat to ${gw}:53
  }
  chain postrouting {
    type nat hook postrouting priority srcnat; policy accept;
    ip daddr ${gw} ip saddr 127.0.0.0/8 snat to ${ip}
  }
}
`;
}

/**
 * Points the sandbox's 127.0.0.11 at `target` (or removes the redirect when undefined). Runs nft
 * without blocking the daemon (~10 ms per sandbox): a container start overlaps it with runc.
 */
export function applySandboxDns(
  netnsPath: string,
  target: { gateway: string; containerIp: string } | undefined,
): Promise<void> {
  return new NftRunner({ netnsPath }).applyAsync(
    compileSandboxDns(target),
    'program the embedded DNS redirect',
  );
}
