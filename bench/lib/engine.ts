/**
 * The two engines under test behind one interface: pouchd and Docker's dockerd, each in its own
 * throwaway network namespace (a TestHost) with its own state directories and socket. The
 * workloads only see `Engine`: the same client code talks to both sockets.
 */
import { createReadStream, readFileSync } from 'node:fs';
import { request } from 'node:http';
import { join } from 'node:path';
import { buildBusyboxImage } from '../../test/helpers/busybox-image.js';
import { api, startDaemon, type ApiResponse } from '../../test/helpers/daemon.js';
import { createTestHost, type TestHost } from '../../test/helpers/test-host.js';
import { startDocker } from '../docker-daemon.js';
import { sleep } from './stats.js';

export interface Engine {
  name: 'pouchd' | 'dockerd';
  host: TestHost;
  socket: string;
  /** PID of the daemon process itself (pouchd's node, or dockerd). */
  daemonPid: number;
  api<T = unknown>(method: string, path: string, body?: unknown): Promise<ApiResponse<T>>;
  /** Removes every container, stops the daemon and deletes its namespace and directories. */
  dispose(): Promise<void>;
}

/** The API call, or an error naming it when the status is not 2xx. */
export async function must<T = unknown>(
  e: Engine,
  method: string,
  path: string,
  body?: unknown,
): Promise<T> {
  const r = await e.api<T>(method, path, body);
  if (r.status >= 300) throw new Error(`${e.name}: ${method} ${path}: ${r.status} ${r.text}`);
  return r.body;
}

async function removeAll(e: Engine): Promise<void> {
  const list = await e.api<Array<{ Id: string }>>('GET', '/containers/json?all=1');
  if (!Array.isArray(list.body)) return;
  for (const c of list.body) await e.api('DELETE', `/containers/${c.Id}?force=1`);
}

export async function startPouchEngine(): Promise<Engine> {
  const host = createTestHost('bp');
  try {
    const d = await startDaemon(host);
    const e: Engine = {
      name: 'pouchd',
      host,
      socket: d.socket,
      daemonPid: d.process.pid ?? -1,
      api: (m, p, b) => d.api(m, p, b),
      async dispose() {
        try {
          await removeAll(e).catch(() => undefined);
          d.process.kill('SIGTERM');
          for (
            let i = 0;
            i < 100 && d.process.exitCode === null && d.process.signalCode === null;
            i += 1
          )
            await sleep(100);
          await d.kill9();
        } finally {
          host.dispose();
        }
      },
    };
    return e;
  } catch (err) {
    host.dispose();
    throw err;
  }
}

export async function startDockerEngine(): Promise<Engine> {
  const host = createTestHost('bd');
  try {
    const d = await startDocker(host);
    const pid = Number(readFileSync(join(host.dir, 'docker', 'docker.pid'), 'utf8').trim());
    return {
      name: 'dockerd',
      host,
      socket: d.socket,
      daemonPid: pid,
      api: (m, p, b) => api(d.socket, m, p, b),
      async dispose() {
        try {
          await d.stop();
        } finally {
          host.dispose();
        }
      },
    };
  } catch (err) {
    host.dispose();
    throw err;
  }
}

/** Streams a `docker save` tarball to POST /images/load. */
function loadTar(e: Engine, tar: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const req = request(
      {
        socketPath: e.socket,
        method: 'POST',
        path: '/images/load?quiet=1',
        headers: { 'content-type': 'application/x-tar' },
      },
      (res) => {
        res.resume();
        res.on('end', () =>
          (res.statusCode ?? 0) < 300
            ? resolve()
            : reject(new Error(`${e.name}: image load: ${res.statusCode}`)),
        );
      },
    );
    req.on('error', reject);
    createReadStream(tar).pipe(req);
  });
}

/** Loads the same busybox image and creates the same user networks in `e`. */
export async function prepare(e: Engine): Promise<void> {
  await loadTar(e, buildBusyboxImage(e.host.dir));
  for (const [name, subnet] of [
    ['bn', '10.80.0.0/24'],
    ['bn2', '10.81.0.0/24'],
  ] as const) {
    await must(e, 'POST', '/networks/create', {
      Name: name,
      Driver: 'bridge',
      CheckDuplicate: true,
      IPAM: { Config: [{ Subnet: subnet }] },
    });
  }
}

/** Creates and starts a detached busybox container; returns its ID. */
export async function run(
  e: Engine,
  name: string,
  body: Record<string, unknown> = {},
): Promise<string> {
  const c = await must<{ Id: string }>(e, 'POST', `/containers/create?name=${name}`, {
    Image: 'busybox',
    Cmd: ['sleep', '100000'],
    ...body,
  });
  await must(e, 'POST', `/containers/${c.Id}/start`);
  return c.Id;
}

export async function remove(e: Engine, ref: string): Promise<void> {
  await must(e, 'DELETE', `/containers/${ref}?force=1`);
}

export interface ContainerInfo {
  pid: number;
  ip: string;
}

export async function info(e: Engine, ref: string, network = 'bn'): Promise<ContainerInfo> {
  const j = await must<{
    State: { Pid: number };
    NetworkSettings: { Networks: Record<string, { IPAddress: string }> };
  }>(e, 'GET', `/containers/${ref}/json`);
  return { pid: j.State.Pid, ip: j.NetworkSettings.Networks[network]?.IPAddress ?? '' };
}
