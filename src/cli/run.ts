/**
 * Runs the CLI once and returns the exit code: 0 on success, 1 on any error (printed to stderr
 * as `Error: <message>`). main.ts is a thin wrapper; tests call this directly.
 */
import { CommanderError } from 'commander';
import { createCommandContext } from './command-context.js';
import { errorMessage, ExitStatus, exitCodeFor, ReportedFailure } from './errors.js';
import type { CliIo } from './io.js';
import { buildProgram } from './program.js';

/** Parses `argv` (without node and script), runs the command, reports errors. */
export async function runCli(argv: readonly string[], io: CliIo): Promise<number> {
  const program = buildProgram(createCommandContext(io));
  try {
    await program.parseAsync([...argv], { from: 'user' });
    return 0;
  } catch (err) {
    if (err instanceof CommanderError) return err.exitCode;
    if (err instanceof ReportedFailure) return 1;
    if (err instanceof ExitStatus) {
      if (err.message !== '') io.stderr(`Error: ${err.message}\n`);
      return err.status;
    }
    io.stderr(`Error: ${errorMessage(err)}\n`);
    return exitCodeFor(err);
  }
}
