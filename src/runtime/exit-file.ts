/**
 * conmon's exit files: when a container's main process ends, conmon writes its exit status as
 * decimal text to `<exit-dir>/<id>` (after draining and syncing the log). A process killed by
 * signal N is recorded as 128+N, which is also what Docker reports, so the number is used as is.
 *
 * ExitWatcher turns the files into promises with one inotify watch on the directory; a waiter
 * checks the file right after registering, so exits that happened while pouchd was down (or
 * before the watch existed) are seen too.
 */
import { readFileSync, statSync, watch, type FSWatcher } from 'node:fs';
import type { ExitStatus } from './runtime.js';

/** Parses an exit file's text; undefined when it is empty or not a number (being written). */
export function parseExitFile(text: string): number | undefined {
  const t = text.trim();
  if (!/^-?\d+$/.test(t)) return undefined;
  const code = Number(t);
  // conmon writes -1 when it could not tell (no wait status); Docker uses 255 for "unknown".
  return code < 0 ? 255 : code;
}

/** Reads `<dir>/<id>`: the exit status with finishedAt = the file's mtime, or undefined. */
export function readExitFile(dir: string, id: string): ExitStatus | undefined {
  const path = `${dir}/${id}`;
  try {
    const code = parseExitFile(readFileSync(path, 'utf8'));
    if (code === undefined) return undefined;
    return { exitCode: code, finishedAt: statSync(path).mtime };
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw err;
  }
}

type Waiter = (status: ExitStatus) => void;

/** Resolves `wait(id)` promises when conmon writes `<dir>/<id>`. Owns one fs.watch. */
export class ExitWatcher {
  private readonly waiters = new Map<string, Waiter[]>();
  private watcher: FSWatcher | undefined;
  private timer: NodeJS.Timeout | undefined;

  /**
   * @param opts.pollMs how often pending waits re-check their file (default 2000).
   * @param opts.isLost called on each poll for a still-pending id: true when its monitor is
   *   gone without having written the file (conmon killed), so the wait can end with 255
   *   instead of hanging forever.
   */
  constructor(
    private readonly dir: string,
    private readonly opts: { pollMs?: number; isLost?: (id: string) => boolean } = {},
  ) {}

  /** Resolves with the exit status of `id` (immediately when it is already recorded). */
  wait(id: string): Promise<ExitStatus> {
    return new Promise<ExitStatus>((resolve) => {
      const list = this.waiters.get(id) ?? [];
      list.push(resolve);
      this.waiters.set(id, list);
      this.ensureWatching();
      this.check(id);
    });
  }

  /** Re-reads the exit file of `id` and settles its waiters if it is there. */
  check(id: string): void {
    const list = this.waiters.get(id);
    if (list === undefined) return;
    const status = readExitFile(this.dir, id);
    if (status === undefined) return;
    this.waiters.delete(id);
    for (const w of list) w(status);
    if (this.waiters.size === 0) this.stopWatching();
  }

  /** Settles the waiters of `id` with `status` (the container was deleted under them). */
  settle(id: string, status: ExitStatus): void {
    const list = this.waiters.get(id);
    if (list === undefined) return;
    this.waiters.delete(id);
    for (const w of list) w(status);
    if (this.waiters.size === 0) this.stopWatching();
  }

  /** Stops watching; pending waits stay pending. */
  dispose(): void {
    this.stopWatching();
  }

  private ensureWatching(): void {
    if (this.watcher !== undefined) return;
    this.watcher = watch(this.dir, (_event, name) => {
      if (name !== null) this.check(name);
    });
    this.watcher.on('error', () => this.checkAll());
    // Safety net for missed events (inotify queue overflow); cheap: one stat per waiter.
    this.timer = setInterval(() => this.checkAll(), this.opts.pollMs ?? 2000);
    this.timer.unref();
  }

  private checkAll(): void {
    for (const id of [...this.waiters.keys()]) {
      this.check(id);
      if (this.waiters.has(id) && this.opts.isLost?.(id) === true) {
        // Re-read: the monitor may have written the file just before it exited.
        this.check(id);
        this.settle(id, { exitCode: 255, finishedAt: new Date() });
      }
    }
  }

  private stopWatching(): void {
    this.watcher?.close();
    this.watcher = undefined;
    if (this.timer !== undefined) clearInterval(this.timer);
    this.timer = undefined;
  }
}
