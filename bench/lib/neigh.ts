/**
 * The kernel's IPv4 neighbour (ARP) table is one table for all network namespaces, and its
 * defaults (gc_thresh2 = 512 soft, gc_thresh3 = 1,024 hard) cannot hold an entry per container
 * at 1,000 containers: the host then reaches only ~512 of them and the kernel logs "neighbor
 * table overflow", whichever engine runs them. The population phase raises the thresholds (only
 * ever up) and puts the old values back afterwards, also on SIGINT.
 */
import { readFileSync, writeFileSync } from 'node:fs';

const KEYS = ['gc_thresh1', 'gc_thresh2', 'gc_thresh3'] as const;
const path = (k: string): string => `/proc/sys/net/ipv4/neigh/default/${k}`;

export interface NeighLimits {
  before: number[];
  after: number[];
  /** Puts the values found before back (idempotent). */
  restore(): void;
}

/** Raises gc_thresh1/2/3 to at least 4, 8 and 16 entries per container. */
export function raiseNeighbourLimits(containers: number): NeighLimits {
  const before = KEYS.map((k) => Number(readFileSync(path(k), 'utf8').trim()));
  const after = before.map((v, i) => Math.max(v, containers * 4 * 2 ** i));
  KEYS.forEach((k, i) => writeFileSync(path(k), String(after[i])));
  let restored = false;
  return {
    before,
    after,
    restore() {
      if (restored) return;
      restored = true;
      KEYS.forEach((k, i) => writeFileSync(path(k), String(before[i])));
    },
  };
}
