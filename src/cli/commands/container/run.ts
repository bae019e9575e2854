/**
 * `pouch run [OPTIONS] IMAGE [COMMAND] [ARG...]`: create, then either start and print the ID
 * (`-d`), or attach, start, stream and exit with the container's exit code. With `--rm` the
 * daemon removes the container (`AutoRemove`) and the client removes it too if it is still
 * there. Failures before the container runs exit 125, as docker's do.
 */
import type { Command } from 'commander';
import { invalid, isKind } from '../../../common/errors.js';
import { pathSegment, type PouchClient } from '../../client.js';
import type { CommandContext } from '../../command-context.js';
import { errorMessage, ExitStatus } from '../../errors.js';
import { runAttached } from './attach-flow.js';
import { createContainer } from './create-container.js';
import { addCreateOptions, type ContainerCreateOptions } from './create-options.js';

/** Exit code of a `run` that failed before the container ran (docker's). */
export const RUN_FAILURE_STATUS = 125;

/** Removes `id`, ignoring "already gone" and "removal in progress". */
export async function removeIfPresent(client: PouchClient, id: string): Promise<void> {
  try {
    await client.delete(`/containers/${pathSegment(id)}`, { force: '1' });
  } catch (err) {
    if (!isKind(err, 'not_found') && !isKind(err, 'conflict')) throw err;
  }
}

async function runContainer(
  ctx: CommandContext,
  client: PouchClient,
  input: { opts: ContainerCreateOptions; image: string; args: string[] },
): Promise<number> {
  const { opts } = input;
  const interactive = opts.interactive === true && opts.detach !== true;
  if (opts.tty && interactive && !ctx.io.terminal.stdinIsTty) {
    throw invalid('the input device is not a TTY');
  }
  const id = await createContainer(client, ctx.io, input);
  const start = async (): Promise<void> => {
    try {
      await client.post(`/containers/${pathSegment(id)}/start`);
    } catch (err) {
      if (opts.rm) await removeIfPresent(client, id).catch(() => undefined);
      throw err;
    }
  };
  if (opts.detach) {
    await start();
    ctx.io.stdout(`${id}\n`);
    return 0;
  }
  const code = await runAttached(client, ctx.io, {
    container: id,
    tty: opts.tty === true,
    stdin: interactive,
    start,
  });
  if (opts.rm) await removeIfPresent(client, id);
  return code;
}

/** Adds `run` to `program`. */
export function registerRun(program: Command, ctx: CommandContext): void {
  const command = program.command('run').description('Create a new container and start it');
  addCreateOptions(command)
    .option('-d, --detach', 'run the container in the background and print its ID')
    .action(async (image: string, args: string[], opts: ContainerCreateOptions, cmd: Command) => {
      let code: number;
      try {
        code = await runContainer(ctx, ctx.clientFor(cmd), { opts, image, args });
      } catch (err) {
        throw new ExitStatus(RUN_FAILURE_STATUS, errorMessage(err));
      }
      if (code !== 0) throw new ExitStatus(code);
    });
}
