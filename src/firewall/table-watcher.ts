/**
 * TableWatcher: keeps the engine's table in place. One long-lived `nft monitor` child reports
 * every ruleset change; each transaction's events end with `# new generation N by process P`.
 * When a transaction that was not ours (P is not one of our nft pids) deleted anything in
 * `inet pouch` — the table (`nft flush ruleset`), a chain, a rule (`nft flush table`), a set
 * or an element — the watcher calls `repair()` after a short debounce, well within a second.
 * Our own `add table; delete table; table {…}` replacements are recognised by pid and ignored.
 *
 * If the monitor dies, it is restarted after RESTART_DELAY_MS and the table is checked at once
 * (it may have gone while nobody watched). The child and timers are unref'd: the watcher never
 * keeps the process alive by itself. `close()` kills the child.
 */
import type { ChildProcessByStdio } from 'node:child_process';
import type { Readable } from 'node:stream';
import { TABLE_REF } from './compile/index.js';
import type { FirewallLogger } from './logger.js';
import type { NftRunner } from './nft-runner.js';

/** Delay between a foreign destructive transaction and the repair (coalesces bursts). */
export const REPAIR_DEBOUNCE_MS = 100;
/** Delay before restarting a monitor that exited. */
export const RESTART_DELAY_MS = 500;

const GENERATION = /^# new generation \d+ by process (\d+)/;
const DESTRUCTIVE = new RegExp(`^(delete|flush) \\w+ ${TABLE_REF}(\\s|$)`);

/** What the watcher needs. */
export interface TableWatcherOptions {
  /** NftRunner in production; a fake in tests. */
  runner: Pick<NftRunner, 'tableExists' | 'isOwnPid' | 'spawnMonitor'>;
  logger: FirewallLogger;
  /** Rebuilds the table; errors are logged by the watcher. */
  repair: () => void;
}

/** Watches the ruleset and repairs the engine's table after foreign deletions. */
export class TableWatcher {
  private readonly o: TableWatcherOptions;
  private child: ChildProcessByStdio<null, Readable, Readable> | undefined;
  private timer: NodeJS.Timeout | undefined;
  private closed = false;
  private pending = '';
  private touched = false;

  constructor(options: TableWatcherOptions) {
    this.o = options;
  }

  /** Starts the monitor and repairs at once if the table is missing. */
  start(): void {
    this.spawn();
    if (!this.o.runner.tableExists()) this.schedule(0, 'table missing at watch start');
  }

  /** Stops watching; kills the monitor. */
  close(): void {
    this.closed = true;
    if (this.timer !== undefined) clearTimeout(this.timer);
    this.timer = undefined;
    this.child?.kill('SIGTERM');
    this.child = undefined;
  }

  private spawn(): void {
    const child = this.o.runner.spawnMonitor();
    this.child = child;
    child.stdout.setEncoding('utf8');
    child.stdout.on('data', (chunk: string) => this.onData(chunk));
    child.stderr.resume();
    child.on('error', (err) => this.o.logger.warn({ err }, 'nft monitor failed'));
    child.on('exit', (code, signal) => this.onExit(child, code ?? signal));
    child.unref();
    (child.stdout as Readable & { unref?: () => void }).unref?.();
    (child.stderr as Readable & { unref?: () => void }).unref?.();
  }

  private onExit(child: ChildProcessByStdio<null, Readable, Readable>, why: unknown): void {
    if (this.closed || child !== this.child) return;
    this.o.logger.warn({ exit: why }, 'nft monitor exited; restarting');
    this.child = undefined;
    setTimeout(() => {
      if (this.closed) return;
      this.spawn();
      if (!this.o.runner.tableExists()) this.schedule(0, 'table missing after monitor restart');
    }, RESTART_DELAY_MS).unref();
  }

  private onData(chunk: string): void {
    const lines = (this.pending + chunk).split('\n');
    this.pending = lines.pop() ?? '';
    for (const line of lines) this.onLine(line);
  }

  private onLine(line: string): void {
    const gen = GENERATION.exec(line);
    if (gen === null) {
      if (DESTRUCTIVE.test(line)) this.touched = true;
      return;
    }
    const pid = Number(gen[1]);
    const foreign = this.touched && !this.o.runner.isOwnPid(pid);
    this.touched = false;
    if (foreign) this.schedule(REPAIR_DEBOUNCE_MS, `changed by process ${pid}`);
  }

  private schedule(delayMs: number, reason: string): void {
    if (this.closed || this.timer !== undefined) return;
    this.timer = setTimeout(() => {
      this.timer = undefined;
      if (this.closed) return;
      this.o.logger.warn({ reason }, 'firewall table damaged; replacing it');
      try {
        this.o.repair();
      } catch (err) {
        this.o.logger.error({ err }, 'Cannot repair the firewall table');
      }
    }, delayMs);
    this.timer.unref();
  }
}
