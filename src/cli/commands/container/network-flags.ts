/**
 * The network flags of `run`/`create` (`--net`/`--network`, `--ip`, `--ip6`, `--mac-address`,
 * `--net-alias`, `--link`, DNS and host entries) → `HostConfig.NetworkMode` and the primary
 * endpoint's `EndpointsConfig` entry.
 *
 * `--net` accepts PouchContainer's forms besides a plain network name: `container:<id>`,
 * `netns:<path>`, `name:<ipv4>` (the endpoint address), and a `:mode` suffix that makes that
 * entry the network mode when several are given. API v1.41 creates a container on one
 * network only, so the other networks are connected after create (see `extraNetworks`).
 */
import type { EndpointSettingsRequest } from '../../../api-types/network-connect.js';
import { invalid } from '../../../common/errors.js';
import { tryParseIp } from '../../../common/ip-address.js';
import { tryParseMac } from '../../../common/mac.js';

/** One parsed `--net` value. */
export interface NetworkSpec {
  name: string;
  ipv4?: string;
  /** Marked `:mode`: this entry is the container's network mode. */
  mode: boolean;
}

/** The network-related flags, as commander hands them over. */
export interface NetworkFlags {
  net?: string[];
  ip?: string;
  ip6?: string;
  macAddress?: string;
  netAlias?: string[];
  link?: string[];
}

/** The networking part of the create request plus the networks to connect afterwards. */
export interface NetworkPlan {
  mode: string;
  /** `undefined` for `container:` and `netns:` modes, which have no endpoint of their own. */
  endpoint?: EndpointSettingsRequest;
  extraNetworks: NetworkSpec[];
}

/** Parses one `--net` value. @throws EngineError `invalid` for a malformed value. */
export function parseNetworkSpec(value: string): NetworkSpec {
  if (value === '') throw invalid('invalid network specification: ""');
  if (/^(container|netns):/.test(value)) return { name: value, mode: false };
  const [name = '', ...rest] = value.split(':');
  const mode = rest[rest.length - 1] === 'mode';
  if (mode) rest.pop();
  if (name === '' || rest.length > 1) {
    throw invalid(`invalid network specification: ${JSON.stringify(value)}`);
  }
  const ipv4 = rest[0];
  if (ipv4 === undefined) return { name, mode };
  if (tryParseIp(ipv4)?.family !== 4) throw invalid(`invalid IPv4 address: ${ipv4}`);
  return { name, ipv4, mode };
}

function checkAddress(value: string | undefined, family: 4 | 6): string {
  if (value === undefined || value === '') return '';
  if (tryParseIp(value)?.family !== family) throw invalid(`invalid IPv${family} address: ${value}`);
  return value;
}

/**
 * Picks the mode (the `:mode` entry, else the first, else `bridge`) and builds its endpoint.
 * @throws EngineError `invalid` for bad addresses, a bad MAC or link, or two `:mode` entries.
 */
export function planNetworks(flags: NetworkFlags): NetworkPlan {
  const specs = (flags.net ?? []).map(parseNetworkSpec);
  const marked = specs.filter((s) => s.mode);
  if (marked.length > 1) throw invalid('only one network can be marked as the network mode');
  const primary = marked[0] ?? specs[0] ?? { name: 'bridge', mode: true };
  const extraNetworks = specs.filter((s) => s !== primary);
  if (extraNetworks.length > 0 && /^(container|netns|host|none)(:|$)/.test(primary.name)) {
    throw invalid(`network mode ${primary.name} cannot be combined with other networks`);
  }
  const macAddress = flags.macAddress ?? '';
  if (macAddress !== '' && tryParseMac(macAddress) === undefined) {
    throw invalid(`invalid MAC address: ${macAddress}`);
  }
  for (const link of flags.link ?? []) parseLink(link);
  if (/^(container|netns):/.test(primary.name)) return { mode: primary.name, extraNetworks };
  const endpoint: EndpointSettingsRequest = {
    IPAMConfig: {
      IPv4Address: checkAddress(flags.ip ?? primary.ipv4, 4),
      IPv6Address: checkAddress(flags.ip6, 6),
    },
    Aliases: flags.netAlias ?? [],
    Links: flags.link ?? [],
    MacAddress: macAddress,
  };
  return { mode: primary.name, endpoint, extraNetworks };
}

/**
 * Validates `--link name[:alias]` (Docker's ValidateLink).
 * @throws EngineError `invalid` with `invalid link format: "<value>"`.
 */
export function parseLink(value: string): [name: string, alias: string] {
  const parts = value.split(':');
  const name = parts[0] ?? '';
  const alias = parts.length === 2 ? (parts[1] ?? '') : name;
  if (name === '' || alias === '' || parts.length > 2) {
    throw invalid(`invalid link format: ${JSON.stringify(value)}`);
  }
  return [name, alias];
}

/**
 * Validates `--add-host host:ip` (split at the first `:`, so IPv6 works; Docker's special
 * `host-gateway` is passed through for the daemon to resolve).
 * @throws EngineError `invalid` with `invalid add-host format: "<value>"`.
 */
export function validateExtraHost(value: string): string {
  const colon = value.indexOf(':');
  const host = value.slice(0, Math.max(colon, 0));
  const ip = value.slice(colon + 1);
  if (colon <= 0 || host.trim() === '' || (ip !== 'host-gateway' && !tryParseIp(ip))) {
    throw invalid(`invalid add-host format: ${JSON.stringify(value)}`);
  }
  return value;
}

/** Validates a `--dns` server address. @throws EngineError `invalid`. */
export function validateDnsServer(value: string): string {
  if (!tryParseIp(value)) throw invalid(`invalid DNS server address: ${JSON.stringify(value)}`);
  return value;
}
