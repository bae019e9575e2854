/**
 * P2: create + start of a detached container on the user network `bn`, timed from the create
 * request until its address answers a ping sent from the engine's host namespace
 * (`nsenter --net=<host netns> ping -c1 -W1 <ip>` in a tight loop, started once `start` has
 * returned). Each run uses a fresh static address so no neighbour-cache entry is reused.
 */
import { spawnSync } from 'node:child_process';
import { must, remove, type Engine } from '../lib/engine.js';

export interface P2Result {
  runs: number;
  /** create → start returned. */
  startMs: Map<string, number[]>;
  /** create → first answered ping. */
  pingMs: Map<string, number[]>;
  /** Pings sent in total beyond one per run (unanswered attempts). */
  extraPings: Map<string, number>;
}

function pingOnce(nsPath: string, ip: string): boolean {
  return (
    spawnSync('nsenter', [`--net=${nsPath}`, 'ping', '-c1', '-W1', '-q', ip], { stdio: 'ignore' })
      .status === 0
  );
}

export async function p2Start(engines: Engine[], runs: number): Promise<P2Result> {
  const res: P2Result = { runs, startMs: new Map(), pingMs: new Map(), extraPings: new Map() };
  for (const e of engines) {
    res.startMs.set(e.name, []);
    res.pingMs.set(e.name, []);
    res.extraPings.set(e.name, 0);
  }
  for (let i = 0; i < runs; i += 1) {
    for (const e of engines) {
      const ip = `10.80.0.${100 + i}`;
      const name = `p2-${i}`;
      const t0 = process.hrtime.bigint();
      const c = await must<{ Id: string }>(e, 'POST', `/containers/create?name=${name}`, {
        Image: 'busybox',
        Cmd: ['sleep', '100000'],
        HostConfig: { NetworkMode: 'bn' },
        NetworkingConfig: { EndpointsConfig: { bn: { IPAMConfig: { IPv4Address: ip } } } },
      });
      await must(e, 'POST', `/containers/${c.Id}/start`);
      const t1 = process.hrtime.bigint();
      let tries = 1;
      while (!pingOnce(e.host.path, ip)) {
        tries += 1;
        if (tries > 30) throw new Error(`${e.name}: ${ip} never answered`);
      }
      const t2 = process.hrtime.bigint();
      res.startMs.get(e.name)?.push(Number(t1 - t0) / 1e6);
      res.pingMs.get(e.name)?.push(Number(t2 - t0) / 1e6);
      res.extraPings.set(e.name, (res.extraPings.get(e.name) ?? 0) + tries - 1);
      await remove(e, c.Id);
    }
  }
  return res;
}
