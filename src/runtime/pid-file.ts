/**
 * Pid files written by conmon (`--conmon-pidfile`) and runc (`--pid-file`), and waiting for a
 * process that is not our child (conmon double-forks, so we cannot waitpid() it). A pid is only
 * trusted while /proc/<pid>/comm still names the expected program, so a recycled pid of an
 * unrelated process is never waited for or killed.
 */
import { readFileSync } from 'node:fs';
import { setTimeout as delay } from 'node:timers/promises';

/** Reads a pid file; undefined when absent or not a positive integer. */
export function readPidFile(path: string): number | undefined {
  try {
    const t = readFileSync(path, 'utf8').trim();
    const pid = Number(t);
    return /^\d+$/.test(t) && pid > 0 ? pid : undefined;
  } catch {
    return undefined;
  }
}

/** True while `pid` is a live (not zombie) process whose comm is `comm` (when given). */
export function isPidAlive(pid: number, comm?: string): boolean {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // "<pid> (<comm>) <state> ..." — comm may contain spaces and parentheses.
    const close = stat.lastIndexOf(')');
    const name = stat.slice(stat.indexOf('(') + 1, close);
    const state = stat.slice(close + 2, close + 3);
    if (state === 'Z' || state === 'X') return false;
    return comm === undefined || name === comm;
  } catch {
    return false;
  }
}

/** Polls until `pid` (a conmon) is gone; false after `timeoutMs`. */
export async function waitForPidExit(
  pid: number,
  timeoutMs: number,
  comm = 'conmon',
): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (isPidAlive(pid, comm)) {
    if (Date.now() > deadline) return false;
    await delay(20);
  }
  return true;
}
