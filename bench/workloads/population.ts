/**
 * The "population" shared by P7, P3 and P5: N running containers on one network, built once per
 * engine and removed afterwards, so the 1,000-container workloads fit in one run. Engines get the
 * same treatment (same image, command, network, concurrency); only pouchd's containers publish
 * ports (P5 restarts pouchd with 10,000 published ports), because on dockerd every published port
 * is one docker-proxy process: 10,000 of them would dominate its memory and build time.
 *
 * Each container runs busybox `httpd -f -p 80`: a listener that answers every connection with an
 * HTTP response, so a probe that gets a byte back proves a published port reaches the container.
 * The network `bpop` is a /20 (the test networks are /24): 1,000 containers and a few more fit,
 * and a Linux bridge takes up to 1,024 ports.
 */
import { createNetwork, must, type Engine } from '../lib/engine.js';
import { memAvailableMiB } from '../lib/machine.js';
import { forEachLimit } from '../lib/pool.js';

export const POP_NETWORK = 'bpop';
export const POP_SUBNET = '10.82.0.0/20';
/** Host ports of container i: FIRST_HOST_PORT + i × portsPerContainer + 0…portsPerContainer-1. */
export const FIRST_HOST_PORT = 20000;
/** Stop building when the machine has less than this left (a build must never OOM the VM). */
const MIN_AVAILABLE_MIB = 2048;
/** Kept free when sizing a population from MemAvailable: the kernel's own per-netns cost, tests. */
const RESERVE_MIB = 3072;

export interface Population {
  engine: Engine;
  /** Containers asked for (BENCH_POP_N). */
  requested: number;
  /** Containers aimed at: `requested`, or fewer when MemAvailable could not hold them. */
  target: number;
  /** MemAvailable before the build. */
  availableMiB: number;
  /** Containers running (fewer than `target` when memory ran short during the build). */
  names: string[];
  portsPerContainer: number;
  concurrency: number;
  buildSeconds: number;
  removeSeconds?: number;
  /** Why the build stopped early, if it did. */
  stoppedEarly?: string;
}

/** The host ports container `i` publishes. */
export function hostPortsOf(pop: Population, i: number): number[] {
  const first = FIRST_HOST_PORT + i * pop.portsPerContainer;
  return Array.from({ length: pop.portsPerContainer }, (_, k) => first + k);
}

/** Every published host port, in container order. */
export const allHostPorts = (pop: Population): number[] =>
  pop.names.flatMap((_, i) => hostPortsOf(pop, i));

function createBody(pop: Population, i: number): Record<string, unknown> {
  const ports = hostPortsOf(pop, i);
  return {
    Image: 'busybox',
    Cmd: ['httpd', '-f', '-p', '80'],
    ExposedPorts: { '80/tcp': {} },
    HostConfig: {
      NetworkMode: POP_NETWORK,
      ...(ports.length > 0
        ? { PortBindings: { '80/tcp': ports.map((p) => ({ HostPort: String(p) })) } }
        : {}),
    },
  };
}

/** The population's network (removed by removePopulation). */
export async function createPopulationNetwork(e: Engine): Promise<void> {
  await createNetwork(e, POP_NETWORK, POP_SUBNET);
}

/**
 * Creates N containers on the population's network (create + start), `concurrency` at a time,
 * checking MemAvailable as it goes. Returns once all are running; `names` lists those made.
 */
export async function buildPopulation(
  e: Engine,
  o: { n: number; perContainerMiB: number; portsPerContainer: number; concurrency: number },
): Promise<Population> {
  if (FIRST_HOST_PORT + o.n * o.portsPerContainer > 65536)
    throw new Error(`${o.n} × ${o.portsPerContainer} ports do not fit above ${FIRST_HOST_PORT}`);
  // Size from what the machine has now: `perContainerMiB` is the engine's cost per container
  // (P7 at N=50: dockerd ~14 MiB, pouchd ~2.5 MiB) plus the container's own process and kernel.
  const availableMiB = memAvailableMiB();
  const target = Math.max(
    1,
    Math.min(o.n, Math.floor((availableMiB - RESERVE_MIB) / o.perContainerMiB)),
  );
  const pop: Population = {
    engine: e,
    requested: o.n,
    target,
    availableMiB,
    names: [],
    portsPerContainer: o.portsPerContainer,
    concurrency: o.concurrency,
    buildSeconds: NaN,
  };
  const made: Array<string | undefined> = [];
  const t0 = process.hrtime.bigint();
  const indexes = Array.from({ length: target }, (_, i) => i);
  await forEachLimit(indexes, o.concurrency, async (i) => {
    if (pop.stoppedEarly !== undefined) return;
    if (i % 50 === 0 && memAvailableMiB() < MIN_AVAILABLE_MIB) {
      pop.stoppedEarly = `MemAvailable under ${MIN_AVAILABLE_MIB} MiB after ${i} containers`;
      return;
    }
    const name = `pop-${i}`;
    const c = await must<{ Id: string }>(
      e,
      'POST',
      `/containers/create?name=${name}`,
      createBody(pop, i),
    );
    made[i] = name;
    await must(e, 'POST', `/containers/${c.Id}/start`);
  });
  pop.buildSeconds = Number(process.hrtime.bigint() - t0) / 1e9;
  // Host ports follow the index, so keep only a gap-free prefix (an early stop can leave holes).
  const gap = made.findIndex((m) => m === undefined);
  pop.names = (gap < 0 ? made : made.slice(0, gap)).filter((m): m is string => m !== undefined);
  return pop;
}

/**
 * Removes every `pop-*` container (`concurrency` at a time) and the network; also after a build
 * that failed half-way. Returns the seconds the containers took.
 */
export async function removePopulation(e: Engine, concurrency: number): Promise<number> {
  const list = await must<Array<{ Id: string; Names: string[] }>>(
    e,
    'GET',
    '/containers/json?all=1',
  );
  const ours = list.filter((c) => c.Names.some((n) => n.startsWith('/pop-')));
  const t0 = process.hrtime.bigint();
  await forEachLimit(ours, concurrency, async (c) => {
    await must(e, 'DELETE', `/containers/${c.Id}?force=1`);
  });
  const seconds = Number(process.hrtime.bigint() - t0) / 1e9;
  const net = await e.api('DELETE', `/networks/${POP_NETWORK}`);
  if (net.status >= 300 && net.status !== 404)
    throw new Error(`${e.name}: DELETE /networks/${POP_NETWORK}: ${net.status} ${net.text}`);
  return seconds;
}
