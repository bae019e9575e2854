/**
 * The image commands, both top-level as docker and pouch spell them (`images`, `rmi`, `load`,
 * `import`, `tag`) and under the `image` group (`image ls|rm|load|import|tag|inspect`).
 */
import type { Command } from 'commander';
import type { CommandContext } from '../../command-context.js';
import { makeCommandGroup } from '../../command-group.js';
import { registerImageList } from './list.js';
import { registerImageInspect, registerImageRemove, registerTag } from './manage.js';
import { registerImport, registerLoad } from './transfer.js';

/** Adds the image commands to `program`. */
export function registerImageCommands(program: Command, ctx: CommandContext): void {
  registerImageList(program, ctx, { name: 'images', aliases: [] });
  registerImageRemove(program, ctx, { name: 'rmi', aliases: [] });
  registerLoad(program, ctx, 'load');
  registerImport(program, ctx, 'import');
  registerTag(program, ctx, 'tag');
  const image = program.command('image').description('Manage images');
  registerImageList(image, ctx, { name: 'ls', aliases: ['list'] });
  registerImageRemove(image, ctx, { name: 'rm', aliases: ['remove'] });
  registerLoad(image, ctx, 'load');
  registerImport(image, ctx, 'import');
  registerTag(image, ctx, 'tag');
  registerImageInspect(image, ctx);
  makeCommandGroup(image, 'pouch image');
}
