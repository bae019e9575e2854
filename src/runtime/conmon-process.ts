/**
 * Starting conmon and talking its pipe protocol. conmon reads pipe fds from the environment:
 * `_OCI_SYNCPIPE` (it writes `{"data": pid}` once runc created the process, or a negative
 * number with runc's error text; with `--exec` a second message carries the exit code),
 * `_OCI_STARTPIPE` (it blocks until we write; with `--exec-attach` once more before runc exec
 * runs) and `_OCI_ATTACHPIPE` (it writes `{"data": 0}` when the attach socket is listening).
 *
 * conmon forks, the first child exits and the second calls setsid(), so the monitor is in its
 * own session and process group: stopping or killing pouchd (or its process group) does not
 * reach it. We also spawn it `detached`, so not even the short-lived first process is in
 * pouchd's group.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import type { Readable, Writable } from 'node:stream';
import { EngineError } from '../common/errors.js';
import { parseSyncMessage, type ConmonSyncMessage } from './conmon-args.js';

/** Reads newline-separated conmon messages from one pipe, in order. */
export class SyncPipeReader {
  private buf = '';
  private readonly queue: ConmonSyncMessage[] = [];
  private readonly waiters: Array<(m: ConmonSyncMessage | undefined) => void> = [];
  private ended = false;

  constructor(private readonly stream: Readable) {
    stream.setEncoding('utf8');
    stream.on('data', (chunk: string) => this.onData(chunk));
    stream.on('end', () => this.onEnd());
    stream.on('error', () => this.onEnd());
    stream.on('close', () => this.onEnd());
  }

  /** The next message; undefined when the pipe closed first or after `timeoutMs` (if given). */
  next(timeoutMs?: number): Promise<ConmonSyncMessage | undefined> {
    const m = this.queue.shift();
    if (m !== undefined || this.ended) return Promise.resolve(m);
    return new Promise((resolve) => {
      const timer =
        timeoutMs === undefined
          ? undefined
          : setTimeout(() => {
              const i = this.waiters.indexOf(done);
              if (i >= 0) this.waiters.splice(i, 1);
              resolve(undefined);
            }, timeoutMs);
      const done = (v: ConmonSyncMessage | undefined): void => {
        clearTimeout(timer);
        resolve(v);
      };
      this.waiters.push(done);
    });
  }

  /** Closes our end (conmon ignores SIGPIPE). */
  close(): void {
    this.stream.destroy();
  }

  private onData(chunk: string): void {
    this.buf += chunk;
    for (let nl = this.buf.indexOf('\n'); nl !== -1; nl = this.buf.indexOf('\n')) {
      const msg = parseSyncMessage(this.buf.slice(0, nl));
      this.buf = this.buf.slice(nl + 1);
      if (msg === undefined) continue;
      const w = this.waiters.shift();
      if (w !== undefined) w(msg);
      else this.queue.push(msg);
    }
  }

  private onEnd(): void {
    if (this.ended) return;
    this.ended = true;
    for (const w of this.waiters.splice(0)) w(undefined);
  }
}

/** A started conmon: its pipes (parent ends) and first process. */
export interface ConmonHandle {
  child: ChildProcess;
  sync: SyncPipeReader;
  /** Present with `withExecPipes`. */
  start?: Writable;
  attach?: SyncPipeReader;
  /** stderr of conmon before it detached (argument errors). */
  stderr(): string;
  /** Resolves with the first process's exit code (it exits right after forking). */
  forked: Promise<number | null>;
  /** Releases our pipe ends. */
  close(): void;
}

/** Starts conmon with a sync pipe (fd 3) and, for exec, start (fd 4) and attach (fd 5) pipes. */
export function spawnConmon(
  conmonPath: string,
  args: string[],
  opts: { cwd: string; withExecPipes: boolean },
): ConmonHandle {
  const env: NodeJS.ProcessEnv = {
    PATH: process.env['PATH'] ?? '/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin',
    _OCI_SYNCPIPE: '3',
  };
  if (opts.withExecPipes) Object.assign(env, { _OCI_STARTPIPE: '4', _OCI_ATTACHPIPE: '5' });
  const pipes = opts.withExecPipes ? ['pipe', 'pipe', 'pipe'] : ['pipe'];
  const child = spawn(conmonPath, args, {
    cwd: opts.cwd,
    env,
    detached: true,
    stdio: ['ignore', 'ignore', 'pipe', ...(pipes as Array<'pipe'>)],
  });
  let stderr = '';
  child.stderr?.setEncoding('utf8');
  child.stderr?.on('data', (d: string) => (stderr = (stderr + d).slice(-4096)));
  const forked = new Promise<number | null>((resolve) => {
    child.on('exit', (code) => resolve(code));
    child.on('error', () => resolve(-1));
  });
  child.unref();
  const fds = child.stdio as unknown as Array<Readable & Writable>;
  const sync = new SyncPipeReader(fds[3] as Readable);
  const start = opts.withExecPipes ? (fds[4] as Writable) : undefined;
  const attach = opts.withExecPipes ? new SyncPipeReader(fds[5] as Readable) : undefined;
  start?.on('error', () => undefined);
  return {
    child,
    sync,
    ...(start !== undefined ? { start } : {}),
    ...(attach !== undefined ? { attach } : {}),
    stderr: () => stderr.trim(),
    forked,
    close: () => {
      sync.close();
      attach?.close();
      start?.destroy();
      child.stderr?.destroy();
    },
  };
}

/**
 * Waits for conmon's pid message on the sync pipe: resolves with the process pid or throws an
 * EngineError carrying runc's (or conmon's) error text.
 */
export async function awaitConmonPid(
  h: ConmonHandle,
  what: string,
  timeoutMs: number,
): Promise<number> {
  const msg = await h.sync.next(timeoutMs);
  if (msg !== undefined && msg.data > 0) return msg.data;
  const code = await Promise.race([h.forked, Promise.resolve(undefined)]);
  const detail =
    msg?.message?.trim() ||
    h.stderr() ||
    (msg === undefined ? `conmon gave no answer (exit code ${String(code)})` : 'runtime failed');
  throw new EngineError('internal', `Cannot ${what}: ${runcText(detail)}`, {
    code: 'RUNTIME_ERROR',
  });
}

/** runc's JSON log lines (as conmon relays them) → their messages. */
function runcText(detail: string): string {
  const msgs = detail
    .split('\n')
    .map((l) => {
      try {
        const rec = JSON.parse(l) as { msg?: string };
        return rec.msg ?? l;
      } catch {
        return l;
      }
    })
    .filter((l) => l.trim() !== '');
  return msgs.join('; ');
}
