/** The firewall layer's public surface. */
export type * from './types.js';
export type { FirewallLogger } from './logger.js';
export { NftFirewall, type NftFirewallOptions } from './nft-firewall.js';
export { NoFirewall } from './no-firewall.js';
export { bridgeSysctls, hostSysctls, type SysctlSetting } from './sysctls.js';
export {
  compileAddNetwork,
  compileAddPorts,
  compileRemoveNetwork,
  compileRemovePorts,
  compileTable,
  TABLE_FAMILY,
  TABLE_NAME,
} from './compile/index.js';
export { applySandboxDns, compileSandboxDns, DNS_LISTEN_ADDRESS } from './sandbox-dns.js';
