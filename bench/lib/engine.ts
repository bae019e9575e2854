/**
 * The two engines under test behind one interface: pouchd and Docker's dockerd, each in its own
 * throwaway network namespace (a TestHost) with its own state directories and socket. The
 * workloads only see `Engine`: the same client code talks to both sockets.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createReadStream, readFileSync } from 'node:fs';
import { request } from 'node:http';
import { join } from 'node:path';
import { buildBusyboxImage } from '../../test/helpers/busybox-image.js';
import { api, startDaemon, type ApiResponse } from '../../test/helpers/daemon.js';
import { createTestHost, type TestHost } from '../../test/helpers/test-host.js';
import { startDocker } from '../docker-daemon.js';
import { forEachLimit } from './pool.js';
import { killProcessesInNetns } from './procs.js';

export interface Engine {
  name: 'pouchd' | 'dockerd';
  host: TestHost;
  socket: string;
  /** PID of the daemon process itself (pouchd's node, or dockerd); changes when pouchd restarts. */
  daemonPid: number;
  api<T = unknown>(method: string, path: string, body?: unknown): Promise<ApiResponse<T>>;
  /** pouchd only: stop the daemon and start it again on the same state (P5). */
  daemon?: DaemonControl;
  /** Removes every container, stops the daemon and deletes its namespace and directories. */
  dispose(): Promise<void>;
}

/** Stopping and restarting pouchd in place: same namespace, home, exec-root and socket. */
export interface DaemonControl {
  /** Sends `signal` to the daemon and resolves once it has exited. */
  stop(signal: 'SIGTERM' | 'SIGKILL'): Promise<void>;
  /**
   * Spawns a new daemon with exactly the arguments of the first one and returns the spawn time
   * (process.hrtime.bigint) without waiting: the caller times how long it takes to serve.
   */
  respawn(): bigint;
  /** True while the current daemon process has not exited. */
  running(): boolean;
  /** The last output of the current daemon process, for failure messages. */
  output(): string;
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

/** `DELETE ?force=1` of every container, a few at a time (1,000 one by one take minutes). */
async function removeAll(e: Engine): Promise<void> {
  const list = await e.api<Array<{ Id: string }>>('GET', '/containers/json?all=1');
  if (!Array.isArray(list.body)) return;
  await forEachLimit(list.body, 4, async (c) => {
    await e.api('DELETE', `/containers/${c.Id}?force=1`).catch(() => undefined);
  });
}

const exited = (p: ChildProcess): boolean => p.exitCode !== null || p.signalCode !== null;

/** Sends `signal` and waits for the exit, at most `ms` (then resolves anyway). */
async function signalAndWait(p: ChildProcess, signal: NodeJS.Signals, ms: number): Promise<void> {
  if (exited(p)) return;
  let timer: NodeJS.Timeout | undefined;
  const gone = new Promise<void>((r) => {
    p.once('exit', () => r());
    timer = setTimeout(r, ms); // cleared below: a pending timer would hold the bench open
  });
  p.kill(signal);
  await gone;
  clearTimeout(timer);
}

/** Keeps the last 64 KiB a daemon printed (it must be read, or a full pipe would block it). */
function tail(p: ChildProcess): () => string {
  let out = '';
  const add = (d: Buffer): void => {
    out = (out + d.toString()).slice(-65536);
  };
  p.stdout?.on('data', add);
  p.stderr?.on('data', add);
  return () => out;
}

export async function startPouchEngine(): Promise<Engine> {
  const host = createTestHost('bp');
  try {
    const d = await startDaemon(host);
    // The first daemon comes from the tests' helper; a restart re-runs its exact command line
    // (spawnargs) rather than the helper, which gives up after 10 s and polls every 50 ms.
    const argv = d.process.spawnargs;
    let proc = d.process;
    let output = d.output;
    const daemon: DaemonControl = {
      async stop(signal) {
        await signalAndWait(proc, signal, 60_000);
        if (!exited(proc)) throw new Error(`pouchd did not exit on ${signal}`);
      },
      respawn() {
        if (!exited(proc)) throw new Error('pouchd is still running');
        const t0 = process.hrtime.bigint();
        proc = spawn(argv[0] ?? 'nsenter', argv.slice(1), { stdio: ['ignore', 'pipe', 'pipe'] });
        output = tail(proc);
        e.daemonPid = proc.pid ?? -1;
        return t0;
      },
      running: () => !exited(proc),
      output: () => output(),
    };
    const e: Engine = {
      name: 'pouchd',
      host,
      socket: d.socket,
      daemonPid: d.process.pid ?? -1,
      api: (m, p, b) => d.api(m, p, b),
      daemon,
      async dispose() {
        try {
          await removeAll(e).catch(() => undefined);
          await signalAndWait(proc, 'SIGTERM', 10_000);
          await signalAndWait(proc, 'SIGKILL', 5_000);
          // Whatever a killed daemon left in its namespace (conmons, its nft monitor).
          killProcessesInNetns(host.path);
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

/** Creates a user-defined bridge network with one IPv4 subnet. */
export async function createNetwork(e: Engine, name: string, subnet: string): Promise<void> {
  await must(e, 'POST', '/networks/create', {
    Name: name,
    Driver: 'bridge',
    CheckDuplicate: true,
    IPAM: { Config: [{ Subnet: subnet }] },
  });
}

/** Loads the same busybox image and creates the same user networks in `e`. */
export async function prepare(e: Engine): Promise<void> {
  await loadTar(e, buildBusyboxImage(e.host.dir));
  await createNetwork(e, 'bn', '10.80.0.0/24');
  await createNetwork(e, 'bn2', '10.81.0.0/24');
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
