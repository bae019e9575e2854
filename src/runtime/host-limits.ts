/**
 * The RLIMIT_NOFILE containers can get on this host. Docker gives containers 1048576, which
 * needs CAP_SYS_RESOURCE whenever it is above pouchd's own hard limit; without that capability
 * (some sandboxes drop it) runc fails with "error setting rlimit type 7: operation not
 * permitted", so the limit is capped at our own hard limit then.
 */
import { readFileSync } from 'node:fs';
import { DEFAULT_NOFILE } from './compile/oci-defaults.js';

const CAP_SYS_RESOURCE = 24n;

/** Parses the hard "Max open files" limit out of /proc/<pid>/limits text. */
export function parseNofileHardLimit(limits: string): number | undefined {
  const m = /^Max open files\s+\S+\s+(\S+)/m.exec(limits);
  if (m === null) return undefined;
  return m[1] === 'unlimited' ? Number.MAX_SAFE_INTEGER : Number(m[1]);
}

/** True when the effective capability set in /proc/<pid>/status text has CAP_SYS_RESOURCE. */
export function hasSysResource(status: string): boolean {
  const m = /^CapEff:\s+([0-9a-f]+)$/m.exec(status);
  return m !== null && ((BigInt(`0x${m[1]}`) >> CAP_SYS_RESOURCE) & 1n) === 1n;
}

/** Docker's 1048576, or our own hard limit when we could not raise a container above it. */
export function defaultNofileLimit(): number {
  try {
    if (hasSysResource(readFileSync('/proc/self/status', 'utf8'))) return DEFAULT_NOFILE;
    const hard = parseNofileHardLimit(readFileSync('/proc/self/limits', 'utf8'));
    return hard === undefined ? DEFAULT_NOFILE : Math.min(hard, DEFAULT_NOFILE);
  } catch {
    return DEFAULT_NOFILE;
  }
}
