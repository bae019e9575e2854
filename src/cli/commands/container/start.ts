/**
 * `pouch start [-a] [-i] CONTAINER...`: starts each container and prints its name; with `-a`
 * or `-i` (one container only) it attaches like `run` does and exits with the container's code.
 */
import type { Command } from 'commander';
import type { ContainerInspectResponse } from '../../../api-types/container.js';
import { invalid } from '../../../common/errors.js';
import { pathSegment } from '../../client.js';
import type { CommandContext } from '../../command-context.js';
import { ExitStatus } from '../../errors.js';
import { runAttached } from './attach-flow.js';
import { forEachContainer } from './each-container.js';

interface StartOptions {
  attach?: boolean;
  interactive?: boolean;
}

/** Adds `start` to `program`. */
export function registerStart(program: Command, ctx: CommandContext): void {
  program
    .command('start')
    .description('Start one or more stopped containers')
    .usage('[OPTIONS] CONTAINER [CONTAINER...]')
    .argument('<containers...>', 'names or IDs of the containers')
    .option('-a, --attach', 'attach STDOUT/STDERR and forward signals')
    .option('-i, --interactive', "attach the container's STDIN")
    .action(async (names: string[], opts: StartOptions, command: Command) => {
      const client = ctx.clientFor(command);
      const start = (name: string) => client.post(`/containers/${pathSegment(name)}/start`);
      if (!opts.attach && !opts.interactive) {
        await forEachContainer(ctx.io, names, async (name) => {
          await start(name);
          return name;
        });
        return;
      }
      const [name] = names;
      if (name === undefined || names.length > 1) {
        throw invalid('you cannot start and attach multiple containers at once');
      }
      const info = await client.get<ContainerInspectResponse>(
        `/containers/${pathSegment(name)}/json`,
      );
      const stdin = opts.interactive === true && info.Config.OpenStdin === true;
      const code = await runAttached(client, ctx.io, {
        container: info.Id,
        tty: info.Config.Tty === true,
        stdin,
        start: async () => void (await start(info.Id)),
      });
      if (code !== 0) throw new ExitStatus(code);
    });
}
