/**
 * P4: publish a range of ports (0 as the baseline, 200, 1,000) on one container, then remove it.
 * Timed: create+start, and `DELETE ?force=1`. Counted: processes the engine runs in its host
 * namespace while the container is up, beyond those before it was created (conmon or shim,
 * docker-proxy, …); the daemon's RSS while the container runs and after it is gone.
 */
import { must, remove, type Engine } from '../lib/engine.js';
import { pidRssMiB, processesInNetns } from '../lib/procs.js';
import { sleep, timed } from '../lib/stats.js';

export interface P4Sample {
  ports: number;
  publishMs: number;
  removeMs: number;
  extraProcesses: number;
  rssGrowthMiB: number;
  rssAfterRemoveMiB: number;
}

export interface P4Result {
  rounds: number;
  samples: Map<string, P4Sample[]>;
}

const FIRST_PORT = 30000;

async function once(e: Engine, ports: number, round: number): Promise<P4Sample> {
  const exposed: Record<string, object> = {};
  const bindings: Record<string, Array<{ HostPort: string }>> = {};
  for (let p = FIRST_PORT; p < FIRST_PORT + ports; p += 1) {
    exposed[`${p}/tcp`] = {};
    bindings[`${p}/tcp`] = [{ HostPort: String(p) }];
  }
  const procsBefore = processesInNetns(e.host.path).length;
  const rssBefore = pidRssMiB(e.daemonPid);
  const name = `p4-${ports}-${round}`;
  const publishMs = await timed(async () => {
    await must(e, 'POST', `/containers/create?name=${name}`, {
      Image: 'busybox',
      Cmd: ['sleep', '100000'],
      ExposedPorts: exposed,
      HostConfig: { NetworkMode: 'bn', PortBindings: bindings },
    });
    await must(e, 'POST', `/containers/${name}/start`);
  });
  await sleep(200);
  const extraProcesses = processesInNetns(e.host.path).length - procsBefore;
  const rssRunning = pidRssMiB(e.daemonPid);
  const removeMs = await timed(() => remove(e, name));
  await sleep(200);
  return {
    ports,
    publishMs,
    removeMs,
    extraProcesses,
    rssGrowthMiB: rssRunning - rssBefore,
    rssAfterRemoveMiB: pidRssMiB(e.daemonPid) - rssBefore,
  };
}

export async function p4Ports(
  engines: Engine[],
  sizes: number[],
  rounds: number,
): Promise<P4Result> {
  const res: P4Result = { rounds, samples: new Map() };
  for (const e of engines) res.samples.set(e.name, []);
  for (const ports of sizes)
    for (let r = 0; r < rounds; r += 1)
      for (const e of engines) res.samples.get(e.name)?.push(await once(e, ports, r));
  return res;
}
