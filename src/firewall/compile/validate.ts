/**
 * Validation and normalisation of the firewall's inputs. Everything that ends up in nft text
 * passes through here first, so nothing a user typed can change the meaning of a transaction:
 * addresses are re-formatted from their parsed integer value (nft would resolve a hostname and
 * read `010.0.0.1` as octal), ports are integers in 1..65535, and names and owner ids are
 * restricted to characters that need no quoting.
 */
import { formatCidr, parseCidr, type Cidr } from '../../common/cidr.js';
import { invalid } from '../../common/errors.js';
import { formatIp, parseIpOfFamily, type IpAddress } from '../../common/ip-address.js';
import type { NetworkRules, PortMapping, Protocol } from '../types.js';
import { PROTOCOLS } from './names.js';

/** A network whose every field is safe to print into nft text. */
export interface ValidNetwork {
  id: string;
  bridge: string;
  /** Subnets masked to their network, in canonical order (IPv4 first, then numeric). */
  subnets: { cidr: Cidr; text: string }[];
  masquerade: boolean;
  icc: boolean;
  internal: boolean;
}

/** A port mapping whose every field is safe to print into nft text. */
export interface ValidPort {
  owner: string;
  proto: Protocol;
  family: 4 | 6;
  /** Canonical host address, or undefined for every address of the family. */
  hostIp: { address: IpAddress; text: string } | undefined;
  hostPort: number;
  containerIp: string;
  containerPort: number;
}

/** Interface names: 1–15 characters from a set that never needs escaping inside "…". */
const IFNAME_PATTERN = /^[A-Za-z0-9_][A-Za-z0-9_.-]{0,14}$/;
/** Owner ids (network and endpoint ids): printed inside a `comment "…"`. */
const OWNER_PATTERN = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,99}$/;

function checkOwner(value: unknown, what: string): string {
  if (typeof value !== 'string' || !OWNER_PATTERN.test(value)) {
    throw invalid(`Cannot use ${what} "${String(value)}" in the firewall: not an id`);
  }
  return value;
}

function checkBoolean(value: unknown, what: string): boolean {
  if (typeof value !== 'boolean')
    throw invalid(`Cannot use ${what} "${String(value)}": not a boolean`);
  return value;
}

/** Checks an interface name; `invalid` unless it is 1–15 plain characters. */
export function checkIfname(value: unknown): string {
  if (typeof value !== 'string' || !IFNAME_PATTERN.test(value)) {
    throw invalid(`Cannot use bridge "${String(value)}" in the firewall: not an interface name`);
  }
  return value;
}

/** Checks a port number; `invalid` unless it is an integer in 1..65535. */
export function checkPort(value: unknown, what: string): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 1 || value > 65535) {
    throw invalid(`Cannot publish ${what} "${String(value)}": not a port in 1-65535`);
  }
  return value;
}

function compareCidr(a: Cidr, b: Cidr): number {
  if (a.family !== b.family) return a.family - b.family;
  if (a.network !== b.network) return a.network < b.network ? -1 : 1;
  return a.prefix - b.prefix;
}

/** Validates and normalises a network's rules. */
export function validateNetwork(net: NetworkRules): ValidNetwork {
  if (!Array.isArray(net.subnets)) throw invalid(`Cannot use subnets of network "${net.id}"`);
  const subnets = net.subnets
    .map((s) => {
      if (typeof s !== 'string') throw invalid(`Cannot use subnet "${String(s)}": not a CIDR`);
      const cidr = parseCidr(s);
      return { cidr, text: formatCidr(cidr) };
    })
    .sort((a, b) => compareCidr(a.cidr, b.cidr));
  return {
    id: checkOwner(net.id, 'network id'),
    bridge: checkIfname(net.bridge),
    subnets: subnets.filter((s, i) => i === 0 || s.text !== subnets[i - 1]?.text),
    masquerade: checkBoolean(net.masquerade, 'masquerade'),
    icc: checkBoolean(net.icc, 'icc'),
    internal: checkBoolean(net.internal, 'internal'),
  };
}

function checkFamily(value: unknown): 4 | 6 {
  if (value !== 4 && value !== 6) throw invalid(`Cannot publish family "${String(value)}"`);
  return value;
}

function checkProtocol(value: unknown): Protocol {
  const proto = PROTOCOLS.find((p) => p === value);
  if (proto === undefined) throw invalid(`Cannot publish protocol "${String(value)}"`);
  return proto;
}

/** '' and the unspecified address (0.0.0.0, ::) both mean "every address of the family". */
function checkHostIp(value: unknown, family: 4 | 6): ValidPort['hostIp'] {
  if (value === '') return undefined;
  if (typeof value !== 'string') throw invalid(`Cannot publish on host IP "${String(value)}"`);
  const address = parseIpOfFamily(value, family, 'host IP');
  return address.value === 0n ? undefined : { address, text: formatIp(address) };
}

/** Validates and normalises a port mapping. */
export function validatePort(port: PortMapping): ValidPort {
  const family = checkFamily(port.family);
  if (typeof port.containerIp !== 'string') throw invalid('Cannot publish: no container IP');
  const container = parseIpOfFamily(port.containerIp, family, 'container IP');
  if (container.value === 0n) throw invalid(`Cannot publish to container IP "${port.containerIp}"`);
  return {
    owner: checkOwner(port.owner, 'endpoint id'),
    proto: checkProtocol(port.proto),
    family,
    hostIp: checkHostIp(port.hostIp, family),
    hostPort: checkPort(port.hostPort, 'host port'),
    containerIp: formatIp(container),
    containerPort: checkPort(port.containerPort, 'container port'),
  };
}
