/**
 * Validates a `POST /containers/create` request against the rules Docker and PouchContainer
 * apply, and merges the image's defaults into the container's config. Everything that can be
 * checked before start is checked here, so a bad request creates nothing.
 */
import type {
  ContainerConfigDto,
  ContainerCreateRequest,
  HostConfigDto,
} from '../api-types/container.js';
import type { EndpointSettingsRequest } from '../api-types/network-connect.js';
import { invalid } from '../common/errors.js';
import { normalizeMac } from '../common/mac.js';
import { parseIp, tryParseIp } from '../common/ip-address.js';
import type { ResolvedImage } from '../image/image-service.js';
import { splitExtraHost } from './network-files.js';
import { formatNetworkMode, parseNetworkMode, type NetworkMode } from './network-mode.js';
import { portRequests } from './port-bindings.js';
import { mergeEnv } from './process-spec.js';

export interface PlannedContainer {
  config: ContainerConfigDto;
  hostConfig: HostConfigDto;
  mode: NetworkMode;
  endpoints: Record<string, EndpointSettingsRequest>;
}

const HOSTNAME =
  /^[a-zA-Z0-9]([a-zA-Z0-9-]{0,61}[a-zA-Z0-9])?(\.[a-zA-Z0-9]([a-zA-Z0-9-]{0,61}[a-zA-Z0-9])?)*$/;

function checkHostFlags(req: ContainerCreateRequest, mode: NetworkMode): void {
  const h = req.HostConfig ?? {};
  if (req.Hostname && !HOSTNAME.test(req.Hostname))
    throw invalid(`invalid hostname "${req.Hostname}"`);
  if (mode.kind === 'container') {
    const conflicts: Array<[boolean, string]> = [
      [Boolean(req.Hostname), 'hostname'],
      [Boolean(req.MacAddress), 'mac-address'],
      [
        (h.Dns ?? []).length > 0 ||
          (h.DnsSearch ?? []).length > 0 ||
          (h.DnsOptions ?? []).length > 0,
        'dns',
      ],
      [(h.ExtraHosts ?? []).length > 0, 'add-host'],
      [Object.keys(h.PortBindings ?? {}).length > 0 || h.PublishAllPorts === true, 'publish'],
      [(h.Links ?? []).length > 0, 'link'],
    ];
    const hit = conflicts.find(([set]) => set);
    if (hit) throw invalid(`conflicting options: ${hit[1]} and the network mode`);
  }
  for (const e of h.ExtraHosts ?? []) {
    const { name, ip } = splitExtraHost(e);
    if (name === '' || tryParseIp(ip) === undefined)
      throw invalid(`invalid IP address in add-host: "${e}"`);
  }
  for (const ip of h.Dns ?? []) parseIp(ip);
  for (const key of Object.keys(h.Sysctls ?? {})) {
    if (!key.startsWith('net.'))
      throw invalid(`sysctl "${key}" is not allowed: only net.* sysctls can be set`);
    if (mode.kind === 'host')
      throw invalid(`sysctl "${key}" is not allowed in host network namespace`);
  }
  if (req.MacAddress) normalizeMac(req.MacAddress);
}

function checkEndpoint(net: string, ep: EndpointSettingsRequest): void {
  const ipam = ep.IPAMConfig ?? {};
  if (ipam.IPv4Address) {
    const ip = tryParseIp(ipam.IPv4Address);
    if (ip?.family !== 4) throw invalid(`invalid IPv4 address: ${ipam.IPv4Address}`);
  }
  if (ipam.IPv6Address) {
    const ip = tryParseIp(ipam.IPv6Address);
    if (ip?.family !== 6) throw invalid(`invalid IPv6 address: ${ipam.IPv6Address}`);
  }
  if (ep.MacAddress) normalizeMac(ep.MacAddress);
  for (const alias of ep.Aliases ?? []) {
    if (!HOSTNAME.test(alias)) throw invalid(`invalid alias "${alias}" for network ${net}`);
  }
}

/** Decides the network mode and the endpoints to make at start (one network at create, as in API 1.41). */
function planEndpoints(req: ContainerCreateRequest): {
  mode: NetworkMode;
  endpoints: Record<string, EndpointSettingsRequest>;
} {
  const given = Object.entries(req.NetworkingConfig?.EndpointsConfig ?? {}).filter(
    (e): e is [string, EndpointSettingsRequest] => e[1] !== null,
  );
  if (given.length > 1) {
    throw invalid(
      `Container cannot be connected to network endpoints: ${given.map(([n]) => n).join(', ')}`,
    );
  }
  let modeText = req.HostConfig?.NetworkMode;
  if (
    (modeText === undefined || modeText === '' || modeText === 'default') &&
    given[0] !== undefined
  ) {
    modeText = given[0][0];
  }
  const mode = parseNetworkMode(modeText);
  const endpoints: Record<string, EndpointSettingsRequest> = {};
  const own = given.find(([n]) => n === formatNetworkMode(mode))?.[1];
  if (given[0] !== undefined && own === undefined && mode.kind !== 'bridge') {
    throw invalid(
      `network ${given[0][0]} does not match the network mode ${formatNetworkMode(mode)}`,
    );
  }
  if (mode.kind === 'bridge' || mode.kind === 'none' || mode.kind === 'host') {
    const name = mode.kind === 'bridge' ? mode.network : mode.kind;
    const ep = { ...(own ?? given[0]?.[1] ?? {}) };
    if (req.MacAddress && !ep.MacAddress) ep.MacAddress = req.MacAddress;
    checkEndpoint(name, ep);
    endpoints[name] = ep;
  }
  return { mode, endpoints };
}

/** Validates the request and merges the image's defaults (env, cmd, workdir, user, ports, labels). */
export function planContainer(req: ContainerCreateRequest, image: ResolvedImage): PlannedContainer {
  const { mode, endpoints } = planEndpoints(req);
  checkHostFlags(req, mode);
  const img = image.config;
  const useImageCmd = req.Entrypoint === undefined || req.Entrypoint === null;
  const exposed: Record<string, Record<string, never>> = {};
  for (const p of img.exposedPorts) exposed[p] = {};
  for (const p of Object.keys(req.ExposedPorts ?? {})) exposed[p] = {};
  for (const p of Object.keys(req.HostConfig?.PortBindings ?? {})) exposed[p] = {};
  const config: ContainerConfigDto = {
    ...req,
    Image: req.Image,
    Hostname: req.Hostname ?? '',
    Domainname: req.Domainname ?? '',
    User: req.User || img.user,
    Env: mergeEnv(img.env, req.Env),
    Cmd: req.Cmd && req.Cmd.length > 0 ? req.Cmd : useImageCmd ? (img.cmd ?? null) : null,
    Entrypoint: useImageCmd
      ? (img.entrypoint ?? null)
      : req.Entrypoint && req.Entrypoint.length > 0
        ? req.Entrypoint
        : null,
    WorkingDir: req.WorkingDir || img.workingDir,
    ExposedPorts: Object.keys(exposed).length > 0 ? exposed : null,
    Labels: { ...img.labels, ...(req.Labels ?? {}) },
    StopSignal: req.StopSignal || img.stopSignal,
  };
  delete (config as { HostConfig?: unknown }).HostConfig;
  delete (config as { NetworkingConfig?: unknown }).NetworkingConfig;
  const hostConfig: HostConfigDto = {
    ...(req.HostConfig ?? {}),
    NetworkMode: formatNetworkMode(mode),
  };
  portRequests(config, hostConfig);
  if ((config.Entrypoint ?? []).length + (config.Cmd ?? []).length === 0) {
    throw invalid('No command specified');
  }
  return { config, hostConfig, mode, endpoints };
}
