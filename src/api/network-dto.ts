/**
 * Conversion between Docker's network wire shapes (api-types/network.ts) and the controller's
 * domain types (network/types.ts). The body has already passed the JSON schema, so this only
 * applies Docker's defaults, resolves Pouch's aliases, and refuses known fields pouchd cannot
 * honour (rather than dropping them silently).
 */
import { invalid } from '../common/errors.js';
import type {
  IpamConfigDto,
  NetworkCreateRequest,
  NetworkCreateResponse,
  NetworkResource,
} from '../api-types/network.js';
import type { IpamConfigSpec, NetworkSpec, NetworkView } from '../network/types.js';

/** Docker's default driver and IPAM driver when a request leaves them out or empty. */
export const DEFAULT_DRIVER = 'bridge';
export const DEFAULT_IPAM_DRIVER = 'default';

const nonEmpty = (value: string | undefined): string | undefined =>
  value === undefined || value === '' ? undefined : value;

function auxAddresses(dto: IpamConfigDto, where: string): Record<string, string> | undefined {
  const { AuxiliaryAddresses: docker, AuxAddress: pouch } = dto;
  if (docker !== undefined && pouch !== undefined) {
    throw invalid(
      `invalid JSON: field "${where}": give AuxiliaryAddresses or its alias AuxAddress, not both`,
      'INVALID_JSON',
    );
  }
  return docker ?? pouch;
}

function toIpamConfigSpec(dto: IpamConfigDto, index: number): IpamConfigSpec {
  const spec: IpamConfigSpec = {};
  const subnet = nonEmpty(dto.Subnet);
  const ipRange = nonEmpty(dto.IPRange);
  const gateway = nonEmpty(dto.Gateway);
  const aux = auxAddresses(dto, `IPAM.Config[${index}]`);
  if (subnet !== undefined) spec.subnet = subnet;
  if (ipRange !== undefined) spec.ipRange = ipRange;
  if (gateway !== undefined) spec.gateway = gateway;
  if (aux !== undefined) spec.auxAddresses = aux;
  return spec;
}

/** Swarm-only and config-only features of Docker that a single-host engine cannot provide. */
function refuseUnsupported(req: NetworkCreateRequest): void {
  const cannot = (detail: string) =>
    invalid(`Cannot create network "${req.Name}": ${detail}`, 'UNSUPPORTED_NETWORK_OPTION');
  if (req.Scope !== undefined && req.Scope !== '' && req.Scope !== 'local') {
    throw cannot(`scope "${req.Scope}" is not supported; pouchd networks are local`);
  }
  if (req.Ingress === true) throw cannot('ingress networks need swarm mode');
  if (req.ConfigOnly === true || nonEmpty(req.ConfigFrom?.Network) !== undefined) {
    throw cannot('config-only networks are not supported');
  }
}

/**
 * Builds the controller's NetworkSpec from a validated create request. `Driver` defaults to
 * `bridge` and `IPAM.Driver` to `default`; `AuxAddress` is accepted as `AuxiliaryAddresses`;
 * `CheckDuplicate` is ignored because duplicates are always refused (Docker ≥ 25 does the same).
 */
export function toNetworkSpec(req: NetworkCreateRequest): NetworkSpec {
  refuseUnsupported(req);
  const ipam: NonNullable<NetworkSpec['ipam']> = {
    driver: nonEmpty(req.IPAM?.Driver) ?? DEFAULT_IPAM_DRIVER,
    config: (req.IPAM?.Config ?? []).map(toIpamConfigSpec),
  };
  if (req.IPAM?.Options != null) ipam.options = req.IPAM.Options;
  const spec: NetworkSpec = {
    name: req.Name,
    driver: nonEmpty(req.Driver) ?? DEFAULT_DRIVER,
    enableIPv6: req.EnableIPv6 ?? false,
    internal: req.Internal ?? false,
    attachable: req.Attachable ?? false,
    ipam,
  };
  if (req.Options != null) spec.options = req.Options;
  if (req.Labels != null) spec.labels = req.Labels;
  return spec;
}

/** `POST /networks/create` reply; Docker always sends `Warning`, empty when there is none. */
export function toCreateResponse(result: { id: string; warning?: string }): NetworkCreateResponse {
  return { Id: result.id, Warning: result.warning ?? '' };
}

type IpamConfigResource = NetworkResource['IPAM']['Config'][number];

/** Docker marks every IPAMConfig field `omitempty`: empty strings and maps are left out. */
function toIpamConfigResource(config: NetworkView['ipam']['config'][number]): IpamConfigResource {
  const out: IpamConfigResource = { Subnet: config.subnet };
  if (nonEmpty(config.ipRange) !== undefined) out.IPRange = config.ipRange;
  if (nonEmpty(config.gateway) !== undefined) out.Gateway = config.gateway;
  if (config.auxAddresses !== undefined && Object.keys(config.auxAddresses).length > 0) {
    out.AuxiliaryAddresses = config.auxAddresses;
  }
  return out;
}

function toContainers(view: NetworkView): NetworkResource['Containers'] {
  const containers: NetworkResource['Containers'] = {};
  for (const ep of view.endpoints) {
    containers[ep.containerId] = {
      Name: ep.name,
      EndpointID: ep.endpointId,
      MacAddress: ep.macAddress,
      IPv4Address: ep.ipv4Address,
      IPv6Address: ep.ipv6Address,
    };
  }
  return containers;
}

/**
 * Docker's NetworkResource for a view, field names and order as Docker prints them.
 * `withContainers: false` gives the list form, where Docker (API ≥ 1.28) sends `{}`.
 */
export function toNetworkResource(
  view: NetworkView,
  options: { withContainers: boolean } = { withContainers: true },
): NetworkResource {
  return {
    Name: view.name,
    Id: view.id,
    Created: view.created,
    Scope: view.scope,
    Driver: view.driver,
    EnableIPv6: view.enableIPv6,
    IPAM: {
      Driver: view.ipam.driver,
      Options: view.ipam.options,
      Config: view.ipam.config.map(toIpamConfigResource),
    },
    Internal: view.internal,
    Attachable: view.attachable,
    Ingress: false,
    ConfigFrom: { Network: '' },
    ConfigOnly: false,
    Containers: options.withContainers ? toContainers(view) : {},
    Options: view.options,
    Labels: view.labels,
  };
}
