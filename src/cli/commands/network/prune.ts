/**
 * `pouch network prune`: asks for confirmation (unless `-f`), then removes unused custom
 * networks and lists them under `Deleted Networks:` (nothing is printed when none was removed,
 * as docker does).
 */
import type { Command } from 'commander';
import type { NetworkPruneResponse } from '../../../api-types/network.js';
import type { CommandContext } from '../../command-context.js';
import { encodeFilters } from '../../filters.js';
import { collect } from '../../key-value.js';

/** Docker's prompt, word for word. */
export const PRUNE_WARNING =
  'WARNING! This will remove all custom networks not used by at least one container.\n' +
  'Are you sure you want to continue? [y/N] ';

/** True for the answers docker takes as consent (`y`, `yes`, any case). */
export function isConfirmation(answer: string | undefined): boolean {
  const text = (answer ?? '').trim().toLowerCase();
  return text === 'y' || text === 'yes';
}

/** Renders the prune result. Pure, for tests. */
export function renderPruneResult(response: NetworkPruneResponse | undefined): string {
  const deleted = response?.NetworksDeleted ?? [];
  return deleted.length === 0 ? '' : `Deleted Networks:\n${deleted.map((n) => `${n}\n`).join('')}`;
}

/** Adds `prune` to the `network` group. */
export function registerNetworkPrune(network: Command, ctx: CommandContext): void {
  network
    .command('prune')
    .description('Remove all unused custom networks')
    .option('-f, --force', 'do not prompt for confirmation')
    .option('--filter <key=value>', 'provide filter values (e.g. until=24h, label=a=b)', collect)
    .action(async (opts: { force?: boolean; filter?: string[] }, command: Command) => {
      const client = ctx.clientFor(command);
      if (!opts.force) {
        ctx.io.stdout(PRUNE_WARNING);
        if (!isConfirmation(await ctx.io.readLine())) return;
      }
      const filters = encodeFilters(opts.filter ?? []);
      const response = await client.post<NetworkPruneResponse>('/networks/prune', undefined, {
        filters,
      });
      ctx.io.stdout(renderPruneResult(response));
    });
}
