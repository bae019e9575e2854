/**
 * NftRunner: runs the `nft` binary, optionally inside a network namespace.
 *
 * Changes run synchronously (spawnSync, ~5 ms each). The controller updates its records
 * synchronously too, so a firewall change and the record it belongs to happen in the same tick:
 * no other request can interleave between them, changes reach the kernel in exactly the order
 * they were made (a remove can never overtake the add it undoes), and an exception leaves both
 * unchanged. An async runner would need its own queue to give the same guarantee.
 *
 * The transaction goes to `nft -f -` as text on stdin. (JSON on Node's stdin fails: nft fopen()s
 * /dev/stdin, which is a socketpair here — kernel-api.md §3.)
 *
 * In a namespace, nft runs as `nsenter --net=<path> nft …`: nsenter execs nft, so the pid nft
 * reports in `nft monitor` ("by process N") is the pid spawnSync returned, and no mount
 * namespace is made (lighter than `ip netns exec`).
 */
import { spawn, spawnSync, type ChildProcessByStdio } from 'node:child_process';
import { existsSync } from 'node:fs';
import type { Readable } from 'node:stream';
import { TABLE_FAMILY, TABLE_NAME } from './compile/index.js';
import { nftError, nftUnavailable } from './nft-error.js';

/** Where and how to run nft. */
export interface NftRunnerOptions {
  /** The nft binary. @default 'nft' (from PATH) */
  nftPath?: string;
  /** Run nft inside this network namespace (a netns file such as /run/netns/x). */
  netnsPath?: string;
  /** Kill a change that takes longer than this. @default 10000 */
  timeoutMs?: number;
}

/** How many recent nft pids are remembered to recognise our own changes in `nft monitor`. */
const RECENT_PIDS = 64;

/** util-linux's setpriv, for a parent-death signal on long-lived children. */
const SETPRIV = '/usr/bin/setpriv';

/** Runs nft transactions and queries; remembers the pids of its own change processes. */
export class NftRunner {
  private readonly nftPath: string;
  private readonly netnsPath: string | undefined;
  private readonly timeoutMs: number;
  private readonly pids: number[] = [];

  constructor(options: NftRunnerOptions = {}) {
    this.nftPath = options.nftPath ?? 'nft';
    this.netnsPath = options.netnsPath;
    this.timeoutMs = options.timeoutMs ?? 10_000;
  }

  /** Runs one transaction (`nft -f -`); throws an EngineError when nft refuses it. */
  apply(text: string, action: string): void {
    const [cmd, args] = this.command(['-f', '-']);
    const result = spawnSync(cmd, args, {
      input: text,
      encoding: 'utf8',
      timeout: this.timeoutMs,
      stdio: ['pipe', 'ignore', 'pipe'],
    });
    if (result.pid !== undefined && result.pid > 0) this.remember(result.pid);
    if (result.error !== undefined) throw nftUnavailable(action, result.error);
    if (result.status !== 0) throw nftError(action, result.stderr ?? '', text);
  }

  /**
   * Like apply(), without blocking the JS thread while nft runs. For changes nothing else is
   * ordered against (a sandbox's own DNS redirect): the caller serialises them per target.
   */
  applyAsync(text: string, action: string): Promise<void> {
    const [cmd, args] = this.command(['-f', '-']);
    return new Promise((resolve, reject) => {
      const child = spawn(cmd, args, { stdio: ['pipe', 'ignore', 'pipe'] });
      let stderr = '';
      const timer = setTimeout(() => child.kill('SIGKILL'), this.timeoutMs);
      child.stderr.setEncoding('utf8');
      child.stderr.on('data', (d: string) => (stderr += d));
      child.on('error', (err) => {
        clearTimeout(timer);
        reject(nftUnavailable(action, err));
      });
      child.on('close', (code) => {
        clearTimeout(timer);
        if (code === 0) resolve();
        else reject(nftError(action, stderr, text));
      });
      // A child that dies before reading its input makes the pipe fail; 'close' reports it.
      child.stdin.on('error', () => undefined);
      child.stdin.end(text);
    });
  }

  /** True when our table exists (`nft list tables inet`, which lists names only). */
  tableExists(): boolean {
    const [cmd, args] = this.command(['list', 'tables', TABLE_FAMILY]);
    const result = spawnSync(cmd, args, { encoding: 'utf8', timeout: this.timeoutMs });
    if (result.status !== 0) return false;
    return result.stdout
      .split('\n')
      .some((l) => l.trim() === `table ${TABLE_FAMILY} ${TABLE_NAME}`);
  }

  /** True when `pid` is one of our recent change processes. */
  isOwnPid(pid: number): boolean {
    return this.pids.includes(pid);
  }

  /**
   * Starts `nft monitor` (every event, with "# new generation N by process P" lines). It is
   * started under `setpriv --pdeathsig KILL` where setpriv exists: a daemon killed with SIGKILL
   * cannot stop it, and an idle monitor would otherwise live on (keeping its network namespace
   * alive) until its next write hits the closed pipe.
   */
  spawnMonitor(): ChildProcessByStdio<null, Readable, Readable> {
    const [cmd, args] = this.command(['monitor']);
    const [exe, argv] = existsSync(SETPRIV)
      ? [SETPRIV, ['--pdeathsig', 'KILL', cmd, ...args]]
      : [cmd, args];
    return spawn(exe, argv, { stdio: ['ignore', 'pipe', 'pipe'] });
  }

  private remember(pid: number): void {
    this.pids.push(pid);
    if (this.pids.length > RECENT_PIDS) this.pids.shift();
  }

  private command(args: string[]): [string, string[]] {
    if (this.netnsPath === undefined) return [this.nftPath, args];
    return ['nsenter', [`--net=${this.netnsPath}`, this.nftPath, ...args]];
  }
}
