/**
 * The CLI's only contact with the terminal. Commands write through this interface instead of
 * `process.stdout` so tests can run the whole CLI in-process and read what it printed.
 */
import { createInterface } from 'node:readline';
import type { Readable } from 'node:stream';

/** Rows and columns of the client terminal. */
export interface TerminalSize {
  rows: number;
  columns: number;
}

/** The terminal side of interactive commands (`run -it`, `exec -it`, `load` progress). */
export interface TerminalIo {
  /** The input piped into a container with `-i` (process.stdin). */
  stdin(): Readable;
  readonly stdinIsTty: boolean;
  readonly stdoutIsTty: boolean;
  /** Raw mode on a TTY stdin (no line editing, no signals from ^C); a no-op elsewhere. */
  setRawMode(raw: boolean): void;
  /** The size of stdout's terminal, `undefined` when it is not one. */
  size(): TerminalSize | undefined;
  /** Calls `listener` on every SIGWINCH; returns the function that unsubscribes. */
  onResize(listener: () => void): () => void;
  /** Stops reading stdin so the process can exit once the command is done. */
  releaseStdin(): void;
}

export interface CliIo {
  /** Writes text, or raw bytes from a container, to stdout. */
  stdout(text: string | Uint8Array): void;
  stderr(text: string | Uint8Array): void;
  /** Reads one line from stdin (without the newline); `undefined` at end of input. */
  readLine(): Promise<string | undefined>;
  /** Environment variables (`POUCH_HOST`, and the values of `run -e NAME`). */
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly terminal: TerminalIo;
}

/** The real terminal: process streams and environment. */
export function processIo(): CliIo {
  return {
    stdout: (text) => void process.stdout.write(text),
    stderr: (text) => void process.stderr.write(text),
    readLine: () => readOneLine(),
    env: process.env,
    terminal: processTerminal(),
  };
}

function processTerminal(): TerminalIo {
  return {
    stdin: () => process.stdin,
    stdinIsTty: process.stdin.isTTY === true,
    stdoutIsTty: process.stdout.isTTY === true,
    setRawMode(raw) {
      if (process.stdin.isTTY) process.stdin.setRawMode(raw);
    },
    size() {
      if (!process.stdout.isTTY) return undefined;
      return { rows: process.stdout.rows, columns: process.stdout.columns };
    },
    onResize(listener) {
      process.stdout.on('resize', listener);
      return () => void process.stdout.off('resize', listener);
    },
    releaseStdin() {
      process.stdin.pause();
      const handle = process.stdin as Readable & { unref?: () => void };
      handle.unref?.();
    },
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
