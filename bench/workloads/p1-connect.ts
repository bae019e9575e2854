/**
 * P1: `POST /networks/bn2/connect` then `disconnect` of a running container, N times per engine,
 * interleaved (one connect+disconnect on pouchd, then one on dockerd, …). P3 reuses the same
 * cycle (`connectCycle`) on a host with 1,000 containers.
 */
import { must, run, remove, type Engine } from '../lib/engine.js';
import { timed } from '../lib/stats.js';

export interface P1Result {
  iterations: number;
  connectMs: Map<string, number[]>;
  disconnectMs: Map<string, number[]>;
}

/** One connect of `container` to `network` and its disconnect, each timed (ms). */
export async function connectCycle(
  e: Engine,
  container: string,
  network = 'bn2',
): Promise<{ connectMs: number; disconnectMs: number }> {
  const body = { Container: container };
  const connectMs = await timed(() => must(e, 'POST', `/networks/${network}/connect`, body));
  const disconnectMs = await timed(() => must(e, 'POST', `/networks/${network}/disconnect`, body));
  return { connectMs, disconnectMs };
}

export async function p1Connect(engines: Engine[], iterations: number): Promise<P1Result> {
  const res: P1Result = { iterations, connectMs: new Map(), disconnectMs: new Map() };
  const ids = new Map<string, string>();
  for (const e of engines) {
    ids.set(e.name, await run(e, 'p1', { HostConfig: { NetworkMode: 'bn' } }));
    res.connectMs.set(e.name, []);
    res.disconnectMs.set(e.name, []);
  }
  const once = async (e: Engine, record: boolean): Promise<void> => {
    const r = await connectCycle(e, ids.get(e.name) ?? 'p1');
    if (record) {
      res.connectMs.get(e.name)?.push(r.connectMs);
      res.disconnectMs.get(e.name)?.push(r.disconnectMs);
    }
  };
  for (const e of engines) await once(e, false); // warm-up
  for (let i = 0; i < iterations; i += 1) for (const e of engines) await once(e, true);
  for (const e of engines) await remove(e, 'p1');
  return res;
}
