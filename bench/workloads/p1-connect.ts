/**
 * P1: `POST /networks/bn2/connect` then `disconnect` of a running container, N times per engine,
 * interleaved (one connect+disconnect on pouchd, then one on dockerd, …).
 */
import { must, run, remove, type Engine } from '../lib/engine.js';
import { timed } from '../lib/stats.js';

export interface P1Result {
  iterations: number;
  connectMs: Map<string, number[]>;
  disconnectMs: Map<string, number[]>;
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
    const Container = ids.get(e.name);
    const c = await timed(() => must(e, 'POST', '/networks/bn2/connect', { Container }));
    const d = await timed(() => must(e, 'POST', '/networks/bn2/disconnect', { Container }));
    if (record) {
      res.connectMs.get(e.name)?.push(c);
      res.disconnectMs.get(e.name)?.push(d);
    }
  };
  for (const e of engines) await once(e, false); // warm-up
  for (let i = 0; i < iterations; i += 1) for (const e of engines) await once(e, true);
  for (const e of engines) await remove(e, 'p1');
  return res;
}
