/**
 * P6: TCP throughput from the engine's host namespace to 127.0.0.1:<published port> versus to the
 * container's address directly. iperf3 -s runs in the container's network namespace (nsenter
 * into /proc/<pid>/ns/net, the host's binary); the client runs in the engine's host namespace.
 * Rounds alternate engines and paths.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { info, remove, run, type Engine } from '../lib/engine.js';
import { ensureCommand } from '../lib/packages.js';
import { sleep } from '../lib/stats.js';

export interface P6Result {
  seconds: number;
  rounds: number;
  /** Gbit/s per engine. */
  published: Map<string, number[]>;
  direct: Map<string, number[]>;
  errors: string[];
}

const PORT = 5201;
const HOST_PORT = 15201;

/** Debian's iperf3, installed when missing. */
export function ensureIperf3(): void {
  ensureCommand('iperf3', 'iperf3');
}

function client(nsPath: string, target: string, port: number, seconds: number): number {
  const r = spawnSync(
    'nsenter',
    [`--net=${nsPath}`, 'iperf3', '-c', target, '-p', String(port), '-t', String(seconds), '-J'],
    { encoding: 'utf8', timeout: (seconds + 20) * 1000 },
  );
  try {
    const j = JSON.parse(r.stdout) as {
      end?: { sum_received?: { bits_per_second?: number } };
      error?: string;
    };
    const bps = j.end?.sum_received?.bits_per_second;
    if (bps === undefined) throw new Error(j.error ?? 'no result');
    return bps / 1e9;
  } catch (err) {
    throw new Error(`iperf3 -c ${target}:${port}: ${String(err)} ${r.stderr}`);
  }
}

export async function p6Iperf(
  engines: Engine[],
  seconds: number,
  rounds: number,
): Promise<P6Result> {
  const res: P6Result = { seconds, rounds, published: new Map(), direct: new Map(), errors: [] };
  const servers: ChildProcess[] = [];
  const targets = new Map<string, string>();
  try {
    for (const e of engines) {
      await run(e, 'p6', {
        ExposedPorts: { [`${PORT}/tcp`]: {} },
        HostConfig: {
          NetworkMode: 'bn',
          PortBindings: { [`${PORT}/tcp`]: [{ HostPort: String(HOST_PORT) }] },
        },
      });
      const c = await info(e, 'p6');
      targets.set(e.name, c.ip);
      servers.push(
        spawn('nsenter', [`--net=/proc/${c.pid}/ns/net`, 'iperf3', '-s', '-p', String(PORT)], {
          stdio: 'ignore',
        }),
      );
      res.published.set(e.name, []);
      res.direct.set(e.name, []);
    }
    await sleep(500);
    for (let r = 0; r < rounds; r += 1) {
      for (const e of engines) {
        for (const [kind, target, port] of [
          ['published', '127.0.0.1', HOST_PORT],
          ['direct', targets.get(e.name) ?? '', PORT],
        ] as const) {
          try {
            const gbps = client(e.host.path, target, port, seconds);
            (kind === 'published' ? res.published : res.direct).get(e.name)?.push(gbps);
          } catch (err) {
            res.errors.push(
              `${e.name} ${kind}: ${err instanceof Error ? err.message : String(err)}`,
            );
          }
        }
      }
    }
  } finally {
    for (const s of servers) s.kill('SIGKILL');
    await sleep(100);
    for (const e of engines) await remove(e, 'p6').catch(() => undefined);
  }
  return res;
}
