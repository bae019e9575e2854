/**
 * ContainerRuntime on runc + conmon, the way CRI-O and podman run containers: one conmon per
 * container holds its stdio, writes the k8s-file log and the exit file, and outlives pouchd,
 * so a daemon restart loses neither output nor exit codes. Lifecycle operations are one `runc`
 * process each (runc-cli.ts); everything about a container is found again from its id
 * (bundle.ts), so a new instance over the same root picks up where the last one stopped.
 */
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Logger } from 'pino';
import { isKind, notFound } from '../common/errors.js';
import { attachStreams, connectAttachSocket } from './attach-socket.js';
import { bundlePaths, checkId, createBundle, removeBundle, type BundlePaths } from './bundle.js';
import { buildConmonArgs } from './conmon-args.js';
import { awaitConmonPid, spawnConmon } from './conmon-process.js';
import { startExec } from './exec-session.js';
import { ExitWatcher, readExitFile } from './exit-file.js';
import { defaultNofileLimit } from './host-limits.js';
import { readK8sLog } from './log-reader.js';
import { isPidAlive, readPidFile, waitForPidExit } from './pid-file.js';
import { runRunc, runcState, type RuncOptions } from './runc-cli.js';
import type {
  AttachStreams,
  ContainerRuntime,
  ExecSession,
  ExitStatus,
  LogEntry,
  LogQuery,
  ProcessSpec,
  RuntimeCreateSpec,
  RuntimeState,
} from './runtime.js';
import { parseSignal } from './signals.js';

/** Options of ConmonRuntime. */
export interface ConmonRuntimeOptions {
  /** `<exec-root>/runtime`: bundles and exit files live below it. */
  root: string;
  logger: Logger;
  /** Absolute path of runc (conmon execs it without a PATH lookup). Default /usr/bin/runc. */
  runcPath?: string;
  conmonPath?: string;
  /** runc's state directory (`runc --root`); runc's default (/run/runc) when unset. */
  runcRoot?: string;
  /** How long `create` waits for conmon to report the container pid. Default 60 s. */
  createTimeoutMs?: number;
  /** Containers' RLIMIT_NOFILE. Default: Docker's 1048576 where we may grant it (host-limits.ts). */
  nofileLimit?: number;
}

/** What a container's bundle remembers for later calls (and later daemon instances). */
interface RuntimeMeta {
  logPath: string;
  terminal: boolean;
  openStdin: boolean;
}

const META_FILE = 'pouch-runtime.json';
/** Where runc keeps one directory per container it knows, when no --root is given. */
const RUNC_DEFAULT_ROOT = '/run/runc';

function mapStatus(status: string): RuntimeState['status'] {
  if (status === 'running' || status === 'paused') return 'running';
  if (status === 'stopped') return 'stopped';
  return 'created';
}

/** runc containers monitored by conmon. See the module comment. */
export class ConmonRuntime implements ContainerRuntime {
  private readonly root: string;
  private readonly log: Logger;
  private readonly runc: RuncOptions;
  private readonly conmonPath: string;
  private readonly createTimeoutMs: number;
  private readonly exits: ExitWatcher;
  private readonly nofile: number;

  constructor(opts: ConmonRuntimeOptions) {
    this.root = opts.root;
    this.log = opts.logger.child({ component: 'runtime' });
    this.runc = { runcPath: opts.runcPath ?? '/usr/bin/runc' };
    if (opts.runcRoot !== undefined) this.runc.root = opts.runcRoot;
    this.conmonPath = opts.conmonPath ?? '/usr/bin/conmon';
    this.createTimeoutMs = opts.createTimeoutMs ?? 60_000;
    this.nofile = opts.nofileLimit ?? defaultNofileLimit();
    // Start-up only: the exit directory must exist before anything can watch it.
    mkdirSync(join(this.root, 'exits'), { recursive: true, mode: 0o700 });
    this.exits = new ExitWatcher(join(this.root, 'exits'), {
      isLost: (id) => this.monitorLost(id),
    });
  }

  /** Mounts the rootfs, writes the bundle and has conmon run `runc create`. */
  async create(spec: RuntimeCreateSpec): Promise<void> {
    const p = await createBundle(this.root, spec, { nofile: this.nofile });
    const meta: RuntimeMeta = {
      logPath: spec.logPath,
      terminal: spec.process.terminal,
      openStdin: spec.openStdin,
    };
    try {
      await writeFile(join(p.dir, META_FILE), JSON.stringify(meta));
      const pid = await this.runConmon(spec, p);
      this.log.info({ id: spec.id, containerPid: pid }, 'container created');
    } catch (err) {
      await this.delete(spec.id).catch((e: unknown) =>
        this.log.warn({ id: spec.id, err: e }, 'cleanup after failed create failed'),
      );
      throw err;
    }
  }

  private async runConmon(spec: RuntimeCreateSpec, p: BundlePaths): Promise<number> {
    const args = buildConmonArgs({
      id: spec.id,
      cuuid: spec.id,
      runtimePath: this.runc.runcPath,
      runtimeArgs: this.runtimeArgs(),
      bundle: p.dir,
      pidFile: p.pidFile,
      conmonPidFile: p.conmonPidFile,
      exitDir: p.exitDir,
      persistDir: p.dir,
      logPath: spec.logPath,
      terminal: spec.process.terminal,
      stdin: spec.openStdin,
      leaveStdinOpen: spec.stdinOnce !== true,
    });
    const h = spawnConmon(this.conmonPath, args, { cwd: p.dir, withExecPipes: false });
    try {
      return await awaitConmonPid(h, `create container "${spec.id}"`, this.createTimeoutMs);
    } finally {
      h.close();
    }
  }

  /** Global runc flags conmon must pass too, so both see the same state directory. */
  private runtimeArgs(): string[] {
    const args = ['--log-format=json'];
    if (this.runc.root !== undefined) args.push(`--root=${this.runc.root}`);
    return args;
  }

  async start(id: string): Promise<RuntimeState> {
    checkId(id);
    await runRunc(this.runc, ['start', id], `start container "${id}"`);
    // runc create wrote the process's pid; reading it saves a `runc state` process per start.
    // A process that has exited already is reported by the exit watcher like any other exit.
    const pid = readPidFile(bundlePaths(this.root, id).pidFile);
    if (pid !== undefined) return { status: 'running', pid };
    return (await this.state(id)) ?? { status: 'stopped', pid: 0 };
  }

  async kill(id: string, signal: string | number): Promise<void> {
    checkId(id);
    const n = parseSignal(signal);
    await runRunc(this.runc, ['kill', id, String(n)], `kill container "${id}"`);
  }

  /**
   * `runc delete --force`, waits for conmon to record the exit, settles waitExit callers, then
   * unmounts and removes the bundle. Unknown containers are fine.
   */
  async delete(id: string): Promise<void> {
    checkId(id);
    const p = bundlePaths(this.root, id);
    // Without runc state for the id (a fresh start) runc would only say "does not exist": skip
    // its process.
    if (existsSync(join(this.runc.root ?? RUNC_DEFAULT_ROOT, id))) {
      try {
        await runRunc(this.runc, ['delete', '--force', id], `delete container "${id}"`);
      } catch (err) {
        if (!isKind(err, 'not_found')) throw err;
      }
    }
    const conmonPid = readPidFile(p.conmonPidFile);
    if (conmonPid !== undefined && !(await waitForPidExit(conmonPid, 10_000))) {
      this.log.warn({ id, conmonPid }, 'conmon did not exit after runc delete; killing it');
      try {
        process.kill(conmonPid, 'SIGKILL');
      } catch {
        // already gone
      }
    }
    this.exits.settle(id, readExitFile(p.exitDir, id) ?? { exitCode: 255, finishedAt: new Date() });
    await removeBundle(this.root, id);
  }

  async state(id: string): Promise<RuntimeState | undefined> {
    checkId(id);
    const s = await runcState(this.runc, id);
    if (s === undefined) return undefined;
    return { status: mapStatus(s.status), pid: s.pid };
  }

  runningPid(id: string): number | undefined {
    checkId(id);
    const p = bundlePaths(this.root, id);
    const conmon = readPidFile(p.conmonPidFile);
    const pid = readPidFile(p.pidFile);
    if (conmon === undefined || pid === undefined) return undefined;
    // conmon outlives its container and writes the exit file before it exits.
    if (!isPidAlive(conmon, 'conmon') || !isPidAlive(pid)) return undefined;
    return readExitFile(p.exitDir, id) === undefined ? pid : undefined;
  }

  exitStatus(id: string): ExitStatus | undefined {
    checkId(id);
    return readExitFile(join(this.root, 'exits'), id);
  }

  async waitExit(id: string): Promise<ExitStatus> {
    checkId(id);
    const p = bundlePaths(this.root, id);
    const done = readExitFile(p.exitDir, id);
    if (done !== undefined) return done;
    if (!existsSync(p.dir)) throw notFound(`Cannot wait for container "${id}": no such container`);
    return this.exits.wait(id);
  }

  async attach(id: string, opts: { stdin: boolean }): Promise<AttachStreams> {
    checkId(id);
    const p = bundlePaths(this.root, id);
    const meta = this.meta(id);
    const sock = connectAttachSocket(p.attachSocket, `container "${id}"`);
    return attachStreams(sock, { stdin: opts.stdin, terminal: meta.terminal, ctlFifo: p.ctlFifo });
  }

  async exec(id: string, process: ProcessSpec, opts: { stdin: boolean }): Promise<ExecSession> {
    checkId(id);
    const p = bundlePaths(this.root, id);
    if (!existsSync(p.dir)) throw notFound(`Cannot exec in container "${id}": no such container`);
    return startExec({
      id,
      bundle: p,
      process,
      stdin: opts.stdin,
      conmonPath: this.conmonPath,
      runcPath: this.runc.runcPath,
      runtimeArgs: this.runtimeArgs(),
      logger: this.log,
      nofile: this.nofile,
    });
  }

  readLogs(id: string, query: LogQuery): AsyncIterable<LogEntry> {
    checkId(id);
    const logPath = query.logPath ?? this.meta(id).logPath;
    return readK8sLog(logPath, query, { exited: this.exitedOrGone(id) });
  }

  rootfsPath(id: string): string {
    checkId(id);
    return bundlePaths(this.root, id).rootfs;
  }

  /** Stops watching exit files (pending waitExit calls stay pending). */
  dispose(): void {
    this.exits.dispose();
  }

  /** Settles when the container has exited, or at once when the runtime no longer has it. */
  private exitedOrGone(id: string): Promise<unknown> {
    const p = bundlePaths(this.root, id);
    if (!existsSync(p.dir) || readExitFile(p.exitDir, id) !== undefined) return Promise.resolve();
    return this.exits.wait(id);
  }

  /** True when the container's conmon has died (pid file present, process gone). */
  private monitorLost(id: string): boolean {
    const pid = readPidFile(bundlePaths(this.root, id).conmonPidFile);
    const lost = pid !== undefined && !isPidAlive(pid, 'conmon');
    if (lost) this.log.warn({ id, conmonPid: pid }, 'conmon exited without an exit file');
    return lost;
  }

  private meta(id: string): RuntimeMeta {
    const path = join(bundlePaths(this.root, id).dir, META_FILE);
    try {
      return JSON.parse(readFileSync(path, 'utf8')) as RuntimeMeta;
    } catch {
      throw notFound(`Cannot find container "${id}": the runtime has no such container`);
    }
  }
}
