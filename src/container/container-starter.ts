import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import type { Logger } from 'pino';
import { EngineError } from '../common/errors.js';
import { rfc3339Nano } from '../common/ids.js';
import type { ImageService } from '../image/image-service.js';
import type {
  AttachStreams,
  BindMount,
  ContainerRuntime,
  ExitStatus,
  RuntimeCreateSpec,
} from '../runtime/runtime.js';
import type { ContainerNetworking } from './container-network.js';
import type { ContainerRegistry } from './container-registry.js';
import { parseNetworkMode } from './network-mode.js';
import { buildProcessSpec } from './process-spec.js';
import { ZERO_TIME, type ContainerRecord } from './records.js';

export interface ContainerStarterDeps {
  runtime: ContainerRuntime;
  images: ImageService;
  networking: ContainerNetworking;
  registry: ContainerRegistry;
  logger: Logger;
}

/**
 * Streams handed to a client that attached before start (`docker run` attaches, then starts, and
 * waits for the attach response first). They exist at once; the runtime's streams are spliced in
 * when the monitor exists, before the process runs, so no output is lost.
 */
interface PendingAttach {
  opts: { stdin: boolean };
  stdin: PassThrough;
  stdout: PassThrough;
  stderr?: PassThrough;
  real?: AttachStreams;
  /** Last resize asked for before the real streams existed. */
  size?: [number, number];
}

/**
 * Starting and finishing a container: plan everything (image, network, files, process), make
 * it in order, and undo exactly what was made when a step fails.
 */
export class ContainerStarter {
  private readonly pending = new Map<string, PendingAttach[]>();
  /** The latest attach streams per container, for `POST /containers/{id}/resize`. */
  private readonly attached = new Map<string, AttachStreams>();

  constructor(private readonly d: ContainerStarterDeps) {}

  /** Network files bind-mounted into the container (a container: target's files when sharing). */
  private networkMounts(c: ContainerRecord): BindMount[] {
    if (c.config.DisableNetworkFiles === true) return [];
    const mode = parseNetworkMode(c.hostConfig.NetworkMode);
    const paths = mode.kind === 'container' ? this.d.registry.get(mode.target).paths : c.paths;
    const opts = ['rbind', 'rprivate'];
    return [
      { source: paths.hostnamePath, destination: '/etc/hostname', options: opts },
      { source: paths.hostsPath, destination: '/etc/hosts', options: opts },
      { source: paths.resolvConfPath, destination: '/etc/resolv.conf', options: opts },
    ];
  }

  async start(c: ContainerRecord): Promise<void> {
    const { runtime, networking } = this.d;
    const image = this.d.images.resolve(c.imageId);
    const mode = parseNetworkMode(c.hostConfig.NetworkMode);
    try {
      const netnsPath = networking.attach(c);
      networking.writeFiles(c);
      const hostname = networking.hostnameFor(c, mode);
      const spec: RuntimeCreateSpec = {
        id: c.id,
        rootfs: {
          lowerDirs: image.layerDirs,
          upperDir: join(c.paths.dir, 'upper'),
          workDir: join(c.paths.dir, 'work'),
        },
        process: buildProcessSpec(c.config, hostname, image.layerDirs),
        hostname,
        ...(c.config.Domainname ? { domainname: c.config.Domainname } : {}),
        netnsPath,
        hostUts: mode.kind === 'host',
        mounts: this.networkMounts(c),
        sysctls: c.hostConfig.Sysctls ?? {},
        openStdin: c.config.OpenStdin === true,
        stdinOnce: c.config.StdinOnce === true,
        logPath: c.paths.logPath,
      };
      await runtime.delete(c.id);
      await runtime.create(spec);
      // The DNS redirect was being programmed while runc created the container; the process
      // must not run before it is in place.
      await networking.settled(c);
      await this.handOverAttaches(c.id);
      const st = await runtime.start(c.id);
      c.state = {
        status: 'running',
        pid: st.pid,
        exitCode: 0,
        error: '',
        startedAt: rfc3339Nano(new Date()),
        finishedAt: ZERO_TIME,
      };
      this.d.registry.save(c);
      this.d.logger.info({ container: c.id, pid: st.pid }, 'container started');
    } catch (err) {
      await runtime.delete(c.id).catch(() => undefined);
      networking.release(c);
      this.failPending(c.id);
      c.state.error = err instanceof Error ? err.message : String(err);
      this.d.registry.save(c);
      throw err;
    }
  }

  /** Records the exit and releases what the running container held (network, rootfs). */
  async finish(c: ContainerRecord, status: ExitStatus): Promise<void> {
    c.state = {
      ...c.state,
      status: 'exited',
      pid: 0,
      exitCode: status.exitCode,
      finishedAt: rfc3339Nano(status.finishedAt),
    };
    this.d.registry.save(c);
    this.attached.delete(c.id);
    this.d.networking.release(c);
    await this.d.runtime
      .delete(c.id)
      .catch((err: unknown) =>
        this.d.logger.warn({ err, container: c.id }, 'cannot delete runtime state'),
      );
    this.d.logger.info({ container: c.id, exitCode: status.exitCode }, 'container exited');
  }

  /** Streams for a client that attached before start; the runtime's are spliced in at start. */
  attachAtStart(c: ContainerRecord, opts: { stdin: boolean }): AttachStreams {
    const tty = c.config.Tty === true;
    const p: PendingAttach = {
      opts,
      stdin: new PassThrough(),
      stdout: new PassThrough(),
      ...(tty ? {} : { stderr: new PassThrough() }),
    };
    const list = this.pending.get(c.id) ?? [];
    list.push(p);
    this.pending.set(c.id, list);
    return {
      ...(opts.stdin ? { stdin: p.stdin } : {}),
      stdout: p.stdout,
      ...(p.stderr ? { stderr: p.stderr } : {}),
      resize: (w, h) => (p.real ? p.real.resize(w, h) : (p.size = [w, h])),
      close: () => {
        p.real?.close();
        p.stdout.end();
        p.stderr?.end();
      },
    };
  }

  private async handOverAttaches(id: string): Promise<void> {
    const list = this.pending.get(id) ?? [];
    this.pending.delete(id);
    for (const p of list) {
      try {
        const real = await this.d.runtime.attach(id, p.opts);
        p.real = real;
        this.attached.set(id, real);
        real.stdout.pipe(p.stdout);
        if (p.stderr) real.stderr?.pipe(p.stderr);
        if (p.opts.stdin && real.stdin) p.stdin.pipe(real.stdin);
        if (p.size) real.resize(...p.size);
      } catch (err) {
        this.endPending(p, err);
      }
    }
  }

  /** Ends a pending attach; with `err` (the runtime refused the attach) says why on the stream. */
  private endPending(p: PendingAttach, err?: unknown): void {
    if (err !== undefined) {
      const message = err instanceof Error ? err.message : String(err);
      (p.stderr ?? p.stdout).write(`Error: ${message}\n`);
    }
    p.stdout.end();
    p.stderr?.end();
  }

  /** Start failed: the client hears it from the start request; its attach just ends. */
  private failPending(id: string): void {
    for (const p of this.pending.get(id) ?? []) this.endPending(p);
    this.pending.delete(id);
  }

  resize(id: string, width: number, height: number): void {
    const streams = this.attached.get(id);
    if (streams === undefined)
      throw new EngineError('conflict', `container ${id} has no attached terminal to resize`);
    streams.resize(width, height);
  }

  /**
   * Daemon start: containers still running are followed again; those that died while the daemon
   * was down get their exit status and release their network; half-removed ones are finished.
   */
  async restore(all: ContainerRecord[], follow: (c: ContainerRecord) => void): Promise<void> {
    for (const c of all) {
      if (c.state.status === 'running') {
        // One runc process per container would make a restart with 1,000 containers take
        // seconds: living monitors and processes are read from /proc, runc only when unsure.
        if (this.d.runtime.runningPid(c.id) !== undefined) {
          follow(c);
          continue;
        }
        const st = await this.d.runtime.state(c.id).catch(() => undefined);
        if (st?.status === 'running') {
          follow(c);
          continue;
        }
        const exit = this.d.runtime.exitStatus(c.id) ?? { exitCode: 255, finishedAt: new Date() };
        await this.finish(c, exit);
      } else {
        // Created or exited: nothing may hold a sandbox (a crash during start can leave one).
        this.d.networking.release(c);
        if (c.state.status !== 'removing') await this.d.runtime.delete(c.id).catch(() => undefined);
      }
    }
  }
}
