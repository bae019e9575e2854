/**
 * The processes an engine owns, found by network namespace: pouchd, conmon, dockerd, containerd,
 * its shims and docker-proxy all run in the engine's (throwaway) host namespace, while container
 * processes live in their own. Summing their RSS gives the engine's memory footprint.
 */
import { readFileSync } from 'node:fs';
import { processesInNetns, type EngineProcess } from '../../test/helpers/processes.js';

export { processesInNetns, type EngineProcess };

/** Total RSS in MiB of `procs`, optionally only those whose comm matches. */
export function rssMiB(procs: EngineProcess[], comm?: RegExp): number {
  return (
    procs.filter((p) => comm === undefined || comm.test(p.comm)).reduce((s, p) => s + p.rssKiB, 0) /
    1024
  );
}

/** RSS in MiB of one process. */
export function pidRssMiB(pid: number): number {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    return Number(/^VmRSS:\s+(\d+)/m.exec(status)?.[1] ?? NaN) / 1024;
  } catch {
    return NaN;
  }
}

/**
 * SIGKILLs, by PID, every process still in the namespace at `nsPath`: what a daemon killed with
 * SIGKILL leaves behind (its conmons, its `nft monitor` child). A process left there would keep
 * the namespace alive after `ip netns del`. Returns what was killed, for the log.
 */
export function killProcessesInNetns(nsPath: string): EngineProcess[] {
  let procs: EngineProcess[] = [];
  try {
    procs = processesInNetns(nsPath);
  } catch {
    return []; // namespace already gone
  }
  for (const p of procs) {
    try {
      process.kill(p.pid, 'SIGKILL');
    } catch {
      // exited meanwhile
    }
  }
  return procs;
}

/**
 * Total PSS in MiB of `procs` (/proc/<pid>/smaps_rollup): RSS counts the pages 1,000 conmons or
 * shims share (their binary, libc) 1,000 times; PSS splits each shared page between its users.
 */
export function pssMiB(procs: EngineProcess[]): number {
  let kib = 0;
  for (const p of procs) {
    try {
      const rollup = readFileSync(`/proc/${p.pid}/smaps_rollup`, 'utf8');
      kib += Number(/^Pss:\s+(\d+)/m.exec(rollup)?.[1] ?? 0);
    } catch {
      // exited meanwhile
    }
  }
  return kib / 1024;
}
