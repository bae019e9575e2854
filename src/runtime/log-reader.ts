/**
 * Reads a container's k8s-file log (written by conmon) as LogEntries, with Docker's
 * `tail`/`since`/`until` and `follow`. Following watches the log's directory (the file may not
 * exist yet) and ends once the container has exited and the file is drained: conmon writes the
 * exit file only after it flushed and synced the log, so nothing is lost at the end.
 */
import { watch, type FSWatcher } from 'node:fs';
import { open } from 'node:fs/promises';
import { basename, dirname } from 'node:path';
import { K8sLogParser, inWindow, selectEntries } from './k8s-log-format.js';
import type { LogEntry, LogQuery } from './runtime.js';

/** Options of readK8sLog. */
export interface ReadLogOptions {
  /** Settles when the container's main process has exited (ends a follow). */
  exited: Promise<unknown>;
}

const CHUNK_BYTES = 64 * 1024;

/** Reads bytes of `path` from `offset` to its current end; an absent file reads as empty. */
async function readFrom(path: string, offset: number): Promise<{ data: Buffer; size: number }> {
  let fh;
  try {
    fh = await open(path, 'r');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return { data: Buffer.alloc(0), size: 0 };
    throw err;
  }
  try {
    const { size } = await fh.stat();
    const from = size < offset ? 0 : offset; // truncated or replaced: start over
    const parts: Buffer[] = [];
    for (let pos = from; pos < size;) {
      const buf = Buffer.alloc(Math.min(CHUNK_BYTES, size - pos));
      const { bytesRead } = await fh.read(buf, 0, buf.length, pos);
      if (bytesRead === 0) break;
      parts.push(buf.subarray(0, bytesRead));
      pos += bytesRead;
    }
    const data = Buffer.concat(parts);
    return { data, size: from + data.length };
  } finally {
    await fh.close();
  }
}

/** Resolves on the next change of `file` in its directory, on exit or on abort. */
class ChangeWaiter {
  private watcher: FSWatcher | undefined;
  private wake: (() => void) | undefined;
  private dirty = false;

  constructor(private readonly path: string) {
    try {
      this.watcher = watch(dirname(path), (_event, name) => {
        if (name === null || name === basename(path)) this.notify();
      });
      this.watcher.on('error', () => this.notify());
    } catch {
      this.watcher = undefined; // directory gone: the poll timer below still wakes us
    }
  }

  notify(): void {
    this.dirty = true;
    this.wake?.();
  }

  /** Waits for a change (or at most `pollMs`, a safety net for missed events). */
  async next(pollMs: number): Promise<void> {
    if (this.dirty) {
      this.dirty = false;
      return;
    }
    await new Promise<void>((resolve) => {
      const timer = setTimeout(resolve, pollMs);
      this.wake = () => {
        clearTimeout(timer);
        resolve();
      };
    });
    this.wake = undefined;
    this.dirty = false;
  }

  dispose(): void {
    this.watcher?.close();
    this.wake?.();
  }
}

async function* follow(
  path: string,
  start: { parser: K8sLogParser; offset: number },
  query: LogQuery,
  opts: ReadLogOptions,
): AsyncGenerator<LogEntry> {
  const waiter = new ChangeWaiter(path);
  let exited = false;
  void opts.exited.then(
    () => ((exited = true), waiter.notify()),
    () => ((exited = true), waiter.notify()),
  );
  const onAbort = (): void => waiter.notify();
  query.signal?.addEventListener('abort', onAbort);
  let { offset } = start;
  try {
    while (query.signal?.aborted !== true) {
      const wasExited = exited; // read after observing exit, so the last bytes are included
      const { data, size } = await readFrom(path, offset);
      offset = size;
      for (const e of start.parser.push(data)) if (inWindow(e, query)) yield e;
      if (wasExited) break;
      await waiter.next(1000);
    }
    if (query.signal?.aborted !== true) {
      for (const e of start.parser.flush()) if (inWindow(e, query)) yield e;
    }
  } finally {
    query.signal?.removeEventListener('abort', onAbort);
    waiter.dispose();
  }
}

/**
 * Yields the log's entries selected by `query`; with `follow`, keeps yielding new entries until
 * the container exits (and the file is drained) or `query.signal` aborts.
 */
export async function* readK8sLog(
  path: string,
  query: LogQuery,
  opts: ReadLogOptions,
): AsyncGenerator<LogEntry> {
  const parser = new K8sLogParser();
  const { data, size } = await readFrom(path, 0);
  const entries = parser.push(data);
  if (query.follow !== true) entries.push(...parser.flush());
  yield* selectEntries(entries, query);
  if (query.follow === true) yield* follow(path, { parser, offset: size }, query, opts);
}
