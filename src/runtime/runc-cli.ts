/**
 * One `runc` process per lifecycle operation (start, kill, delete, state). runc logs errors as
 * JSON lines on stderr (`--log-format json`), so its message reaches the EngineError verbatim
 * and the kind is derived from it once, here.
 */
import { execFile } from 'node:child_process';
import { EngineError, type ErrorKind } from '../common/errors.js';

/** How to run runc. */
export interface RuncOptions {
  runcPath: string;
  /** runc's state directory (`--root`); runc's default (/run/runc) when unset. */
  root?: string;
  timeoutMs?: number;
}

/** What `runc state` prints (the fields we use). */
export interface RuncState {
  id: string;
  pid: number;
  status: 'creating' | 'created' | 'running' | 'paused' | 'stopped';
  bundle: string;
}

/** Extracts runc's error text from its JSON (or plain) stderr. */
export function runcErrorMessage(stderr: string): string {
  const msgs: string[] = [];
  for (const line of stderr.split('\n')) {
    const t = line.trim();
    if (t === '') continue;
    try {
      const rec = JSON.parse(t) as { level?: string; msg?: string };
      if (rec.level === 'error' && typeof rec.msg === 'string') msgs.push(rec.msg);
    } catch {
      msgs.push(t);
    }
  }
  return msgs.join('; ') || 'runc failed without a message';
}

/** The error kind a runc message stands for. */
export function kindForRuncMessage(msg: string): ErrorKind {
  if (/does not exist|not found/i.test(msg)) return 'not_found';
  if (/not running|is paused|stopped|already|cannot start|not in created state/i.test(msg)) {
    return 'conflict';
  }
  return 'internal';
}

/** Runs `runc [--root R] --log-format json <args>`; resolves with stdout. */
export function runRunc(opts: RuncOptions, args: string[], what: string): Promise<string> {
  const global = ['--log-format', 'json'];
  if (opts.root !== undefined) global.push('--root', opts.root);
  return new Promise((resolve, reject) => {
    execFile(
      opts.runcPath,
      [...global, ...args],
      { timeout: opts.timeoutMs ?? 30_000, maxBuffer: 16 * 1024 * 1024 },
      (err, stdout, stderr) => {
        if (err === null) return resolve(stdout);
        const msg = runcErrorMessage(stderr || err.message);
        const kind = kindForRuncMessage(msg);
        reject(
          new EngineError(kind, `Cannot ${what}: ${msg}`, {
            code: `RUNTIME_${kind.toUpperCase()}`,
            cause: err,
          }),
        );
      },
    );
  });
}

/** `runc state <id>`, or undefined when runc does not know the container. */
export async function runcState(opts: RuncOptions, id: string): Promise<RuncState | undefined> {
  try {
    return JSON.parse(
      await runRunc(opts, ['state', id], `get state of container "${id}"`),
    ) as RuncState;
  } catch (err) {
    if (err instanceof EngineError && err.kind === 'not_found') return undefined;
    throw err;
  }
}
