/**
 * `pouch port CONTAINER [PRIVATE_PORT[/PROTO]]`: the published ports from the container's
 * `NetworkSettings.Ports`, as `80/tcp -> 0.0.0.0:8080` lines, or the `0.0.0.0:8080` bindings of
 * one port (`No public port '80/tcp' published for <c>` when it has none).
 */
import type { Command } from 'commander';
import type { ContainerInspectResponse, PortMapDto } from '../../../api-types/container.js';
import { invalid } from '../../../common/errors.js';
import { pathSegment } from '../../client.js';
import type { CommandContext } from '../../command-context.js';
import { splitProtoPort } from './port-spec.js';

/** `HostIp:HostPort`, with brackets around an IPv6 address. */
function hostAddress(binding: { HostIp?: string; HostPort?: string }): string {
  const ip = binding.HostIp ?? '';
  return `${ip.includes(':') ? `[${ip}]` : ip}:${binding.HostPort ?? ''}`;
}

function portOrder(a: string, b: string): number {
  const [pa = '', protoA = ''] = a.split('/');
  const [pb = '', protoB = ''] = b.split('/');
  return Number(pa) - Number(pb) || protoA.localeCompare(protoB);
}

/**
 * Renders the output for `ports`; `privatePort` selects one port.
 * @throws Error `No public port '<p>/<proto>' published for <container>` for an unpublished port.
 */
export function renderPorts(
  ports: PortMapDto | null | undefined,
  container: string,
  privatePort?: string,
): string {
  if (privatePort !== undefined) {
    const [port, proto] = splitProtoPort(privatePort);
    if (!/^\d+$/.test(port)) throw invalid(`invalid port: ${JSON.stringify(privatePort)}`);
    const key = `${port}/${proto}`;
    const bindings = ports?.[key] ?? [];
    if (bindings.length === 0)
      throw new Error(`No public port '${key}' published for ${container}`);
    return bindings.map((b) => `${hostAddress(b)}\n`).join('');
  }
  let out = '';
  for (const key of Object.keys(ports ?? {}).sort(portOrder)) {
    for (const binding of ports?.[key] ?? []) out += `${key} -> ${hostAddress(binding)}\n`;
  }
  return out;
}

/** Adds `port` to `program`. */
export function registerPort(program: Command, ctx: CommandContext): void {
  program
    .command('port')
    .description('List port mappings or a specific mapping for the container')
    .usage('CONTAINER [PRIVATE_PORT[/PROTO]]')
    .argument('<container>', 'name or ID of the container')
    .argument('[port]', 'the private port, optionally with /tcp, /udp or /sctp')
    .action(
      async (container: string, port: string | undefined, _opts: unknown, command: Command) => {
        const info = await ctx
          .clientFor(command)
          .get<ContainerInspectResponse>(`/containers/${pathSegment(container)}/json`);
        ctx.io.stdout(renderPorts(info.NetworkSettings?.Ports, container, port));
      },
    );
}
