/**
 * Port publishing cost: start and removal of a container publishing 1, 100 and 1,000 ports,
 * on a daemon with 0 and with 10,000 ports already published. Each daemon runs in a throwaway
 * namespace; everything is removed at the end. Run: `npm run bench:ports` (root).
 * Writes bench/RESULTS-ports.md and prints the table.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { buildBusyboxImage } from '../test/helpers/busybox-image.js';
import { REPO, startDaemon, type TestDaemon } from '../test/helpers/daemon.js';
import { createTestHost } from '../test/helpers/test-host.js';

const REPEAT = 5;

function bindings(first: number, count: number): Record<string, Array<{ HostPort: string }>> {
  const out: Record<string, Array<{ HostPort: string }>> = {};
  for (let p = first; p < first + count; p += 1) out[`${p}/tcp`] = [{ HostPort: String(p) }];
  return out;
}

async function timed(fn: () => Promise<unknown>): Promise<number> {
  const t0 = process.hrtime.bigint();
  await fn();
  return Number(process.hrtime.bigint() - t0) / 1e6;
}

const median = (xs: number[]): number =>
  [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? NaN;

async function must(d: TestDaemon, method: string, path: string, body?: unknown): Promise<unknown> {
  const r = await d.api(method, path, body);
  if (r.status >= 300) throw new Error(`${method} ${path}: ${r.status} ${r.text}`);
  return r.body;
}

async function measure(
  d: TestDaemon,
  n: number,
  round: number,
): Promise<{ start: number; remove: number }> {
  const name = `b${n}-${round}`;
  await must(d, 'POST', `/containers/create?name=${name}`, {
    Image: 'busybox',
    Cmd: ['sleep', '1000'],
    HostConfig: { PortBindings: bindings(40000, n) },
  });
  const start = await timed(() => must(d, 'POST', `/containers/${name}/start`));
  const remove = await timed(() => must(d, 'DELETE', `/containers/${name}?force=1`));
  return { start, remove };
}

async function main(): Promise<void> {
  const rows: string[] = [];
  for (const preload of [0, 10_000]) {
    const host = createTestHost('pb');
    try {
      const d = await startDaemon(host);
      const tar = buildBusyboxImage(host.dir);
      const { createReadStream } = await import('node:fs');
      const { request } = await import('node:http');
      await new Promise<void>((resolve, reject) => {
        const req = request(
          {
            socketPath: d.socket,
            method: 'POST',
            path: '/images/load?quiet=1',
            headers: { 'content-type': 'application/x-tar' },
          },
          (res) => {
            res.resume();
            res.on('end', () => resolve());
          },
        );
        req.on('error', reject);
        createReadStream(tar).pipe(req);
      });
      if (preload > 0) {
        await must(d, 'POST', '/containers/create?name=preload', {
          Image: 'busybox',
          Cmd: ['sleep', '100000'],
          HostConfig: { PortBindings: bindings(20000, preload) },
        });
        const t = await timed(() => must(d, 'POST', '/containers/preload/start'));
        rows.push(
          `| preload ${preload} ports (one container) | ${preload} | ${t.toFixed(1)} | – |`,
        );
      }
      for (const n of [0, 1, 100, 1000]) {
        const runs = [];
        for (let i = 0; i < REPEAT; i += 1) runs.push(await measure(d, n, i));
        rows.push(
          `| ${preload} published | ${n} | ${median(runs.map((r) => r.start)).toFixed(1)} | ${median(runs.map((r) => r.remove)).toFixed(1)} |`,
        );
      }
      await d.kill9();
    } finally {
      host.dispose();
    }
  }
  const table = [
    '| already published | ports in container | start (ms, median of 5) | rm -f (ms, median of 5) |',
    '|---|---:|---:|---:|',
    ...rows,
  ].join('\n');
  const text = `# Port publishing benchmark\n\nMachine: ${process.arch}, node ${process.version}, run ${new Date().toISOString()}.\n\nThe 0-port row is the cost of a container start/removal without ports; the difference is what publishing costs.\n\n${table}\n`;
  writeFileSync(join(REPO, 'bench', 'RESULTS-ports.md'), text);
  process.stdout.write(`${text}\n`);
}

void main();
