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
 * Knobs (environment): BENCH_P1_N (200), BENCH_P2_RUNS (20), BENCH_P4_ROUNDS (3),
 * BENCH_P6_SECONDS (5), BENCH_P6_ROUNDS (2), BENCH_P7_N (50), BENCH_FLOOR_N (200).
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { REPO } from '../test/helpers/daemon.js';
import { ensureDockerInstalled } from './docker-daemon.js';
import { prepare, startDockerEngine, startPouchEngine, type Engine } from './lib/engine.js';
import { describeMachine } from './lib/machine.js';
import {
  floorSection,
  p1Section,
  p2Section,
  p4Section,
  p6Section,
  p7Section,
} from './lib/report.js';
import { kernelFloor, type KernelFloor } from './workloads/kernel-floor.js';
import { p1Connect } from './workloads/p1-connect.js';
import { p2Start } from './workloads/p2-start.js';
import { p4Ports } from './workloads/p4-ports.js';
import { ensureIperf3, p6Iperf } from './workloads/p6-iperf.js';
import { p7Rss, snapshot, type RssSnapshot } from './workloads/p7-rss.js';

const knob = (name: string, def: number): number => {
  const v = Number(process.env[name]);
  return Number.isFinite(v) && v > 0 ? v : def;
};

const engines: Engine[] = [];
let cleaning: Promise<void> | undefined;

function cleanup(): Promise<void> {
  cleaning ??= (async () => {
    for (const e of engines.splice(0)) {
      await e.dispose().catch((err: unknown) => {
        process.stderr.write(`cleanup of ${e.name} failed: ${String(err)}\n`);
      });
    }
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
  ensureIperf3();
  const machine = describeMachine();

  let floor: KernelFloor | undefined;
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

    await stage('P1 connect/disconnect', async () => {
      const r = await p1Connect(engines, knob('BENCH_P1_N', 200));
      if (floor !== undefined) sections.push(p1Section(r, floor));
    });
    await stage('P2 create+start until ping', async () => {
      sections.push(p2Section(await p2Start(engines, knob('BENCH_P2_RUNS', 20))));
    });
    await stage('P4 port ranges', async () => {
      sections.push(p4Section(await p4Ports(engines, [0, 200, 1000], knob('BENCH_P4_ROUNDS', 3))));
    });
    await stage('P6 iperf3', async () => {
      sections.push(
        p6Section(await p6Iperf(engines, knob('BENCH_P6_SECONDS', 5), knob('BENCH_P6_ROUNDS', 2))),
      );
    });
    await stage('P7 RSS', async () => {
      const n = knob('BENCH_P7_N', 50);
      const withN = new Map<string, RssSnapshot>();
      const secs = new Map<string, number>();
      for (const e of engines) {
        const r = await p7Rss(e, n);
        withN.set(e.name, r.withN);
        secs.set(e.name, r.startSeconds);
      }
      sections.push(p7Section(n, idle, withN, secs));
    });
  } catch (err) {
    failures.push(`set-up: ${err instanceof Error ? err.message : String(err)}`);
  } finally {
    log('stopping engines');
    await cleanup();
  }

  const text = [
    '# pouchd vs dockerd benchmark',
    '',
    `Run ${new Date().toISOString()} with \`npm run bench\` (root), ${((Date.now() - t0) / 60000).toFixed(1)} min.`,
    '',
    `Machine: ${machine}.`,
    '',
    'Each engine runs in its own throwaway network namespace with its own state, socket and networks (`bn` 10.80.0.0/24, `bn2` 10.81.0.0/24); the same busybox image is loaded into both and one client drives both sockets with the same code, alternating engines run by run. Times are wall-clock from the client (process.hrtime.bigint), in ms; p99 is nearest-rank. Ratios are pouchd/dockerd (lower is better for times).',
    '',
    ...sections.flatMap((s) => [s, '']),
    ...(failures.length > 0
      ? ['## What did not work', '', ...failures.map((f) => `- ${f}`), '']
      : []),
  ].join('\n');
  writeFileSync(join(REPO, 'bench', 'RESULTS.md'), text);
  process.stdout.write(`${text}\n`);
  if (failures.length > 0) process.exitCode = 1;
}

main().catch(async (err: unknown) => {
  process.stderr.write(`${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
  await cleanup();
  process.exitCode = 1;
});
