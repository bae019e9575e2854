/**
 * `pouch version`: client and server versions in docker's layout. The client part is printed
 * even when the daemon cannot be reached, then the error is reported (exit 1), as docker does.
 */
import type { Command } from 'commander';
import { API_VERSION, type VersionResponse } from '../../../api-types/system.js';
import { clientVersionInfo, type ClientVersionInfo } from '../../client-version.js';
import type { CommandContext } from '../../command-context.js';
import { renderInspect } from '../../inspect-output.js';
import { formatTable } from '../../tabwriter.js';

const LAYOUT = { minWidth: 20, padding: 1 };

/** The `Client:` section. Pure, for tests. */
export function renderClientVersion(client: ClientVersionInfo): string {
  return `Client:\n${formatTable(
    [
      [' Version:', client.Version],
      [' API version:', API_VERSION],
      [' Node.js version:', client.NodeVersion],
      [' OS/Arch:', `${client.Os}/${client.Arch}`],
    ],
    LAYOUT,
  )}`;
}

/** The `Server:` section from `GET /version`. Pure, for tests. */
export function renderServerVersion(server: VersionResponse): string {
  const platform = server.Platform?.Name ? ` ${server.Platform.Name}` : '';
  const rows: string[][] = [
    [' Engine:'],
    ['  Version:', server.Version],
    ['  API version:', `${server.ApiVersion} (minimum version ${server.MinAPIVersion})`],
    ['  Go version:', server.GoVersion],
    ['  Git commit:', server.GitCommit],
    ['  Built:', server.BuildTime],
    ['  OS/Arch:', `${server.Os}/${server.Arch}`],
    ['  Kernel version:', server.KernelVersion],
  ];
  for (const component of server.Components ?? []) {
    if (component.Name === 'Engine') continue;
    rows.push([` ${component.Name}:`], ['  Version:', component.Version]);
    const details = Object.entries(component.Details ?? {}).sort(([a], [b]) => a.localeCompare(b));
    for (const [key, value] of details) rows.push([`  ${key}:`, value]);
  }
  const shown = rows.filter((row) => row.length === 1 || (row[1] ?? '') !== '');
  return `Server:${platform}\n${formatTable(shown, LAYOUT)}`;
}

/** Adds `version` to `program`. */
export function registerVersion(program: Command, ctx: CommandContext): void {
  program
    .command('version')
    .description('Print the versions of the pouch client and server')
    .option('-f, --format <template>', 'format the output using the given Go template')
    .action(async (opts: { format?: string }, command: Command) => {
      const client = clientVersionInfo();
      if (!opts.format) ctx.io.stdout(renderClientVersion(client));
      const server = await ctx.clientFor(command).get<VersionResponse>('/version');
      if (opts.format) {
        ctx.io.stdout(renderInspect([{ Client: client, Server: server }], opts.format));
        return;
      }
      ctx.io.stdout(`\n${renderServerVersion(server)}`);
    });
}
