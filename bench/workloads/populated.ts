/**
 * The 1,000-container workloads, one engine at a time so the two populations never share the
 * machine's memory: build the population → P7 snapshot → P3 → (pouchd) P5 → remove it. The
 * population is removed also when a step fails, before the next engine builds its own.
 */
import type { Engine } from '../lib/engine.js';
import { memAvailableMiB } from '../lib/machine.js';
import type { P7Loaded } from '../lib/report.js';
import { sleep } from '../lib/stats.js';
import { p3Connect, type P3Sample } from './p3-connect-loaded.js';
import { p5Restart, type P5Result } from './p5-restart.js';
import { snapshot } from './p7-rss.js';
import {
  buildPopulation,
  createPopulationNetwork,
  POP_NETWORK,
  removePopulation,
  type Population,
} from './population.js';

export interface PopulatedOptions {
  n: number;
  concurrency: number;
  portsPerContainer: number;
  p3Iterations: number;
  floorIterations: number;
  p5DownSeconds: number;
  p5ProbeConcurrency: number;
}

export interface PopulatedResult {
  pops: Population[];
  p7: Map<string, P7Loaded>;
  /** P3 on the empty population network (baseline) and with the population. */
  p3Empty: Map<string, P3Sample>;
  p3: Map<string, P3Sample>;
  p5?: P5Result;
}

/** Engine cost per container used to size a population from MemAvailable (P7 at N=50, rounded up). */
const PER_CONTAINER_MIB = { pouchd: 4, dockerd: 15 } as const;

type Stage = (name: string, fn: () => Promise<void> | void) => Promise<void>;

async function onePopulation(
  e: Engine,
  o: PopulatedOptions,
  stage: Stage,
  res: PopulatedResult,
): Promise<void> {
  let pop: Population | undefined;
  const p3o = { iterations: o.p3Iterations, floorIterations: o.floorIterations };
  await stage(`P3 baseline ${e.name} (empty ${POP_NETWORK})`, async () => {
    await createPopulationNetwork(e);
    res.p3Empty.set(e.name, await p3Connect(e, 0, p3o));
  });
  await stage(
    `${e.name} population (MemAvailable ${(memAvailableMiB() / 1024).toFixed(1)} GiB)`,
    async () => {
      pop = await buildPopulation(e, {
        n: o.n,
        perContainerMiB: PER_CONTAINER_MIB[e.name],
        // Published ports only on pouchd: on dockerd they would be 10,000 docker-proxy processes.
        portsPerContainer: e.daemon !== undefined ? o.portsPerContainer : 0,
        concurrency: o.concurrency,
      });
      res.pops.push(pop);
    },
  );
  const built = pop;
  try {
    if (built === undefined) return;
    await sleep(2000); // let the last starts settle before measuring memory
    await stage(`P7 RSS ${e.name} (${built.names.length} containers)`, () => {
      const ports = built.names.length * built.portsPerContainer;
      res.p7.set(e.name, { n: built.names.length, ports, snap: snapshot(e) });
    });
    await stage(`P3 connect/disconnect ${e.name}`, async () => {
      res.p3.set(e.name, await p3Connect(e, built.names.length, p3o));
    });
    if (e.daemon !== undefined)
      await stage(`P5 ${e.name} restart`, async () => {
        res.p5 = await p5Restart(built, {
          downSeconds: o.p5DownSeconds,
          concurrency: o.p5ProbeConcurrency,
        });
      });
  } finally {
    await stage(`${e.name} population removal`, async () => {
      const seconds = await removePopulation(e, o.concurrency);
      if (built !== undefined) built.removeSeconds = seconds;
    });
  }
}

export async function populated(
  engines: Engine[],
  o: PopulatedOptions,
  stage: Stage,
): Promise<PopulatedResult> {
  const res: PopulatedResult = { pops: [], p7: new Map(), p3Empty: new Map(), p3: new Map() };
  for (const e of engines) await onePopulation(e, o, stage, res);
  return res;
}
