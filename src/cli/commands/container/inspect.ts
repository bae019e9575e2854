/**
 * `pouch inspect [-f FORMAT] [--type container|image|network] NAME...`: low-level information on
 * any object. Without `--type` a name is looked up as a container, then an image, then a network,
 * as docker does; what is found is printed and the rest reported (exit 1).
 */
import type { Command } from 'commander';
import { invalid, isKind } from '../../../common/errors.js';
import { pathSegment, type PouchClient } from '../../client.js';
import type { CommandContext } from '../../command-context.js';
import { errorMessage, ReportedFailure } from '../../errors.js';
import { compileTemplate } from '../../go-template/index.js';
import { renderInspect } from '../../inspect-output.js';

/** The object types `--type` accepts, in lookup order. */
export const INSPECT_TYPES = ['container', 'image', 'network'] as const;
export type InspectType = (typeof INSPECT_TYPES)[number];

/** The inspect endpoint of one object. */
export function inspectPath(type: InspectType, name: string): string {
  const segment = pathSegment(name);
  if (type === 'container') return `/containers/${segment}/json`;
  if (type === 'image') return `/images/${segment}/json`;
  return `/networks/${segment}`;
}

/**
 * Fetches `name` as the first of `types` that has it.
 * @throws the daemon's error for a single type; `No such object: <name>` when none matched.
 */
export async function inspectAny(
  client: PouchClient,
  name: string,
  types: readonly InspectType[],
): Promise<unknown> {
  for (const type of types) {
    try {
      return await client.get<unknown>(inspectPath(type, name));
    } catch (err) {
      if (types.length === 1 || !isKind(err, 'not_found')) throw err;
    }
  }
  throw new Error(`No such object: ${name}`);
}

/**
 * Prints the objects found for `names` (JSON array or template per item), then the errors.
 * Shared with `image inspect`.
 */
export async function printInspect(
  ctx: CommandContext,
  fetch: (name: string) => Promise<unknown>,
  input: { names: readonly string[]; format: string | undefined },
): Promise<void> {
  const { names, format } = input;
  if (format) compileTemplate(format);
  const found: unknown[] = [];
  const errors: string[] = [];
  for (const name of names) {
    try {
      found.push(await fetch(name));
    } catch (err) {
      errors.push(errorMessage(err));
    }
  }
  if (found.length > 0 || !format) ctx.io.stdout(renderInspect(found, format));
  for (const message of errors) ctx.io.stderr(`Error: ${message}\n`);
  if (errors.length > 0) throw new ReportedFailure();
}

/** Adds `inspect` to `program`. */
export function registerInspect(program: Command, ctx: CommandContext): void {
  program
    .command('inspect')
    .description('Return low-level information on containers, images or networks')
    .usage('[OPTIONS] NAME|ID [NAME|ID...]')
    .argument('<names...>', 'names or IDs of the objects')
    .option('-f, --format <template>', 'format the output using the given Go template')
    .option('--type <type>', 'only look for this type: container, image or network')
    .action(async (names: string[], opts: { format?: string; type?: string }, command: Command) => {
      const type = opts.type;
      if (type !== undefined && !(INSPECT_TYPES as readonly string[]).includes(type)) {
        throw invalid(`"${type}" is not a valid value for --type`);
      }
      const types = type === undefined ? INSPECT_TYPES : [type as InspectType];
      const client = ctx.clientFor(command);
      await printInspect(ctx, (name) => inspectAny(client, name, types), {
        names,
        format: opts.format,
      });
    });
}
