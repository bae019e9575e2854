/**
 * `-p/--publish` and `--expose` values → Docker's `PortBindings` and `ExposedPorts`, accepting
 * every form `docker run` does: `containerPort`, `hostPort:containerPort`,
 * `ip:hostPort:containerPort`, `ip::containerPort`, ranges on either side (`8000-8100:8000-8100`,
 * or a host range for one container port), a `/tcp|/udp|/sctp` suffix, and bracketed IPv6
 * addresses (`[::1]:80:80`). Pure, so every form is unit-tested.
 */
import type { PortBindingDto, PortMapDto, PortSet } from '../../../api-types/container.js';
import { invalid } from '../../../common/errors.js';
import { tryParseIp } from '../../../common/ip-address.js';

/** One container port and the host side it is published on. */
export interface PortMapping {
  /** `80/tcp`. */
  port: string;
  binding: Required<PortBindingDto>;
}

const PROTOCOLS = new Set(['tcp', 'udp', 'sctp']);

/** An inclusive port range; a single port has `start === end`. */
interface PortRange {
  start: number;
  end: number;
}

/** Splits `80/udp` into port and protocol (default `tcp`), as Go's `nat.SplitProtoPort`. */
export function splitProtoPort(raw: string): [port: string, proto: string] {
  const slash = raw.indexOf('/');
  if (slash < 0) return [raw, 'tcp'];
  const proto = raw.slice(slash + 1);
  return [raw.slice(0, slash), proto === '' ? 'tcp' : proto.toLowerCase()];
}

function parsePortNumber(text: string, spec: string): number {
  if (!/^\d{1,5}$/.test(text) || Number(text) > 65535) {
    throw invalid(`invalid port specification: ${JSON.stringify(spec)}`);
  }
  return Number(text);
}

/**
 * Parses `80` or `8000-8100`.
 * @throws EngineError `invalid`: `invalid port specification: "<spec>"` for a bad number,
 * `invalid range specified for port: "<text>"` when the end is below the start.
 */
export function parsePortRange(text: string, spec: string = text): PortRange {
  const dash = text.indexOf('-');
  if (dash < 0) {
    const port = parsePortNumber(text, spec);
    return { start: port, end: port };
  }
  const start = parsePortNumber(text.slice(0, dash), spec);
  const end = parsePortNumber(text.slice(dash + 1), spec);
  if (end < start) throw invalid(`invalid range specified for port: ${JSON.stringify(text)}`);
  return { start, end };
}

/** `[ip]`, `ip`, `hostPort`, `containerPort[/proto]` from the colon-separated spec. */
function splitSpec(spec: string): [ip: string, hostPort: string, containerPort: string] {
  const parts = spec.split(':');
  const container = parts[parts.length - 1] ?? '';
  if (parts.length === 1) return ['', '', container];
  if (parts.length === 2) return ['', parts[0] ?? '', container];
  return [parts.slice(0, -2).join(':'), parts[parts.length - 2] ?? '', container];
}

function parseHostIp(raw: string, spec: string): string {
  const bracketed = /^\[(.*)\]$/.exec(raw);
  const ip = bracketed ? (bracketed[1] ?? '') : raw;
  if (ip === '') return '';
  const parsed = tryParseIp(ip);
  if (!parsed || (!bracketed && parsed.family === 6)) {
    throw invalid(
      `invalid IP address ${JSON.stringify(raw)} in port specification ${JSON.stringify(spec)}`,
    );
  }
  return ip;
}

/**
 * Parses one `-p` value into its mappings (one per container port of a range).
 * @throws EngineError `invalid` (`invalid port specification: "x"`, `invalid proto: "x"`,
 * `invalid ranges specified for container and host ports: …`, `invalid IP address …`).
 */
export function parsePortSpec(spec: string): PortMapping[] {
  const [rawIp, hostText, containerWithProto] = splitSpec(spec);
  const hostIp = parseHostIp(rawIp, spec);
  const [containerText, proto] = splitProtoPort(containerWithProto);
  if (containerText === '') throw invalid(`invalid port specification: ${JSON.stringify(spec)}`);
  if (!PROTOCOLS.has(proto)) throw invalid(`invalid proto: ${JSON.stringify(proto)}`);
  const container = parsePortRange(containerText, spec);
  if (container.start === 0) throw invalid(`invalid port specification: ${JSON.stringify(spec)}`);
  const host = hostText === '' ? undefined : parsePortRange(hostText, spec);
  const containerSpan = container.end - container.start;
  if (host && host.end - host.start !== containerSpan && containerSpan !== 0) {
    throw invalid(
      `invalid ranges specified for container and host ports: ${JSON.stringify(containerText)} and ${JSON.stringify(hostText)}`,
    );
  }
  const mappings: PortMapping[] = [];
  for (let i = 0; i <= containerSpan; i++) {
    let hostPort = '';
    if (host && containerSpan === 0 && host.start !== host.end) {
      hostPort = `${host.start}-${host.end}`;
    } else if (host) hostPort = String(host.start + i);
    mappings.push({
      port: `${container.start + i}/${proto}`,
      binding: { HostIp: hostIp, HostPort: hostPort },
    });
  }
  return mappings;
}

/**
 * Parses one `--expose` value (`80`, `8000-8010`, with an optional `/proto`) into port keys.
 * @throws EngineError `invalid` for a `:` (a publish spec) or a bad port or range.
 */
export function parseExposeSpec(spec: string): string[] {
  if (spec.includes(':')) {
    throw invalid(`invalid port format for --expose: ${JSON.stringify(spec)}`);
  }
  const [portText, proto] = splitProtoPort(spec);
  if (!PROTOCOLS.has(proto)) throw invalid(`invalid proto: ${JSON.stringify(proto)}`);
  const range = parsePortRange(portText, spec);
  const ports: string[] = [];
  for (let p = range.start; p <= range.end; p++) ports.push(`${p}/${proto}`);
  return ports;
}

/** What `-p` and `--expose` contribute to the create request. */
export interface PortConfig {
  exposedPorts: PortSet;
  portBindings: PortMapDto;
}

/** Builds `ExposedPorts` (every published and exposed port) and `PortBindings`. */
export function buildPortConfig(publish: readonly string[], expose: readonly string[]): PortConfig {
  const exposedPorts: PortSet = {};
  const portBindings: Record<string, PortBindingDto[]> = {};
  for (const spec of publish) {
    for (const { port, binding } of parsePortSpec(spec)) {
      exposedPorts[port] = {};
      (portBindings[port] ??= []).push(binding);
    }
  }
  for (const spec of expose) {
    for (const port of parseExposeSpec(spec)) exposedPorts[port] = {};
  }
  return { exposedPorts, portBindings };
}
