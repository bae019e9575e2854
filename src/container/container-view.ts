import type {
  ContainerInspectResponse,
  ContainerSummaryDto,
  EndpointSettingsDto,
  NetworkSettingsDto,
  PortMapDto,
} from '../api-types/container.js';
import type { NetworkController } from '../network/controller.js';
import type { EndpointRecord } from '../network/records.js';
import type { ContainerRegistry } from './container-registry.js';
import { portMap } from './port-bindings.js';
import { parseNetworkMode } from './network-mode.js';
import type { ContainerRecord } from './records.js';

const split = (cidr: string): [string, number] => {
  const [a = '', p = '0'] = cidr.split('/');
  return [a, cidr === '' ? 0 : Number(p)];
};

function endpointDto(
  c: ContainerRecord,
  name: string,
  ep: EndpointRecord | undefined,
): EndpointSettingsDto {
  const cfg = c.endpoints[name] ?? {};
  const [ip4, len4] = split(ep?.ipv4 ?? '');
  const [ip6, len6] = split(ep?.ipv6 ?? '');
  return {
    IPAMConfig: cfg.IPAMConfig ?? null,
    Links: cfg.Links ?? null,
    Aliases: ep?.aliases ?? cfg.Aliases ?? null,
    NetworkID: ep?.networkId ?? '',
    EndpointID: ep?.id ?? '',
    Gateway: ep?.gatewayV4 ?? '',
    IPAddress: ip4,
    IPPrefixLen: len4,
    IPv6Gateway: ep?.gatewayV6 ?? '',
    GlobalIPv6Address: ip6,
    GlobalIPv6PrefixLen: len6,
    MacAddress: ep?.mac ?? '',
    DriverOpts: cfg.DriverOpts ?? null,
  };
}

/** `NetworkSettings.Networks`: every configured network, filled from its live endpoint if any. */
export function networksOf(
  c: ContainerRecord,
  ctl: NetworkController,
): Record<string, EndpointSettingsDto> {
  const sb = ctl.findSandbox(c.id);
  const live = new Map<string, EndpointRecord>();
  for (const ep of sb === undefined ? [] : ctl.endpointsOf(sb.id)) {
    const net = ctl.state.networks.get(ep.networkId);
    if (net !== undefined) live.set(net.name, ep);
  }
  const out: Record<string, EndpointSettingsDto> = {};
  for (const name of new Set([...Object.keys(c.endpoints), ...live.keys()])) {
    out[name] = endpointDto(c, name, live.get(name));
  }
  return out;
}

/** Exposed ports and their bindings while running (Docker shows `{}` for a stopped container). */
function portsOf(c: ContainerRecord, ctl: NetworkController): PortMapDto {
  if (c.state.status !== 'running') return {};
  const sb = ctl.findSandbox(c.id);
  const mappings = sb === undefined ? [] : ctl.endpointsOf(sb.id).flatMap((e) => e.ports ?? []);
  return portMap(c.config, mappings);
}

function networkSettings(c: ContainerRecord, ctl: NetworkController): NetworkSettingsDto {
  const sb = ctl.findSandbox(c.id);
  const networks = networksOf(c, ctl);
  const primary = networks.bridge;
  return {
    Bridge: '',
    SandboxID: sb?.id ?? '',
    HairpinMode: false,
    LinkLocalIPv6Address: '',
    LinkLocalIPv6PrefixLen: 0,
    Ports: portsOf(c, ctl),
    SandboxKey: sb?.key ?? '',
    SecondaryIPAddresses: null,
    SecondaryIPv6Addresses: null,
    EndpointID: primary?.EndpointID ?? '',
    Gateway: primary?.Gateway ?? '',
    GlobalIPv6Address: primary?.GlobalIPv6Address ?? '',
    GlobalIPv6PrefixLen: primary?.GlobalIPv6PrefixLen ?? 0,
    IPAddress: primary?.IPAddress ?? '',
    IPPrefixLen: primary?.IPPrefixLen ?? 0,
    IPv6Gateway: primary?.IPv6Gateway ?? '',
    MacAddress: primary?.MacAddress ?? '',
    Networks: networks,
  };
}

/** `GET /containers/{id}/json`. */
export function toInspect(
  c: ContainerRecord,
  ctl: NetworkController,
  registry: ContainerRegistry,
): ContainerInspectResponse {
  const args = [...(c.config.Entrypoint ?? []), ...(c.config.Cmd ?? [])];
  const mode = parseNetworkMode(c.hostConfig.NetworkMode);
  const files =
    mode.kind === 'container' ? (registry.find(mode.target)?.paths ?? c.paths) : c.paths;
  const s = c.state;
  return {
    Id: c.id,
    Created: c.created,
    Path: args[0] ?? '',
    Args: args.slice(1),
    State: {
      Status: s.status,
      Running: s.status === 'running',
      Paused: false,
      Restarting: false,
      OOMKilled: false,
      Dead: s.status === 'dead',
      Pid: s.pid,
      ExitCode: s.exitCode,
      Error: s.error,
      StartedAt: s.startedAt,
      FinishedAt: s.finishedAt,
    },
    Image: c.imageId,
    ResolvConfPath: files.resolvConfPath,
    HostnamePath: files.hostnamePath,
    HostsPath: files.hostsPath,
    LogPath: c.paths.logPath,
    Name: `/${c.name}`,
    RestartCount: c.restartCount,
    Driver: 'overlay2',
    Platform: 'linux',
    MountLabel: '',
    ProcessLabel: '',
    AppArmorProfile: '',
    ExecIDs: null,
    HostConfig: c.hostConfig,
    Mounts: [],
    Config: c.config,
    NetworkSettings: networkSettings(c, ctl),
  };
}

function ago(iso: string): string {
  const s = Math.max(0, Math.round((Date.now() - Date.parse(iso)) / 1000));
  if (s < 1) return 'Less than a second';
  if (s < 60) return `${s} seconds`;
  if (s < 3600) return `${Math.round(s / 60)} minutes`;
  if (s < 86400) return `${Math.round(s / 3600)} hours`;
  return `${Math.round(s / 86400)} days`;
}

function statusText(c: ContainerRecord): string {
  switch (c.state.status) {
    case 'running':
      return `Up ${ago(c.state.startedAt)}`;
    case 'exited':
      return `Exited (${c.state.exitCode}) ${ago(c.state.finishedAt)} ago`;
    case 'created':
      return 'Created';
    default:
      return c.state.status.charAt(0).toUpperCase() + c.state.status.slice(1);
  }
}

/** `ps`'s Ports: one item per published mapping, exposed-only ports without public side. */
function summaryPorts(c: ContainerRecord, ctl: NetworkController): ContainerSummaryDto['Ports'] {
  const out: ContainerSummaryDto['Ports'] = [];
  for (const [k, bindings] of Object.entries(portsOf(c, ctl))) {
    const [port = '0', type = 'tcp'] = k.split('/');
    if (bindings === null) out.push({ PrivatePort: Number(port), Type: type });
    else
      for (const b of bindings)
        out.push({
          IP: b.HostIp ?? '',
          PrivatePort: Number(port),
          PublicPort: Number(b.HostPort),
          Type: type,
        });
  }
  return out;
}

/** One item of `GET /containers/json`. */
export function toSummary(c: ContainerRecord, ctl: NetworkController): ContainerSummaryDto {
  return {
    Id: c.id,
    Names: [`/${c.name}`],
    Image: c.imageRef,
    ImageID: c.imageId,
    Command: [...(c.config.Entrypoint ?? []), ...(c.config.Cmd ?? [])].join(' '),
    Created: Math.floor(Date.parse(c.created) / 1000),
    Ports: summaryPorts(c, ctl),
    Labels: c.config.Labels ?? {},
    State: c.state.status,
    Status: statusText(c),
    HostConfig: { NetworkMode: c.hostConfig.NetworkMode ?? 'bridge' },
    NetworkSettings: { Networks: networksOf(c, ctl) },
    Mounts: [],
  };
}
