/**
 * P7: resident memory of everything an engine runs in its host namespace: pouchd + conmons, or
 * dockerd + containerd + shims (+ docker-proxy), idle and with N running containers. The
 * N-container snapshot is taken on the population (population.ts, N = 1,000 by default).
 */
import type { Engine } from '../lib/engine.js';
import { processesInNetns, pssMiB, rssMiB } from '../lib/procs.js';

export interface RssSnapshot {
  daemonMiB: number;
  /** conmon, or containerd-shim*. */
  monitorsMiB: number;
  monitors: number;
  /** containerd itself (dockerd only). */
  containerdMiB: number;
  otherMiB: number;
  /** Names of the other processes, with counts. */
  others: string;
  totalMiB: number;
  /** The same processes' PSS: shared pages (the conmon or shim binary, libc) counted once. */
  totalPssMiB: number;
  processes: number;
}

export function snapshot(e: Engine): RssSnapshot {
  const procs = processesInNetns(e.host.path);
  const daemon = procs.filter((p) => p.pid === e.daemonPid);
  const monitors = procs.filter((p) => /^(conmon|containerd-shim)/.test(p.comm));
  const containerd = procs.filter((p) => p.comm === 'containerd');
  const totalMiB = rssMiB(procs);
  const counts = new Map<string, number>();
  for (const p of procs)
    if (!daemon.includes(p) && !monitors.includes(p) && !containerd.includes(p))
      counts.set(p.comm, (counts.get(p.comm) ?? 0) + 1);
  const parts = [rssMiB(daemon), rssMiB(monitors), rssMiB(containerd)];
  return {
    daemonMiB: parts[0] ?? 0,
    monitorsMiB: parts[1] ?? 0,
    monitors: monitors.length,
    containerdMiB: parts[2] ?? 0,
    otherMiB: totalMiB - parts.reduce((a, b) => a + b, 0),
    others: [...counts].map(([c, k]) => `${c}×${k}`).join(', '),
    totalMiB,
    totalPssMiB: pssMiB(procs),
    processes: procs.length,
  };
}
