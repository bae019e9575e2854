/** The embedded DNS resolver: one {@link DnsServer} per network, one shared {@link Forwarder}. */
export type { DnsAsker, DnsDirectory } from './directory.js';
export { answerLocally, LOCAL_TTL_SECONDS, type LocalDecision } from './answer.js';
export {
  Forwarder,
  type ForwarderOptions,
  type ForwardOptions,
  type ForwarderStats,
} from './upstream.js';
export { DnsServer, type DnsServerStartOptions, type DnsTcpLimits } from './dns-server.js';
export type { DnsLogger, DnsServerStats } from './query-handler.js';
