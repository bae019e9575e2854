/**
 * `pouch load` and `pouch import`: stream a tarball (a file, or stdin) to the daemon and show
 * its JSON-messages answer (`Loaded image: …`, the new image ID).
 */
import { open } from 'node:fs/promises';
import type { Readable } from 'node:stream';
import type { Command } from 'commander';
import { invalid } from '../../../common/errors.js';
import type { CommandContext } from '../../command-context.js';
import { collect } from '../../key-value.js';
import { openStream } from '../../streams/http-stream.js';
import { parseTagTarget } from './image-ref.js';
import { displayJsonMessages } from './json-messages.js';

/** Opens `file` for streaming, failing with a clear message before any request is sent. */
async function openInput(file: string): Promise<Readable> {
  try {
    const handle = await open(file, 'r');
    return handle.createReadStream();
  } catch (err) {
    throw invalid(`Cannot open "${file}": ${(err as Error).message}`);
  }
}

/** Adds the load command as `name` to `parent`. */
export function registerLoad(parent: Command, ctx: CommandContext, name: string): void {
  parent
    .command(name)
    .description('Load one or more images from a tar archive (file or STDIN)')
    .option('-i, --input <file>', 'read from a tar archive file instead of STDIN')
    .option('-q, --quiet', 'suppress the load progress')
    .action(async (opts: { input?: string; quiet?: boolean }, command: Command) => {
      const terminal = ctx.io.terminal;
      if (opts.input === undefined && terminal.stdinIsTty) {
        throw invalid('requested load from stdin, but stdin is empty');
      }
      const body = opts.input === undefined ? terminal.stdin() : await openInput(opts.input);
      const quiet = opts.quiet === true || !terminal.stdoutIsTty;
      const response = await openStream(ctx.clientFor(command), 'POST', '/images/load', {
        query: { quiet: quiet ? '1' : '0' },
        upload: { body, contentType: 'application/x-tar' },
      });
      await displayJsonMessages(response, {
        write: (text) => ctx.io.stdout(text),
        terminal: terminal.stdoutIsTty && !quiet,
      });
    });
}

interface ImportOptions {
  change?: string[];
  message?: string;
}

/** Adds the import command as `name` to `parent`. */
export function registerImport(parent: Command, ctx: CommandContext, name: string): void {
  parent
    .command(name)
    .description('Import the contents from a tarball to create a filesystem image')
    .usage('[OPTIONS] file|URL|- [REPOSITORY[:TAG]]')
    .argument('<source>', 'a tarball file, an http(s) URL, or - for STDIN')
    .argument('[reference]', 'the repository and tag of the new image')
    .option('-c, --change <instruction>', 'apply a Dockerfile instruction to the image', collect)
    .option('-m, --message <message>', 'commit message for the imported image')
    .action(
      async (source: string, ref: string | undefined, opts: ImportOptions, command: Command) => {
        const [repo, tag] = ref === undefined ? [undefined, undefined] : parseTagTarget(ref);
        const isUrl = /^https?:\/\//.test(source);
        const body = isUrl
          ? undefined
          : source === '-'
            ? ctx.io.terminal.stdin()
            : await openInput(source);
        const query = {
          fromSrc: isUrl ? source : '-',
          repo,
          tag,
          message: opts.message,
          changes: opts.change ?? [],
        };
        const client = ctx.clientFor(command);
        const response = await openStream(client, 'POST', '/images/create', {
          query,
          ...(body ? { upload: { body, contentType: 'application/x-tar' } } : {}),
        });
        await displayJsonMessages(response, {
          write: (text) => ctx.io.stdout(text),
          terminal: ctx.io.terminal.stdoutIsTty,
        });
      },
    );
}
