/**
 * `pouch network inspect [-f FORMAT] NETWORK...`: fetches every network, prints those found
 * (JSON array or template per item) and reports the others on stderr, exiting 1, as docker does.
 */
import type { Command } from 'commander';
import type { NetworkResource } from '../../../api-types/network.js';
import type { CommandContext } from '../../command-context.js';
import { pathSegment } from '../../client.js';
import { errorMessage, ReportedFailure } from '../../errors.js';
import { compileTemplate } from '../../go-template/index.js';
import { renderInspect } from '../../inspect-output.js';

/** Adds `inspect` to the `network` group. */
export function registerNetworkInspect(network: Command, ctx: CommandContext): void {
  network
    .command('inspect')
    .description('Inspect one or more pouch networks')
    .usage('[OPTIONS] NETWORK [NETWORK...]')
    .argument('<networks...>', 'names, IDs or ID prefixes of the networks')
    .option('-f, --format <template>', 'format the output using the given Go template')
    .action(async (networks: string[], opts: { format?: string }, command: Command) => {
      if (opts.format) compileTemplate(opts.format);
      const client = ctx.clientFor(command);
      const found: NetworkResource[] = [];
      const errors: string[] = [];
      for (const name of networks) {
        try {
          found.push(await client.get<NetworkResource>(`/networks/${pathSegment(name)}`));
        } catch (err) {
          errors.push(errorMessage(err));
        }
      }
      if (found.length > 0 || !opts.format) ctx.io.stdout(renderInspect(found, opts.format));
      for (const message of errors) ctx.io.stderr(`Error: ${message}\n`);
      if (errors.length > 0) throw new ReportedFailure();
    });
}
