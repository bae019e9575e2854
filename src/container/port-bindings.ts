import type { ContainerConfigDto, HostConfigDto, PortMapDto } from '../api-types/container.js';
import { invalid } from '../common/errors.js';
import type { PortMapping, Protocol } from '../firewall/types.js';
import type { PortRequest } from '../network/ports/port-request.js';

const PROTOS = new Set<Protocol>(['tcp', 'udp', 'sctp']);

/** `80/tcp` → port and protocol (tcp when omitted), validated. */
export function parsePortKey(keyText: string): { port: number; proto: Protocol } {
  const [portText = '', protoText = 'tcp'] = keyText.split('/');
  const port = Number(portText);
  const proto = protoText.toLowerCase() as Protocol;
  if (!/^\d+$/.test(portText) || port < 1 || port > 65535 || !PROTOS.has(proto)) {
    throw invalid(`invalid port specification: "${keyText}"`);
  }
  return { port, proto };
}

function parseHostPort(
  text: string | undefined,
  keyText: string,
): { hostPort: number; hostPortEnd?: number } {
  if (text === undefined || text === '') return { hostPort: 0 };
  const m = /^(\d+)(?:-(\d+))?$/.exec(text);
  const lo = Number(m?.[1]);
  const hi = m?.[2] === undefined ? undefined : Number(m[2]);
  if (m === null || lo < 1 || lo > 65535 || (hi !== undefined && (hi < lo || hi > 65535))) {
    throw invalid(`invalid host port "${text}" for ${keyText}`);
  }
  return hi === undefined || hi === lo ? { hostPort: lo } : { hostPort: lo, hostPortEnd: hi };
}

/**
 * The ports a container publishes: its `PortBindings`, plus, with `PublishAllPorts`, every
 * exposed port without a binding on a free host port. Checked at create (400 on bad input).
 */
export function portRequests(config: ContainerConfigDto, host: HostConfigDto): PortRequest[] {
  const out: PortRequest[] = [];
  const bound = new Set<string>();
  for (const [k, bindings] of Object.entries(host.PortBindings ?? {})) {
    const { port, proto } = parsePortKey(k);
    bound.add(`${port}/${proto}`);
    for (const b of bindings ?? [{}]) {
      const hostIp = b.HostIp === '0.0.0.0' ? '' : (b.HostIp ?? '');
      out.push({ proto, containerPort: port, hostIp, ...parseHostPort(b.HostPort, k) });
    }
  }
  if (host.PublishAllPorts === true) {
    for (const k of Object.keys(config.ExposedPorts ?? {})) {
      const { port, proto } = parsePortKey(k);
      if (!bound.has(`${port}/${proto}`))
        out.push({ proto, containerPort: port, hostIp: '', hostPort: 0 });
    }
  }
  return out;
}

/** `NetworkSettings.Ports` as Docker shows it: exposed ports, with their bindings or null. */
export function portMap(config: ContainerConfigDto, mappings: PortMapping[]): PortMapDto {
  const map: PortMapDto = {};
  for (const k of Object.keys(config.ExposedPorts ?? {})) {
    const { port, proto } = parsePortKey(k);
    map[`${port}/${proto}`] = null;
  }
  for (const m of mappings) {
    const k = `${m.containerPort}/${m.proto}`;
    const list = map[k] ?? [];
    list.push({
      HostIp: m.hostIp === '' ? (m.family === 4 ? '0.0.0.0' : '::') : m.hostIp,
      HostPort: String(m.hostPort),
    });
    map[k] = list;
  }
  return map;
}
