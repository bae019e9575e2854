/**
 * Commands that act on several containers (`stop a b`, `rm a b`, `wait a b`) act on each in
 * turn; a failure does not stop the others, it is printed and the command exits 1 at the end,
 * as docker does.
 */
import { errorMessage, ReportedFailure } from '../../errors.js';
import type { CliIo } from '../../io.js';

/** Runs `action` for every name; prints its output line on success, the error otherwise. */
export async function forEachContainer(
  io: CliIo,
  names: readonly string[],
  action: (name: string) => Promise<string>,
): Promise<void> {
  let failed = false;
  for (const name of names) {
    try {
      io.stdout(`${await action(name)}\n`);
    } catch (err) {
      failed = true;
      io.stderr(`Error: ${errorMessage(err)}\n`);
    }
  }
  if (failed) throw new ReportedFailure();
}
