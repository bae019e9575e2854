/** `pouch rmi`, `pouch tag` and `pouch image inspect`. */
import type { Command } from 'commander';
import type { ImageDeleteItemDto } from '../../../api-types/image.js';
import { pathSegment } from '../../client.js';
import type { CommandContext } from '../../command-context.js';
import { errorMessage, ReportedFailure } from '../../errors.js';
import { inspectPath, printInspect } from '../container/inspect.js';
import { parseTagTarget } from './image-ref.js';

/** `Untagged: …` / `Deleted: …` lines for a delete answer. Pure, for tests. */
export function renderImageDelete(items: readonly ImageDeleteItemDto[] | null | undefined): string {
  let out = '';
  for (const item of items ?? []) {
    if (item.Untagged) out += `Untagged: ${item.Untagged}\n`;
    if (item.Deleted) out += `Deleted: ${item.Deleted}\n`;
  }
  return out;
}

/** Adds the remove command as `name` (with `aliases`) to `parent`. */
export function registerImageRemove(
  parent: Command,
  ctx: CommandContext,
  naming: { name: string; aliases: string[] },
): void {
  parent
    .command(naming.name)
    .aliases(naming.aliases)
    .description('Remove one or more images')
    .usage('[OPTIONS] IMAGE [IMAGE...]')
    .argument('<images...>', 'names or IDs of the images')
    .option('-f, --force', 'force removal of the image')
    .option('--no-prune', 'do not delete untagged parents')
    .action(
      async (images: string[], opts: { force?: boolean; prune: boolean }, command: Command) => {
        const client = ctx.clientFor(command);
        let failed = false;
        for (const image of images) {
          try {
            const items = await client.request<ImageDeleteItemDto[]>(
              'DELETE',
              `/images/${pathSegment(image)}`,
              {
                query: {
                  force: opts.force ? '1' : undefined,
                  noprune: opts.prune ? undefined : '1',
                },
              },
            );
            ctx.io.stdout(renderImageDelete(items));
          } catch (err) {
            failed = true;
            ctx.io.stderr(`Error: ${errorMessage(err)}\n`);
          }
        }
        if (failed) throw new ReportedFailure();
      },
    );
}

/** Adds the tag command as `name` to `parent`. */
export function registerTag(parent: Command, ctx: CommandContext, name: string): void {
  parent
    .command(name)
    .description('Create a tag TARGET_IMAGE that refers to SOURCE_IMAGE')
    .usage('SOURCE_IMAGE[:TAG] TARGET_IMAGE[:TAG]')
    .argument('<source>', 'the image to tag')
    .argument('<target>', 'the new reference')
    .action(async (source: string, target: string, _opts: unknown, command: Command) => {
      const [repo, tag] = parseTagTarget(target);
      await ctx
        .clientFor(command)
        .post(`/images/${pathSegment(source)}/tag`, undefined, { repo, tag });
    });
}

/** Adds `inspect` to the `image` group. */
export function registerImageInspect(parent: Command, ctx: CommandContext): void {
  parent
    .command('inspect')
    .description('Display detailed information on one or more images')
    .usage('[OPTIONS] IMAGE [IMAGE...]')
    .argument('<images...>', 'names or IDs of the images')
    .option('-f, --format <template>', 'format the output using the given Go template')
    .action(async (images: string[], opts: { format?: string }, command: Command) => {
      const client = ctx.clientFor(command);
      await printInspect(ctx, (image) => client.get<unknown>(inspectPath('image', image)), {
        names: images,
        format: opts.format,
      });
    });
}
