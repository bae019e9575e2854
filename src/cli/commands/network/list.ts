/**
 * `pouch network list|ls`: the `NETWORK ID   NAME   DRIVER   SCOPE` table (IDs cut to 10
 * characters as PouchContainer does), or IDs only with `-q`. Rows are sorted by name, as
 * docker sorts them, so the output does not depend on the daemon's store order.
 */
import type { Command } from 'commander';
import type { NetworkResource } from '../../../api-types/network.js';
import type { CommandContext } from '../../command-context.js';
import { encodeFilters } from '../../filters.js';
import { collect } from '../../key-value.js';
import { formatTable } from '../../tabwriter.js';

/** PouchContainer prints the first 10 characters of an ID in tables. */
export const NETWORK_ID_LENGTH = 10;

export interface NetworkListOptions {
  quiet?: boolean;
  noTrunc?: boolean;
}

/** Renders the list output for `networks`. Pure, for tests. */
export function renderNetworkList(
  networks: readonly NetworkResource[],
  options: NetworkListOptions = {},
): string {
  const sorted = [...networks].sort((a, b) =>
    a.Name.localeCompare(b.Name, 'en', { numeric: true }),
  );
  const id = (n: NetworkResource): string =>
    options.noTrunc ? n.Id : n.Id.slice(0, NETWORK_ID_LENGTH);
  if (options.quiet) return sorted.map((n) => `${id(n)}\n`).join('');
  const rows = [['NETWORK ID', 'NAME', 'DRIVER', 'SCOPE']];
  for (const n of sorted) rows.push([id(n), n.Name, n.Driver, n.Scope]);
  return formatTable(rows, { padding: 3 });
}

/** Adds `list` (alias `ls`) to the `network` group. */
export function registerNetworkList(network: Command, ctx: CommandContext): void {
  network
    .command('list')
    .alias('ls')
    .description('List pouch networks')
    .option('-q, --quiet', 'only display network IDs')
    .option('--no-trunc', 'do not truncate the output')
    .option(
      '-f, --filter <key=value>',
      'filter the output (repeatable, e.g. driver=bridge)',
      collect,
    )
    .action(
      async (opts: { quiet?: boolean; trunc: boolean; filter?: string[] }, command: Command) => {
        const filters = encodeFilters(opts.filter ?? []);
        const networks = await ctx
          .clientFor(command)
          .get<NetworkResource[]>('/networks', { filters });
        ctx.io.stdout(
          renderNetworkList(networks ?? [], { quiet: opts.quiet === true, noTrunc: !opts.trunc }),
        );
      },
    );
}
