/**
 * What every command action needs: the terminal and a client built from the global flags.
 * Passed explicitly (no module state) so tests run many CLIs in one process.
 */
import type { Command } from 'commander';
import { PouchClient } from './client.js';
import { DEFAULT_HOST, parseDaemonAddress, type TlsFlags } from './daemon-address.js';
import type { CliIo } from './io.js';

export interface CommandContext {
  io: CliIo;
  /** Builds a client from the global options as seen by `command` (`-H`, TLS, `--debug`). */
  clientFor(command: Command): PouchClient;
}

interface GlobalOptions extends TlsFlags {
  host?: string;
  debug?: boolean;
}

/** The context of one CLI run. */
export function createCommandContext(io: CliIo): CommandContext {
  return {
    io,
    clientFor(command) {
      const opts = command.optsWithGlobals<GlobalOptions>();
      const host = opts.host ?? nonEmpty(io.env['POUCH_HOST']) ?? DEFAULT_HOST;
      const address = parseDaemonAddress(host, opts);
      const debug =
        opts.debug === true ? (line: string) => io.stderr(`DEBUG: ${line}\n`) : undefined;
      return new PouchClient(debug ? { address, debug } : { address });
    },
  };
}

function nonEmpty(value: string | undefined): string | undefined {
  return value === undefined || value === '' ? undefined : value;
}
