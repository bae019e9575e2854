/**
 * P5 (pouchd only): restart of a daemon that runs the population (1,000 containers publishing
 * 10,000 ports). Timed from the spawn of the new process until (a) `GET /_ping` answers 200 and
 * (b) every published port forwards, proven by a port prober (bench/port-prober.ts) that sweeps
 * all ports from inside the engine's host namespace, back to back, for the whole restart:
 *
 * - a first full sweep with the daemon up checks the population and gives the prober's own cost;
 * - the daemon is stopped (SIGTERM and wait, or SIGKILL) and left down a few seconds: the probes
 *   in that window, the conmons still alive and the elements still in the nft port map say
 *   whether containers and forwarding outlive the daemon;
 * - the new daemon is spawned with the same arguments; /_ping is polled every 10 ms;
 * - "ports forward again" is the start of the last probe that failed after the spawn (0 when none
 *   did), and it is confirmed by a complete sweep that began after /_ping answered.
 *
 * Not run on dockerd: the same population there would mean 10,000 docker-proxy processes (P4
 * shows one per port and ~65 s to remove 1,000 of them), and dockerd's restart without
 * live-restore stops every container anyway.
 */
import { spawnSync } from 'node:child_process';
import type { DaemonControl, Engine } from '../lib/engine.js';
import { PortProber } from '../lib/port-probe.js';
import { processesInNetns } from '../lib/procs.js';
import { sleep } from '../lib/stats.js';
import { allHostPorts, FIRST_HOST_PORT, type Population } from './population.js';

export type StopSignal = 'SIGTERM' | 'SIGKILL';

export interface RestartSample {
  signal: StopSignal;
  /** Whether the prober ran during this restart (it competes with the daemon for CPU). */
  probed: boolean;
  /** Signal → daemon exited. */
  stopMs: number;
  /** Exit → spawn, and meanwhile: probes answered / failed, conmons alive, nft port elements. */
  downMs: number;
  downOk: number;
  downFailed: number;
  downConmons: number;
  downPortElements: number | undefined;
  /** Spawn → first `/_ping` 200. */
  apiMs: number;
  /** Probes that failed after the spawn, and when the last of them began (ms after spawn). */
  failuresAfterSpawn: number;
  lastFailureMs: number | undefined;
  /** Spawn → end of the first complete sweep that began after /_ping answered. */
  confirmedMs: number | undefined;
  /** A full sweep with the daemon up, before the stop: what one sweep costs by itself. */
  baselineSweepMs: number | undefined;
  /** pop-* containers the new daemon reports running. */
  running: number;
  /** Processes in the engine's host namespace after the restart (an extra nft = a leaked monitor). */
  processes: string;
}

export interface P5Result {
  containers: number;
  ports: number;
  concurrency: number;
  samples: RestartSample[];
}

const ms = (a: bigint, b: bigint): number => Number(b - a) / 1e6;

function control(e: Engine): DaemonControl {
  if (e.daemon === undefined) throw new Error(`${e.name} cannot be restarted in place`);
  return e.daemon;
}

/** Polls /_ping every 10 ms; returns the hrtime of the first 200. */
async function waitForPing(e: Engine, ctl: DaemonControl, timeoutMs = 180_000): Promise<bigint> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      if ((await e.api('GET', '/_ping')).status === 200) return process.hrtime.bigint();
    } catch {
      // not listening yet
    }
    if (!ctl.running()) throw new Error(`restarted pouchd exited:\n${ctl.output()}`);
    if (Date.now() > deadline) throw new Error(`pouchd did not answer /_ping:\n${ctl.output()}`);
    await sleep(10);
  }
}

/** Elements of the engine's IPv4 TCP port map (`hostPort : ip . port`), or undefined if absent. */
function portElements(e: Engine): number | undefined {
  const r = spawnSync(
    'nsenter',
    [`--net=${e.host.path}`, 'nft', '-j', 'list', 'map', 'inet', 'pouch', 'pm4_tcp_any'],
    { encoding: 'utf8', maxBuffer: 64 << 20 },
  );
  if (r.status !== 0) return undefined;
  const j = JSON.parse(r.stdout) as { nftables: Array<{ map?: { elem?: unknown[] } }> };
  return j.nftables.find((x) => x.map !== undefined)?.map?.elem?.length ?? 0;
}

function processSummary(e: Engine): string {
  const counts = new Map<string, number>();
  for (const p of processesInNetns(e.host.path)) counts.set(p.comm, (counts.get(p.comm) ?? 0) + 1);
  return [...counts].map(([c, k]) => `${c}×${k}`).join(', ');
}

async function runningPop(e: Engine): Promise<number> {
  const r = await e.api<Array<{ Names: string[] }>>('GET', '/containers/json');
  return Array.isArray(r.body)
    ? r.body.filter((c) => c.Names.some((n) => n.startsWith('/pop-'))).length
    : 0;
}

interface RestartOptions {
  signal: StopSignal;
  downSeconds: number;
  prober?: PortProber;
}

/** Stop, stay down, respawn; everything but the port evidence (added by the caller). */
async function restartOnce(pop: Population, o: RestartOptions): Promise<RestartSample> {
  const e = pop.engine;
  const ctl = control(e);
  const s0 = process.hrtime.bigint();
  await ctl.stop(o.signal);
  const down = process.hrtime.bigint();
  const downStart = await o.prober?.mark('down');
  await sleep(o.downSeconds * 1000);
  const downConmons = processesInNetns(e.host.path).filter((p) => p.comm === 'conmon').length;
  const downPortElements = portElements(e);
  const downEnd = await o.prober?.mark('spawn');
  const t0 = ctl.respawn();
  const ping = await waitForPing(e, ctl);
  const sample: RestartSample = {
    signal: o.signal,
    probed: o.prober !== undefined,
    stopMs: ms(s0, down),
    downMs: ms(down, t0),
    downOk: (downEnd?.ok ?? NaN) - (downStart?.ok ?? NaN),
    downFailed: (downEnd?.fail ?? NaN) - (downStart?.fail ?? NaN),
    downConmons,
    downPortElements,
    apiMs: ms(t0, ping),
    failuresAfterSpawn: 0,
    lastFailureMs: undefined,
    confirmedMs: undefined,
    baselineSweepMs: undefined,
    running: 0,
    processes: '',
  };
  if (o.prober !== undefined) {
    const confirm = await o.prober.sweepStartedAfter(ping);
    if (confirm.gaveUp > 0) throw new Error(`${confirm.gaveUp} ports never answered after restart`);
    const after = o.prober.failures.filter((f) => f.began >= t0);
    sample.failuresAfterSpawn = after.length;
    sample.lastFailureMs = after.length > 0 ? Math.max(...after.map((f) => ms(t0, f.began))) : 0;
    sample.confirmedMs = ms(t0, confirm.endedAt);
  }
  return sample;
}

/** What the restarted daemon reports and runs; after the prober is gone (it is a node too). */
async function afterRestart(e: Engine, sample: RestartSample): Promise<RestartSample> {
  sample.running = await runningPop(e);
  sample.processes = processSummary(e);
  return sample;
}

/** One restart with the prober sweeping from a first (baseline) sweep until it is confirmed. */
async function probedRestart(
  pop: Population,
  signal: StopSignal,
  o: { downSeconds: number; concurrency: number },
): Promise<RestartSample> {
  const prober = new PortProber(pop.engine.host.path, {
    host: '127.0.0.1',
    first: FIRST_HOST_PORT,
    count: allHostPorts(pop).length,
    concurrency: o.concurrency,
  });
  try {
    const base = await prober.sweepStartedAfter(0n);
    if (base.gaveUp > 0) throw new Error(`${base.gaveUp} published ports do not forward`);
    const sample = await restartOnce(pop, { signal, downSeconds: o.downSeconds, prober });
    sample.baselineSweepMs = ms(base.startedAt, base.endedAt);
    await prober.close();
    return await afterRestart(pop.engine, sample);
  } finally {
    await prober.close();
  }
}

/**
 * A graceful and a kill -9 restart, each once with the prober (port evidence) and once without
 * it (the API time: on two cores the prober's sweeps slow the daemon's start-up down). On
 * failure the daemon is left running, so the population can still be removed through the API.
 */
export async function p5Restart(
  pop: Population,
  o: { downSeconds: number; concurrency: number },
): Promise<P5Result> {
  const ports = allHostPorts(pop).length;
  const res: P5Result = {
    containers: pop.names.length,
    ports,
    concurrency: o.concurrency,
    samples: [],
  };
  if (ports === 0) throw new Error('the population publishes no ports');
  const ctl = control(pop.engine);
  try {
    for (const signal of ['SIGTERM', 'SIGKILL'] as const) {
      res.samples.push(await probedRestart(pop, signal, o));
      const quiet = await restartOnce(pop, { signal, downSeconds: o.downSeconds });
      res.samples.push(await afterRestart(pop.engine, quiet));
    }
  } catch (err) {
    if (!ctl.running()) {
      ctl.respawn();
      await waitForPing(pop.engine, ctl);
    }
    throw err;
  }
  return res;
}
