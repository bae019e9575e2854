/**
 * Docker's daemon (Debian's docker.io) in a throwaway network namespace, with its own data-root,
 * exec-root, socket and no default bridge, so benchmarks can run it side by side with pouchd and
 * remove everything afterwards.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { ensureCommand } from './lib/packages.js';
import { api, type ApiResponse } from '../test/helpers/daemon.js';
import type { TestHost } from '../test/helpers/test-host.js';

export interface DockerDaemon {
  socket: string;
  api<T = unknown>(method: string, path: string, body?: unknown): Promise<ApiResponse<T>>;
  /** Runs the docker CLI against this daemon. */
  cli(args: string[]): { status: number; stdout: string; stderr: string };
  stop(): Promise<void>;
}

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/** Installs docker.io when dockerd is missing (benchmarks only; tests never need it). */
export function ensureDockerInstalled(): void {
  ensureCommand('dockerd', 'docker.io');
}

export async function startDocker(host: TestHost): Promise<DockerDaemon> {
  const dir = join(host.dir, 'docker');
  const socket = join(dir, 'docker.sock');
  const child: ChildProcess = spawn(
    'nsenter',
    [
      `--net=${host.path}`,
      'dockerd',
      '--data-root',
      join(dir, 'data'),
      '--exec-root',
      join(dir, 'exec'),
      '-H',
      `unix://${socket}`,
      '--pidfile',
      join(dir, 'docker.pid'),
      '--bridge',
      'none',
    ],
    { stdio: 'ignore' },
  );
  const d: DockerDaemon = {
    socket,
    api: (m, p, b) => api(socket, m, p, b),
    cli: (args) => {
      const r = spawnSync('docker', ['-H', `unix://${socket}`, ...args], {
        encoding: 'utf8',
        env: { ...process.env, DOCKER_CONFIG: dir },
      });
      return { status: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
    },
    async stop() {
      spawnSync('sh', [
        '-c',
        `docker -H unix://${socket} rm -f $(docker -H unix://${socket} ps -aq) >/dev/null 2>&1`,
      ]);
      child.kill('SIGTERM');
      for (let i = 0; i < 100 && child.exitCode === null && child.signalCode === null; i += 1)
        await sleep(100);
      child.kill('SIGKILL');
      spawnSync('pkill', ['-KILL', '-f', `containerd.*${dir}`]);
    },
  };
  for (let i = 0; i < 300; i += 1) {
    try {
      if ((await d.api('GET', '/_ping')).status === 200) return d;
    } catch {
      // not up yet
    }
    await sleep(100);
  }
  await d.stop();
  throw new Error('dockerd did not start');
}
