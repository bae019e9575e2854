/** `pouch create [OPTIONS] IMAGE [COMMAND] [ARG...]`: creates a container and prints its ID. */
import type { Command } from 'commander';
import type { CommandContext } from '../../command-context.js';
import { createContainer } from './create-container.js';
import { addCreateOptions, type ContainerCreateOptions } from './create-options.js';

/** Adds `create` to `program`. */
export function registerCreate(program: Command, ctx: CommandContext): void {
  const command = program
    .command('create')
    .description('Create a new container with specified image');
  addCreateOptions(command).action(
    async (image: string, args: string[], opts: ContainerCreateOptions, cmd: Command) => {
      const client = ctx.clientFor(cmd);
      const id = await createContainer(client, ctx.io, { opts, image, args });
      ctx.io.stdout(`${id}\n`);
    },
  );
}
