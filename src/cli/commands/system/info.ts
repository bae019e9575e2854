/**
 * `pouch info`: the daemon's `GET /info` as a readable `Key: value` listing in docker's order
 * and wording; the daemon's warnings go to stderr as `WARNING: …`.
 */
import type { Command } from 'commander';
import type { InfoResponse } from '../../../api-types/system.js';
import type { CommandContext } from '../../command-context.js';
import { formatFloat } from '../../go-template/printf.js';

const UNITS = ['B', 'KiB', 'MiB', 'GiB', 'TiB', 'PiB', 'EiB'];

/** Docker's `units.BytesSize`: binary units, 4 significant digits (`1.944GiB`). */
export function bytesSize(bytes: number): string {
  let size = bytes;
  let unit = 0;
  while (size >= 1024 && unit < UNITS.length - 1) {
    size /= 1024;
    unit++;
  }
  return `${formatFloat(size, 'g', 4)}${UNITS[unit]}`;
}

type Line = [label: string, value: unknown];

function lines(info: Partial<InfoResponse>): Line[] {
  return [
    ['Containers', info.Containers],
    [' Running', info.ContainersRunning],
    [' Paused', info.ContainersPaused],
    [' Stopped', info.ContainersStopped],
    ['Images', info.Images],
    ['ID', info.ID],
    ['Name', info.Name],
    ['Server Version', info.ServerVersion],
    ['Storage Driver', info.Driver],
    ['Logging Driver', info.LoggingDriver],
    ['Cgroup Driver', info.CgroupDriver],
    ['Runtimes', info.Runtimes ? Object.keys(info.Runtimes).sort().join(' ') : undefined],
    ['Default Runtime', info.DefaultRuntime],
    ['Network Plugins', info.Plugins?.Network?.join(' ')],
    ['Kernel Version', info.KernelVersion],
    ['Operating System', info.OperatingSystem],
    ['OSType', info.OSType],
    ['Architecture', info.Architecture],
    ['CPUs', info.NCPU],
    ['Total Memory', info.MemTotal === undefined ? undefined : bytesSize(info.MemTotal)],
    ['Pouch Root Dir', info.DockerRootDir],
    ['Exec Root', info.ExecRoot],
    ['Debug Mode', info.Debug],
    ['IPv4 Forwarding', info.IPv4Forwarding],
    ['Bridge NF iptables', info.BridgeNfIptables],
    ['Index Server Address', info.IndexServerAddress],
    ['System Time', info.SystemTime],
  ];
}

/** Renders the listing; fields the daemon left out are skipped. Pure, for tests. */
export function renderInfo(info: Partial<InfoResponse>): string {
  let out = '';
  for (const [label, value] of lines(info)) {
    if (value === undefined || value === null || value === '') continue;
    out += `${label}: ${String(value)}\n`;
  }
  if (info.Labels && info.Labels.length > 0) {
    out += `Labels:\n${info.Labels.map((l) => ` ${l}\n`).join('')}`;
  }
  return out;
}

/** Adds `info` to `program`. */
export function registerInfo(program: Command, ctx: CommandContext): void {
  program
    .command('info')
    .description('Display system-wide information')
    .action(async (_opts: unknown, command: Command) => {
      const info = await ctx.clientFor(command).get<InfoResponse>('/info');
      ctx.io.stdout(renderInfo(info));
      for (const warning of info.Warnings ?? []) ctx.io.stderr(`WARNING: ${warning}\n`);
    });
}
