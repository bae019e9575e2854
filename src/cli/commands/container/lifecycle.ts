/**
 * `pouch stop`, `kill`, `restart`, `rm` and `wait`: one request per container, printing the
 * name as given (or the exit code for `wait`).
 */
import type { Command } from 'commander';
import type { ContainerWaitResponse } from '../../../api-types/container.js';
import { invalid } from '../../../common/errors.js';
import { pathSegment } from '../../client.js';
import type { CommandContext } from '../../command-context.js';
import { forEachContainer } from './each-container.js';

function seconds(value: string | undefined): string | undefined {
  if (value === undefined) return undefined;
  if (!/^-?\d+$/.test(value)) throw invalid(`invalid time: ${JSON.stringify(value)}`);
  return value;
}

const path = (name: string, action = ''): string => `/containers/${pathSegment(name)}${action}`;

/** Adds `stop` and `restart` (both with `-t/--time`). */
function registerStopRestart(program: Command, ctx: CommandContext): void {
  for (const verb of ['stop', 'restart'] as const) {
    program
      .command(verb)
      .description(`${verb === 'stop' ? 'Stop' : 'Restart'} one or more running containers`)
      .usage('[OPTIONS] CONTAINER [CONTAINER...]')
      .argument('<containers...>', 'names or IDs of the containers')
      .option('-t, --time <seconds>', 'seconds to wait for stop before killing it')
      .action(async (names: string[], opts: { time?: string }, command: Command) => {
        const t = seconds(opts.time);
        const client = ctx.clientFor(command);
        await forEachContainer(ctx.io, names, async (name) => {
          await client.post(path(name, `/${verb}`), undefined, { t });
          return name;
        });
      });
  }
}

/** Adds `kill`. */
function registerKill(program: Command, ctx: CommandContext): void {
  program
    .command('kill')
    .description('Kill one or more running containers')
    .usage('[OPTIONS] CONTAINER [CONTAINER...]')
    .argument('<containers...>', 'names or IDs of the containers')
    .option('-s, --signal <signal>', 'signal to send to the container', 'KILL')
    .action(async (names: string[], opts: { signal: string }, command: Command) => {
      const client = ctx.clientFor(command);
      await forEachContainer(ctx.io, names, async (name) => {
        await client.post(path(name, '/kill'), undefined, { signal: opts.signal });
        return name;
      });
    });
}

/** Adds `rm` (alias `remove`). */
function registerRemove(program: Command, ctx: CommandContext): void {
  program
    .command('rm')
    .alias('remove')
    .description('Remove one or more containers')
    .usage('[OPTIONS] CONTAINER [CONTAINER...]')
    .argument('<containers...>', 'names or IDs of the containers')
    .option('-f, --force', 'force the removal of a running container (uses SIGKILL)')
    .option('-v, --volumes', 'remove anonymous volumes associated with the container')
    .action(
      async (names: string[], opts: { force?: boolean; volumes?: boolean }, command: Command) => {
        const client = ctx.clientFor(command);
        await forEachContainer(ctx.io, names, async (name) => {
          await client.delete(path(name), {
            force: opts.force ? '1' : undefined,
            v: opts.volumes ? '1' : undefined,
          });
          return name;
        });
      },
    );
}

/** Adds `wait`. */
function registerWait(program: Command, ctx: CommandContext): void {
  program
    .command('wait')
    .description('Block until one or more containers stop, then print their exit codes')
    .usage('CONTAINER [CONTAINER...]')
    .argument('<containers...>', 'names or IDs of the containers')
    .action(async (names: string[], _opts: unknown, command: Command) => {
      const client = ctx.clientFor(command);
      await forEachContainer(ctx.io, names, async (name) => {
        const result = await client.post<ContainerWaitResponse>(path(name, '/wait'));
        if (result.Error?.Message) throw new Error(result.Error.Message);
        return String(result.StatusCode);
      });
    });
}

/** Adds `stop`, `restart`, `kill`, `rm` and `wait` to `program`. */
export function registerLifecycleCommands(program: Command, ctx: CommandContext): void {
  registerStopRestart(program, ctx);
  registerKill(program, ctx);
  registerRemove(program, ctx);
  registerWait(program, ctx);
}
