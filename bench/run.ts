/**
 * pouchd vs Docker's dockerd on the same Docker-API workloads, plus the kernel floor.
 * Run (root): `npm run build && npm run bench`. Writes bench/RESULTS.md and prints it.
 *
 * Each engine runs in its own throwaway network namespace with its own state directories and
 * socket (see lib/engine.ts); both get the same busybox image and the same networks `bn`
 * (10.80.0.0/24) and `bn2` (10.81.0.0/24). One client, the same code, two sockets; runs are
 * interleaved. Everything started here is stopped and removed at the end, on failure and on
 * SIGINT/SIGTERM too.
 *
 * The 1,000-container workloads (P7, P3, P5) share one "population" per engine, built and removed
 * one engine at a time (workloads/populated.ts): two at once would not fit in memory.
 *
 * Knobs (environment): BENCH_P1_N (200), BENCH_P2_RUNS (20), BENCH_P4_ROUNDS (3),
 * BENCH_P6_SECONDS (5), BENCH_P6_ROUNDS (2), BENCH_FLOOR_N (200);
 * BENCH_POP_N (1000: containers per population, also P7's N; dockerd's is scaled down when
 * MemAvailable cannot hold it), BENCH_POP_CONCURRENCY (4: creates/removes in flight),
 * BENCH_P3_N (200), BENCH_P3_FLOOR_N (100: kernel-floor iterations next to P3),
 * BENCH_P5_PORTS_PER_CONTAINER (10: host ports per pouchd container),
 * BENCH_P5_DOWN_SECONDS (3: how long pouchd stays down), BENCH_P5_PROBE_CONCURRENCY (32);
 * BENCH_ONLY (comma list of floor,p1,p2,p4,p6,pop, or pop-pouchd / pop-dockerd for one engine's
 * population: run only those stages; the report then goes to $TMPDIR/pouch-bench-partial.md,
 * never over RESULTS.md), BENCH_OUT (report path).
 */
import { writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { REPO } from '../test/helpers/daemon.js';
import { ensureDockerInstalled } from './docker-daemon.js';
import { prepare, startDockerEngine, startPouchEngine, type Engine } from './lib/engine.js';
import { describeMachine } from './lib/machine.js';
import { raiseNeighbourLimits, type NeighLimits } from './lib/neigh.js';
import {
  floorSection,
  p1Section,
  p2Section,
  p3Section,
  p4Section,
  p5Section,
  p6Section,
  p7Section,
  populationSection,
} from './lib/report.js';
import { kernelFloor, type KernelFloor } from './workloads/kernel-floor.js';
import { p1Connect, type P1Result } from './workloads/p1-connect.js';
import { p2Start } from './workloads/p2-start.js';
import { p4Ports } from './workloads/p4-ports.js';
import { ensureIperf3, p6Iperf } from './workloads/p6-iperf.js';
import { snapshot, type RssSnapshot } from './workloads/p7-rss.js';
import { populated } from './workloads/populated.js';

const knob = (name: string, def: number): number => {
  const v = Number(process.env[name]);
  return Number.isFinite(v) && v > 0 ? v : def;
};

/** BENCH_ONLY: the stages to run (all when unset). */
const only = new Set(
  (process.env.BENCH_ONLY ?? '')
    .split(',')
    .map((x) => x.trim())
    .filter((x) => x !== ''),
);
const wants = (key: 'floor' | 'p1' | 'p2' | 'p4' | 'p6' | 'pop'): boolean =>
  only.size === 0 || only.has(key);
/** Engines that get a population: `pop` means both, `pop-pouchd` / `pop-dockerd` one of them. */
const populate = (e: Engine): boolean => wants('pop') || only.has(`pop-${e.name}`);
const OUT =
  process.env.BENCH_OUT ??
  (only.size === 0 ? join(REPO, 'bench', 'RESULTS.md') : join(tmpdir(), 'pouch-bench-partial.md'));

const engines: Engine[] = [];
/** Raised for the populations (lib/neigh.ts), put back by cleanup(). */
let neigh: NeighLimits | undefined;
let cleaning: Promise<void> | undefined;

function cleanup(): Promise<void> {
  cleaning ??= (async () => {
    for (const e of engines.splice(0)) {
      await e.dispose().catch((err: unknown) => {
        process.stderr.write(`cleanup of ${e.name} failed: ${String(err)}\n`);
      });
    }
    neigh?.restore();
  })();
  return cleaning;
}

for (const sig of ['SIGINT', 'SIGTERM'] as const) {
  process.once(sig, () => {
    process.stderr.write(`${sig}: cleaning up\n`);
    void cleanup().finally(() => process.exit(130));
  });
}

const log = (msg: string): void => {
  process.stderr.write(`[bench ${new Date().toISOString().slice(11, 19)}] ${msg}\n`);
};

async function main(): Promise<void> {
  const t0 = Date.now();
  const sections: string[] = [];
  const failures: string[] = [];
  const stage = async (name: string, fn: () => Promise<void> | void): Promise<void> => {
    log(`${name}…`);
    const s = Date.now();
    try {
      await fn();
    } catch (err) {
      failures.push(`${name}: ${err instanceof Error ? err.message : String(err)}`);
      log(`${name} FAILED: ${String(err)}`);
    }
    log(`${name} done in ${((Date.now() - s) / 1000).toFixed(1)} s`);
  };

  ensureDockerInstalled();
  if (wants('p6')) ensureIperf3();
  const machine = describeMachine();

  let floor: KernelFloor | undefined;
  if (wants('floor'))
    await stage('kernel floor', () => {
      floor = kernelFloor(knob('BENCH_FLOOR_N', 200));
      sections.push(floorSection(floor));
    });

  try {
    log('starting engines');
    engines.push(await startPouchEngine());
    engines.push(await startDockerEngine());
    for (const e of engines) await prepare(e);
    const idle = new Map<string, RssSnapshot>();
    for (const e of engines) idle.set(e.name, snapshot(e));

    let p1: P1Result | undefined;
    if (wants('p1'))
      await stage('P1 connect/disconnect', async () => {
        p1 = await p1Connect(engines, knob('BENCH_P1_N', 200));
        if (floor !== undefined) sections.push(p1Section(p1, floor));
      });
    if (wants('p2'))
      await stage('P2 create+start until ping', async () => {
        sections.push(p2Section(await p2Start(engines, knob('BENCH_P2_RUNS', 20))));
      });
    if (wants('p4'))
      await stage('P4 port ranges', async () => {
        sections.push(
          p4Section(await p4Ports(engines, [0, 200, 1000], knob('BENCH_P4_ROUNDS', 3))),
        );
      });
    if (wants('p6'))
      await stage('P6 iperf3', async () => {
        sections.push(
          p6Section(
            await p6Iperf(engines, knob('BENCH_P6_SECONDS', 5), knob('BENCH_P6_ROUNDS', 2)),
          ),
        );
      });
    if (engines.some(populate)) {
      const n = knob('BENCH_POP_N', 1000);
      neigh = raiseNeighbourLimits(n);
      const r = await populated(
        engines.filter(populate),
        {
          n,
          concurrency: knob('BENCH_POP_CONCURRENCY', 4),
          portsPerContainer: knob('BENCH_P5_PORTS_PER_CONTAINER', 10),
          p3Iterations: knob('BENCH_P3_N', 200),
          floorIterations: knob('BENCH_P3_FLOOR_N', 100),
          p5DownSeconds: knob('BENCH_P5_DOWN_SECONDS', 3),
          p5ProbeConcurrency: knob('BENCH_P5_PROBE_CONCURRENCY', 32),
        },
        stage,
      );
      neigh.restore();
      if (r.pops.length > 0) sections.push(populationSection(r.pops, neigh));
      if (r.p3.size > 0) sections.push(p3Section(p1, r.p3Empty, r.p3));
      if (r.p5 !== undefined) sections.push(p5Section(r.p5));
      if (r.p7.size > 0) sections.push(p7Section(idle, r.p7));
    }
  } catch (err) {
    failures.push(`set-up: ${err instanceof Error ? err.message : String(err)}`);
  } finally {
    log('stopping engines');
    await cleanup();
  }

  const text = [
    '# pouchd vs dockerd benchmark',
    '',
    `Run ${new Date().toISOString()} with \`npm run bench\` (root)${only.size > 0 ? ` BENCH_ONLY=${[...only].join(',')}` : ''}, ${((Date.now() - t0) / 60000).toFixed(1)} min.`,
    '',
    `Machine: ${machine}.`,
    '',
    'Each engine runs in its own throwaway network namespace with its own state, socket and networks (`bn` 10.80.0.0/24, `bn2` 10.81.0.0/24; `bpop` 10.82.0.0/20 for the populations); the same busybox image is loaded into both and one client drives both sockets with the same code, alternating engines run by run (except on the populations, one engine at a time). Times are wall-clock from the client (process.hrtime.bigint), in ms; p99 is nearest-rank. Ratios are pouchd/dockerd (lower is better for times).',
    '',
    ...sections.flatMap((s) => [s, '']),
    ...(failures.length > 0
      ? ['## What did not work', '', ...failures.map((f) => `- ${f}`), '']
      : []),
  ].join('\n');
  writeFileSync(OUT, text);
  log(`report written to ${OUT}`);
  process.stdout.write(`${text}\n`);
  if (failures.length > 0) process.exitCode = 1;
}

main().catch(async (err: unknown) => {
  process.stderr.write(`${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
  await cleanup();
  process.exitCode = 1;
});
