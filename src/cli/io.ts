/**
 * The CLI's only contact with the terminal. Commands write through this interface instead of
 * `process.stdout` so tests can run the whole CLI in-process and read what it printed.
 */
import { createInterface } from 'node:readline';

export interface CliIo {
  stdout(text: string): void;
  stderr(text: string): void;
  /** Reads one line from stdin (without the newline); `undefined` at end of input. */
  readLine(): Promise<string | undefined>;
  /** Environment variables (`POUCH_HOST`). */
  readonly env: Readonly<Record<string, string | undefined>>;
}

/** The real terminal: process streams and environment. */
export function processIo(): CliIo {
  return {
    stdout: (text) => void process.stdout.write(text),
    stderr: (text) => void process.stderr.write(text),
    readLine: () => readOneLine(),
    env: process.env,
  };
}

function readOneLine(): Promise<string | undefined> {
  return new Promise((resolve) => {
    const rl = createInterface({ input: process.stdin, terminal: false });
    let answered = false;
    rl.once('line', (line) => {
      answered = true;
      resolve(line);
      rl.close();
    });
    rl.once('close', () => {
      if (!answered) resolve(undefined);
    });
  });
}
