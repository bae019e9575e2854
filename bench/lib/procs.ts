/**
 * The processes an engine owns, found by network namespace: pouchd, conmon, dockerd, containerd,
 * its shims and docker-proxy all run in the engine's (throwaway) host namespace, while container
 * processes live in their own. Summing their RSS gives the engine's memory footprint.
 */
import { readdirSync, readFileSync, readlinkSync, statSync } from 'node:fs';

export interface EngineProcess {
  pid: number;
  comm: string;
  rssKiB: number;
}

function nsId(path: string): string | undefined {
  try {
    return readlinkSync(path);
  } catch {
    return undefined;
  }
}

/** Every live process whose network namespace is the one mounted at `nsPath`. */
export function processesInNetns(nsPath: string): EngineProcess[] {
  const want = `net:[${statSync(nsPath).ino}]`;
  const out: EngineProcess[] = [];
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    if (nsId(`/proc/${name}/ns/net`) !== want) continue;
    try {
      const status = readFileSync(`/proc/${name}/status`, 'utf8');
      const comm = /^Name:\s+(.*)$/m.exec(status)?.[1] ?? '?';
      const rssKiB = Number(/^VmRSS:\s+(\d+)/m.exec(status)?.[1] ?? 0);
      out.push({ pid: Number(name), comm, rssKiB });
    } catch {
      // exited meanwhile
    }
  }
  return out;
}

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
