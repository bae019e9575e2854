/**
 * P3: P1's connect/disconnect cycle again, on a host that runs the population (1,000 containers
 * on network `bpop`). The container under test is one more on `bpop` (so its network is the
 * crowded one) and is connected to the empty `bn2`, exactly as in P1. Engines run one after the
 * other (their populations are never up at the same time), so unlike P1 this is not interleaved;
 * the same cycle therefore also runs on the empty `bpop` just before the population is built,
 * as the baseline measured the same way (P1's interleaving with dockerd slows pouchd down).
 *
 * Each run is followed by the kernel floor's connect-equivalent (no daemon, a namespace of its
 * own): the same netlink work slows down by itself when 1,000 containers exist on the machine,
 * and that part of the growth is the kernel's, not the engine's.
 */
import { remove, run, type Engine } from '../lib/engine.js';
import { kernelFloorInChild } from './kernel-floor.js';
import { connectCycle } from './p1-connect.js';
import { POP_NETWORK } from './population.js';

export interface P3Sample {
  /** Containers running on the host (the population). */
  population: number;
  connectMs: number[];
  disconnectMs: number[];
  /** The kernel floor's connect-equivalent, measured right after, in the same conditions. */
  floorConnectMs: number[];
}

/**
 * The cycle `iterations` times on a new container on `bpop`, then `floorIterations` of the
 * kernel floor; `population` is for the report.
 */
export async function p3Connect(
  e: Engine,
  population: number,
  o: { iterations: number; floorIterations: number },
): Promise<P3Sample> {
  const id = await run(e, 'p3', { HostConfig: { NetworkMode: POP_NETWORK } });
  const res: P3Sample = { population, connectMs: [], disconnectMs: [], floorConnectMs: [] };
  try {
    await connectCycle(e, id); // warm-up, as in P1
    for (let i = 0; i < o.iterations; i += 1) {
      const r = await connectCycle(e, id);
      res.connectMs.push(r.connectMs);
      res.disconnectMs.push(r.disconnectMs);
    }
  } finally {
    await remove(e, id);
  }
  res.floorConnectMs = (await kernelFloorInChild(o.floorIterations)).connectMs;
  return res;
}
