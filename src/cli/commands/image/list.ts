/** `pouch images` / `pouch image ls`: the images table, or IDs with `-q`. */
import type { Command } from 'commander';
import type { ImageSummaryDto } from '../../../api-types/image.js';
import type { CommandContext } from '../../command-context.js';
import { encodeFilters } from '../../filters.js';
import { collect } from '../../key-value.js';
import { renderImageList } from './image-table.js';

interface ImagesOptions {
  all?: boolean;
  quiet?: boolean;
  digests?: boolean;
  trunc: boolean;
  filter?: string[];
}

/** Adds the list command as `name` (with `aliases`) to `parent`. */
export function registerImageList(
  parent: Command,
  ctx: CommandContext,
  naming: { name: string; aliases: string[] },
): void {
  parent
    .command(naming.name)
    .aliases(naming.aliases)
    .description('List images')
    .usage('[OPTIONS] [REPOSITORY[:TAG]]')
    .argument('[reference]', 'only images matching this reference')
    .option('-a, --all', 'show all images (default hides intermediate images)')
    .option('-q, --quiet', 'only show image IDs')
    .option('--digests', 'show digests')
    .option('--no-trunc', 'do not truncate the output')
    .option('-f, --filter <key=value>', 'filter the output (repeatable)', collect)
    .action(async (reference: string | undefined, opts: ImagesOptions, command: Command) => {
      const filters = [...(opts.filter ?? []), ...(reference ? [`reference=${reference}`] : [])];
      const images = await ctx.clientFor(command).get<ImageSummaryDto[]>('/images/json', {
        all: opts.all ? '1' : undefined,
        filters: encodeFilters(filters),
      });
      ctx.io.stdout(
        renderImageList(images ?? [], {
          quiet: opts.quiet === true,
          noTrunc: !opts.trunc,
          digests: opts.digests === true,
          nowMs: Date.now(),
        }),
      );
    });
}
