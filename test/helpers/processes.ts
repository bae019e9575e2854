/**
 * Processes found by network namespace: a daemon under test, its monitors and helpers (conmon,
 * nft monitor, dockerd's shims…) run in the test's throwaway host namespace, while container
 * processes live in their own.
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
