/** `pouch ps`: lists containers (running only unless `-a`) in docker's table, or IDs with `-q`. */
import type { Command } from 'commander';
import type { ContainerSummaryDto } from '../../../api-types/container.js';
import { invalid } from '../../../common/errors.js';
import type { CommandContext } from '../../command-context.js';
import { encodeFilters } from '../../filters.js';
import { collect } from '../../key-value.js';
import { renderContainerList } from './container-table.js';

interface PsOptions {
  all?: boolean;
  quiet?: boolean;
  trunc: boolean;
  filter?: string[];
  last?: string;
  latest?: boolean;
}

function limit(opts: PsOptions): string | undefined {
  if (opts.latest) return '1';
  if (opts.last === undefined) return undefined;
  if (!/^-?\d+$/.test(opts.last)) throw invalid(`invalid number: ${JSON.stringify(opts.last)}`);
  return opts.last;
}

/** Adds `ps` (alias `list`, `ls`) to `program`. */
export function registerPs(program: Command, ctx: CommandContext): void {
  program
    .command('ps')
    .aliases(['list', 'ls'])
    .description('List containers')
    .option('-a, --all', 'show all containers (default shows just running)')
    .option('-q, --quiet', 'only display container IDs')
    .option('--no-trunc', 'do not truncate the output')
    .option(
      '-f, --filter <key=value>',
      'filter the output (repeatable, e.g. status=exited)',
      collect,
    )
    .option('-n, --last <n>', 'show the n last created containers (includes all states)')
    .option('-l, --latest', 'show the latest created container (includes all states)')
    .action(async (opts: PsOptions, command: Command) => {
      const n = limit(opts);
      const all = opts.all === true || n !== undefined;
      const containers = await ctx
        .clientFor(command)
        .get<ContainerSummaryDto[]>('/containers/json', {
          all: all ? '1' : undefined,
          limit: n,
          filters: encodeFilters(opts.filter ?? []),
        });
      ctx.io.stdout(
        renderContainerList(containers ?? [], {
          quiet: opts.quiet === true,
          noTrunc: !opts.trunc,
          nowMs: Date.now(),
        }),
      );
    });
}
