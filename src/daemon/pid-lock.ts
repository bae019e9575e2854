import { readFileSync, unlinkSync, writeFileSync } from 'node:fs';
import { invalid } from '../common/errors.js';

function alivePouchd(pid: number): boolean {
  if (!Number.isInteger(pid) || pid <= 0 || pid === process.pid) return false;
  try {
    return readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes('pouchd');
  } catch {
    return false;
  }
}

/**
 * One daemon per home directory: two daemons reconciling the same store would undo each other's
 * work. A pid file whose process is gone (kill -9, reboot) is taken over.
 */
export function acquirePidLock(path: string): () => void {
  try {
    writeFileSync(path, `${process.pid}\n`, { flag: 'wx', mode: 0o644 });
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
    const other = Number(readFileSync(path, 'utf8').trim());
    if (alivePouchd(other)) {
      throw invalid(
        `Cannot start: pouchd (pid ${other}) is already running with this home directory (${path})`,
      );
    }
    writeFileSync(path, `${process.pid}\n`, { mode: 0o644 });
  }
  return () => {
    try {
      unlinkSync(path);
    } catch {
      // already gone
    }
  };
}
