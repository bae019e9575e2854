/**
 * `pouch network remove|rm NAME...`: removes each network in turn. A failure does not stop the
 * others (Docker's behaviour); each error is printed and the command exits 1 at the end.
 */
import type { Command } from 'commander';
import type { CommandContext } from '../../command-context.js';
import { pathSegment } from '../../client.js';
import { errorMessage, ReportedFailure } from '../../errors.js';

/** Adds `remove` (alias `rm`) to the `network` group. */
export function registerNetworkRemove(network: Command, ctx: CommandContext): void {
  network
    .command('remove')
    .alias('rm')
    .description('Remove one or more pouch networks')
    .usage('NAME [NAME...]')
    .argument('<names...>', 'names or IDs of the networks')
    .action(async (names: string[], _opts: unknown, command: Command) => {
      const client = ctx.clientFor(command);
      let failed = false;
      for (const name of names) {
        try {
          await client.delete(`/networks/${pathSegment(name)}`);
          ctx.io.stdout(`Removed: ${name}\n`);
        } catch (err) {
          failed = true;
          ctx.io.stderr(`Error: ${errorMessage(err)}\n`);
        }
      }
      if (failed) throw new ReportedFailure();
    });
}
