/**
 * Runs a real pouchd inside a test host namespace (nsenter --net: only the network namespace
 * changes, so its netns bind mounts stay visible to the test) and talks to it over its socket.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { after, before } from 'node:test';
import { request } from 'node:http';
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createTestHost, type TestHost } from './test-host.js';

export const REPO = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');
export const POUCHD = join(REPO, 'bin/pouchd');
export const POUCH = join(REPO, 'bin/pouch');

export interface ApiResponse<T = unknown> {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: T;
  text: string;
}

/** One HTTP request over a unix socket; the body is JSON-encoded unless it is a string. */
export function api<T = unknown>(
  socket: string,
  method: string,
  path: string,
  body?: unknown,
): Promise<ApiResponse<T>> {
  return new Promise((resolvePromise, reject) => {
    const payload =
      body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body);
    const req = request(
      {
        socketPath: socket,
        method,
        path,
        headers:
          payload === undefined
            ? {}
            : { 'content-type': 'application/json', 'content-length': Buffer.byteLength(payload) },
      },
      (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (c: string) => (text += c));
        res.on('end', () => {
          let parsed: unknown = text;
          try {
            parsed = text === '' ? undefined : JSON.parse(text);
          } catch {
            // plain text
          }
          resolvePromise({
            status: res.statusCode ?? 0,
            headers: res.headers,
            body: parsed as T,
            text,
          });
        });
      },
    );
    req.on('error', reject);
    if (payload !== undefined) req.write(payload);
    req.end();
  });
}

export interface TestDaemon {
  socket: string;
  home: string;
  execRoot: string;
  process: ChildProcess;
  /** Everything the daemon wrote to stderr/stdout, for failure messages. */
  output(): string;
  api<T = unknown>(method: string, path: string, body?: unknown): Promise<ApiResponse<T>>;
  /** SIGTERM and wait for exit. */
  stop(): Promise<void>;
  /** SIGKILL and wait for exit. */
  kill9(): Promise<void>;
}

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

function waitExit(p: ChildProcess): Promise<void> {
  if (p.exitCode !== null || p.signalCode !== null) return Promise.resolve();
  return new Promise((r) => p.once('exit', () => r()));
}

/** Starts pouchd in `host` with its own home, exec-root and socket under the host's temp dir. */
export async function startDaemon(host: TestHost, extraArgs: string[] = []): Promise<TestDaemon> {
  const home = join(host.dir, 'home');
  const execRoot = join(host.dir, 'run');
  const socket = join(host.dir, 'pouchd.sock');
  mkdirSync(host.dir, { recursive: true });
  const configFile = join(host.dir, 'config.json');
  writeFileSync(configFile, '{}\n');
  const args = [
    `--net=${host.path}`,
    process.execPath,
    // Extra V8/Node flags for pouchd itself, e.g. `--cpu-prof --cpu-prof-dir=DIR` to profile it
    // under a benchmark (NODE_OPTIONS refuses --cpu-prof).
    ...(process.env.POUCHD_NODE_ARGS ?? '').split(' ').filter((a) => a !== ''),
    POUCHD,
    '--config-file',
    configFile,
    '--home-dir',
    home,
    '--exec-root-dir',
    execRoot,
    '-l',
    `unix://${socket}`,
    '--log-level',
    'warn',
    ...extraArgs,
  ];
  const child = spawn('nsenter', args, { stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  child.stdout?.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr?.on('data', (d: Buffer) => (out += d.toString()));
  const d: TestDaemon = {
    socket,
    home,
    execRoot,
    process: child,
    output: () => out,
    api: (m, p, b) => api(socket, m, p, b),
    async stop() {
      child.kill('SIGTERM');
      await waitExit(child);
    },
    async kill9() {
      child.kill('SIGKILL');
      await waitExit(child);
    },
  };
  for (let i = 0; i < 200; i += 1) {
    if (child.exitCode !== null) throw new Error(`pouchd exited with ${child.exitCode}:\n${out}`);
    try {
      const r = await d.api('GET', '/_ping');
      if (r.status === 200) return d;
    } catch {
      // not listening yet
    }
    await sleep(50);
  }
  child.kill('SIGKILL');
  throw new Error(`pouchd did not answer /_ping within 10 s:\n${out}`);
}

/** What `useDaemon` hands a suite: the host and the current daemon (replaced on restart). */
export interface DaemonSuite {
  host(): TestHost;
  daemon(): TestDaemon;
  /** Stops (SIGTERM, or SIGKILL with `kill9`) and starts a new daemon on the same state. */
  restart(opts?: { kill9?: boolean }): Promise<TestDaemon>;
  /** Runs a CLI (`docker`, or node with bin/pouch) against the daemon's socket. */
  cli(command: string, args: string[], env?: NodeJS.ProcessEnv): CliResult;
}

export interface CliResult {
  status: number;
  stdout: string;
  stderr: string;
}

/**
 * Registers before/after hooks that give the suite a fresh test host with pouchd running in it,
 * and remove both afterwards, also when a test fails.
 */
export function useDaemon(extraArgs: string[] = []): DaemonSuite {
  let host: TestHost | undefined;
  let daemon: TestDaemon | undefined;
  before(async () => {
    host = createTestHost();
    daemon = await startDaemon(host, extraArgs);
  });
  after(async () => {
    // A daemon that died during the suite explains the failures: show what it said.
    if (
      daemon !== undefined &&
      (daemon.process.exitCode !== null || daemon.process.signalCode !== null)
    ) {
      process.stderr.write(
        `pouchd exited (${daemon.process.exitCode ?? daemon.process.signalCode}):\n${daemon.output()}\n`,
      );
    }
    await daemon?.kill9();
    host?.dispose();
  });
  const suite: DaemonSuite = {
    host: () => must(host),
    daemon: () => must(daemon),
    async restart(opts = {}) {
      if (opts.kill9 === true) await must(daemon).kill9();
      else await must(daemon).stop();
      daemon = await startDaemon(must(host), extraArgs);
      return daemon;
    },
    cli(command, args, env = {}) {
      const r = spawnSync(command, ['-H', `unix://${must(daemon).socket}`, ...args], {
        encoding: 'utf8',
        timeout: 20_000,
        env: { ...process.env, ...env },
      });
      return { status: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
    },
  };
  return suite;
}

function must<T>(v: T | undefined): T {
  if (v === undefined) throw new Error('the suite has not started its daemon');
  return v;
}
