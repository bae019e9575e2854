/**
 * Embedded DNS throughput and latency: dnsperf from inside a container on a user-defined network
 * against pouchd's resolver and Docker's, in the same run, interleaved. Run: `npm run bench:dns`.
 * Writes bench/RESULTS-dns.md.
 */
import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { join } from 'node:path';
import { buildBusyboxImage } from '../test/helpers/busybox-image.js';
import { POUCH, REPO, startDaemon } from '../test/helpers/daemon.js';
import { createTestHost, type TestHost } from '../test/helpers/test-host.js';
import { ensureDockerInstalled, startDocker } from './docker-daemon.js';
import { ensureCommand } from './lib/packages.js';

const SECONDS = 10;
const ROUNDS = 3;

interface Engine {
  name: string;
  clientPid: number;
  stop(): Promise<void>;
  host: TestHost;
}

/** Sets up a network with a `web` container and a `client` container; returns the client's pid. */
function prepare(
  cli: (args: string[]) => { status: number; stdout: string; stderr: string },
  tar: string,
): number {
  const steps = [
    ['load', '-i', tar],
    ['network', 'create', '--subnet', '10.80.0.0/24', 'bn'],
    ['run', '-d', '--name', 'web', '--network', 'bn', 'busybox', 'sleep', '100000'],
    ['run', '-d', '--name', 'client', '--network', 'bn', 'busybox', 'sleep', '100000'],
  ];
  for (const s of steps) {
    const r = cli(s);
    if (r.status !== 0) throw new Error(`${s.join(' ')}: ${r.stderr}`);
  }
  return Number(cli(['inspect', '-f', '{{.State.Pid}}', 'client']).stdout.trim());
}

function dnsperf(pid: number, queryFile: string): { qps: number; latencyMs: number; lost: string } {
  const r = spawnSync(
    'nsenter',
    [
      `--net=/proc/${pid}/ns/net`,
      'dnsperf',
      '-s',
      '127.0.0.11',
      '-d',
      queryFile,
      '-l',
      String(SECONDS),
      '-c',
      '8',
      '-Q',
      '500000',
    ],
    { encoding: 'utf8' },
  );
  const qps = Number(/Queries per second:\s+([\d.]+)/.exec(r.stdout)?.[1]);
  const latencyMs = Number(/Average Latency \(s\):\s+([\d.]+)/.exec(r.stdout)?.[1]) * 1000;
  const lost = /Queries lost:\s+(.*)/.exec(r.stdout)?.[1] ?? '?';
  return { qps, latencyMs, lost };
}

const median = (xs: number[]): number =>
  [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? NaN;

async function main(): Promise<void> {
  ensureDockerInstalled();
  ensureCommand('dnsperf', 'dnsperf');
  const engines: Engine[] = [];
  try {
    const ph = createTestHost('bp');
    const pd = await startDaemon(ph);
    engines.push({
      name: 'pouchd',
      host: ph,
      clientPid: prepare((a) => {
        const r = spawnSync(POUCH, ['-H', `unix://${pd.socket}`, ...a], { encoding: 'utf8' });
        return { status: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
      }, buildBusyboxImage(ph.dir)),
      stop: () => pd.kill9(),
    });
    const dh = createTestHost('bd');
    const dd = await startDocker(dh);
    engines.push({
      name: 'dockerd',
      host: dh,
      clientPid: prepare(dd.cli, buildBusyboxImage(dh.dir)),
      stop: () => dd.stop(),
    });
    const queryFile = join(ph.dir, 'queries.txt');
    writeFileSync(queryFile, 'web A\nclient A\n'.repeat(50));
    const results = new Map<string, Array<ReturnType<typeof dnsperf>>>();
    for (let round = 0; round < ROUNDS; round += 1) {
      for (const e of engines) {
        const list = results.get(e.name) ?? [];
        list.push(dnsperf(e.clientPid, queryFile));
        results.set(e.name, list);
      }
    }
    const row = (name: string): { qps: number; lat: number; lost: string } => {
      const rs = results.get(name) ?? [];
      return {
        qps: median(rs.map((r) => r.qps)),
        lat: median(rs.map((r) => r.latencyMs)),
        lost: rs.map((r) => r.lost).join('; '),
      };
    };
    const p = row('pouchd');
    const d = row('dockerd');
    const table = [
      '| engine | queries/s (median) | avg latency ms (median) | lost |',
      '|---|---:|---:|---|',
      `| pouchd | ${p.qps.toFixed(0)} | ${p.lat.toFixed(3)} | ${p.lost} |`,
      `| dockerd 20.10 (docker.io) | ${d.qps.toFixed(0)} | ${d.lat.toFixed(3)} | ${d.lost} |`,
      `| ratio pouchd/dockerd | ${(p.qps / d.qps).toFixed(2)} | ${(p.lat / d.lat).toFixed(2)} | |`,
    ].join('\n');
    const text = `# Embedded DNS benchmark\n\n${cpus().length} CPUs (${cpus()[0]?.model ?? '?'}), node ${process.version}, ${new Date().toISOString()}.\ndnsperf -c 8 -l ${SECONDS} from inside a container (its netns) to 127.0.0.11, ${ROUNDS} interleaved rounds per engine; names are the two local containers (\`web\`, \`client\`), answered by each engine's resolver without any upstream.\n\n${table}\n`;
    writeFileSync(join(REPO, 'bench', 'RESULTS-dns.md'), text);
    process.stdout.write(`${text}\n`);
  } finally {
    for (const e of engines) {
      await e.stop().catch(() => undefined);
      e.host.dispose();
    }
  }
}

void main();
