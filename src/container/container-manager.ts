import { mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import type { Logger } from 'pino';
import type {
  ContainerCreateRequest,
  ContainerInspectResponse,
  ContainerSummaryDto,
  ContainerWaitResponse,
  ExecCreateRequest,
  ExecInspectResponse,
} from '../api-types/container.js';
import type { EndpointSettingsRequest } from '../api-types/network-connect.js';
import { conflict, EngineError } from '../common/errors.js';
import { generateId, rfc3339Nano } from '../common/ids.js';
import type { ImageService } from '../image/image-service.js';
import type { NetworkController } from '../network/controller.js';
import type {
  AttachStreams,
  ContainerRuntime,
  ExitStatus,
  LogEntry,
  LogQuery,
} from '../runtime/runtime.js';
import type { ContainerService, WaitCondition } from './container-service.js';
import { ContainerRegistry } from './container-registry.js';
import { ContainerNetworking } from './container-network.js';
import { toInspect, toSummary } from './container-view.js';
import { filterContainers } from './container-filters.js';
import { planContainer } from './create-request.js';
import { ExecManager } from './exec-manager.js';
import { generateName, normalizeName } from './names.js';
import { ContainerStarter } from './container-starter.js';
import { ZERO_TIME, type ContainerRecord } from './records.js';
import type { Store } from '../store/store.js';

export interface ContainerManagerOptions {
  store: Store;
  images: ImageService;
  runtime: ContainerRuntime;
  controller: NetworkController;
  logger: Logger;
  /** `<home>/containers`: per-container files (hosts, resolv.conf, hostname, log). */
  containersDir: string;
  hostNetnsPath: string;
  hostFiles?: { hosts: string; resolvConf: string };
}

const notModified = (msg: string): EngineError => new EngineError('not_modified', msg);

/**
 * The container lifecycle (created → running → exited, removal) on runc, with the networking of
 * each mode made before the process starts and released when it ends.
 */
export class ContainerManager implements ContainerService {
  readonly registry: ContainerRegistry;
  private readonly networking: ContainerNetworking;
  private readonly starter: ContainerStarter;
  private readonly execs: ExecManager;
  /** Waiters for the next exit / removal of a container. */
  private readonly exitWaiters = new Map<string, Array<(s: ExitStatus) => void>>();
  private readonly removeWaiters = new Map<string, Array<() => void>>();

  constructor(private readonly o: ContainerManagerOptions) {
    this.registry = new ContainerRegistry(o.store);
    this.networking = new ContainerNetworking({
      controller: o.controller,
      registry: this.registry,
      hostNetnsPath: o.hostNetnsPath,
      ...(o.hostFiles ? { hostFiles: o.hostFiles } : {}),
    });
    this.starter = new ContainerStarter({
      runtime: o.runtime,
      images: o.images,
      networking: this.networking,
      registry: this.registry,
      logger: o.logger,
    });
    this.execs = new ExecManager({ runtime: o.runtime, registry: this.registry, images: o.images });
  }

  async create(
    req: ContainerCreateRequest,
    name?: string,
  ): Promise<{ id: string; warnings: string[] }> {
    const image = this.o.images.resolve(req.Image ?? '');
    const plan = planContainer(req, image);
    const ctl = this.o.controller;
    for (const [net, ep] of Object.entries(plan.endpoints)) {
      ctl.validateEndpointRequest(net, {
        ...(ep.IPAMConfig?.IPv4Address ? { ipv4Address: ep.IPAMConfig.IPv4Address } : {}),
        ...(ep.IPAMConfig?.IPv6Address ? { ipv6Address: ep.IPAMConfig.IPv6Address } : {}),
      });
    }
    if (plan.mode.kind === 'container') this.registry.get(plan.mode.target);
    for (const link of plan.hostConfig.Links ?? []) this.registry.get(link.split(':')[0] ?? '');
    const finalName =
      name !== undefined && name !== ''
        ? normalizeName(name)
        : generateName((n) => this.registry.nameTaken(n));
    this.registry.reserveName(finalName);
    const id = generateId();
    const dir = join(this.o.containersDir, id);
    const c: ContainerRecord = {
      id,
      name: finalName,
      created: rfc3339Nano(new Date()),
      imageId: image.id,
      imageRef: req.Image ?? '',
      config: plan.config,
      hostConfig: plan.hostConfig,
      endpoints: plan.endpoints,
      state: {
        status: 'created',
        pid: 0,
        exitCode: 0,
        error: '',
        startedAt: ZERO_TIME,
        finishedAt: ZERO_TIME,
      },
      paths: {
        dir,
        hostsPath: join(dir, 'hosts'),
        resolvConfPath: join(dir, 'resolv.conf'),
        hostnamePath: join(dir, 'hostname'),
        logPath: join(dir, 'container.log'),
      },
      restartCount: 0,
    };
    mkdirSync(dir, { recursive: true, mode: 0o700 });
    this.registry.save(c);
    this.o.logger.info({ container: id, name: finalName }, 'container created');
    return { id, warnings: [] };
  }

  async start(ref: string): Promise<void> {
    const c = this.registry.get(ref);
    if (c.state.status === 'running') throw notModified(`container ${c.name} is already running`);
    if (c.state.status === 'removing' || c.state.status === 'dead') {
      throw conflict(`container ${c.name} is marked for removal and cannot be started`);
    }
    await this.starter.start(c);
    this.watchExit(c);
  }

  /** Follows the container's exit: record it, release its network, clean the runtime. */
  watchExit(c: ContainerRecord): void {
    const startedAt = c.state.startedAt;
    this.o.runtime.waitExit(c.id).then(
      (status) => void this.onExit(c.id, startedAt, status),
      (err: unknown) =>
        this.o.logger.error({ err, container: c.id }, 'cannot follow container exit'),
    );
  }

  private async onExit(id: string, startedAt: string, status: ExitStatus): Promise<void> {
    const c = this.registry.find(id);
    if (c === undefined || c.state.startedAt !== startedAt) return;
    await this.starter.finish(c, status);
    const waiters = this.exitWaiters.get(id) ?? [];
    this.exitWaiters.delete(id);
    for (const w of waiters) w(status);
    if (c.hostConfig.AutoRemove === true)
      await this.remove(id, { force: true }).catch(() => undefined);
  }

  private nextExit(id: string): Promise<ExitStatus> {
    return new Promise((resolve) => {
      const list = this.exitWaiters.get(id) ?? [];
      list.push(resolve);
      this.exitWaiters.set(id, list);
    });
  }

  async stop(ref: string, timeoutSec?: number): Promise<void> {
    const c = this.registry.get(ref);
    if (c.state.status !== 'running') throw notModified(`container ${c.name} is not running`);
    const exited = this.nextExit(c.id);
    await this.o.runtime.kill(c.id, c.config.StopSignal || 'SIGTERM').catch(() => undefined);
    const grace = (timeoutSec ?? c.config.StopTimeout ?? 10) * 1000;
    const timer = new Promise<'timeout'>((r) => setTimeout(() => r('timeout'), grace).unref());
    if ((await Promise.race([exited, timer])) === 'timeout') {
      await this.o.runtime.kill(c.id, 'SIGKILL').catch(() => undefined);
      await exited;
    }
  }

  async kill(ref: string, signal?: string): Promise<void> {
    const c = this.registry.get(ref);
    if (c.state.status !== 'running') throw conflict(`Container ${c.id} is not running`);
    await this.o.runtime.kill(c.id, signal || 'SIGKILL');
  }

  async restart(ref: string, timeoutSec?: number): Promise<void> {
    const c = this.registry.get(ref);
    if (c.state.status === 'running') await this.stop(ref, timeoutSec);
    await this.start(c.id);
  }

  async remove(ref: string, opts: { force?: boolean }): Promise<void> {
    const c = this.registry.get(ref);
    if (c.state.status === 'removing')
      throw conflict(`removal of container ${c.name} is already in progress`);
    if (c.state.status === 'running') {
      if (opts.force !== true) {
        throw conflict(
          `You cannot remove a running container ${c.id}. Stop the container before attempting removal or force remove`,
        );
      }
      const exited = this.nextExit(c.id);
      await this.o.runtime.kill(c.id, 'SIGKILL').catch(() => undefined);
      await Promise.race([exited, new Promise((r) => setTimeout(r, 10_000).unref())]);
    }
    await this.finishRemoval(c);
  }

  /** Marks the container removing, then frees everything it holds; resumable after a crash. */
  private async finishRemoval(c: ContainerRecord): Promise<void> {
    c.state.status = 'removing';
    this.registry.save(c);
    this.networking.release(c);
    await this.o.runtime.delete(c.id);
    rmSync(c.paths.dir, { recursive: true, force: true });
    this.registry.delete(c);
    const waiters = this.removeWaiters.get(c.id) ?? [];
    this.removeWaiters.delete(c.id);
    for (const w of waiters) w();
    this.o.logger.info({ container: c.id }, 'container removed');
  }

  list(opts: {
    all?: boolean;
    filters?: Record<string, string[]>;
    limit?: number;
  }): ContainerSummaryDto[] {
    const views = this.registry
      .all()
      .filter((c) => opts.all === true || c.state.status === 'running')
      .sort((a, b) => b.created.localeCompare(a.created))
      .map((c) => toSummary(c, this.o.controller));
    const filtered = filterContainers(views, opts.filters ?? {}, this.registry);
    return opts.limit !== undefined && opts.limit > 0 ? filtered.slice(0, opts.limit) : filtered;
  }

  inspect(ref: string): ContainerInspectResponse {
    return toInspect(this.registry.get(ref), this.o.controller, this.registry);
  }

  logs(
    ref: string,
    query: LogQuery & { stdout: boolean; stderr: boolean },
  ): AsyncIterable<LogEntry> {
    const c = this.registry.get(ref);
    const source = this.o.runtime.readLogs(c.id, {
      ...query,
      logPath: c.paths.logPath,
    } as LogQuery);
    return (async function* () {
      for await (const entry of source) {
        if (
          (entry.stream === 'stdout' && query.stdout) ||
          (entry.stream === 'stderr' && query.stderr)
        )
          yield entry;
      }
    })();
  }

  async attach(
    ref: string,
    opts: { stdin: boolean },
  ): Promise<{ streams: AttachStreams; tty: boolean }> {
    const c = this.registry.get(ref);
    const tty = c.config.Tty === true;
    if (c.state.status === 'running')
      return { streams: await this.o.runtime.attach(c.id, opts), tty };
    // `docker run` attaches before start: hand over the streams once the monitor exists, before
    // the process runs, so no output is lost.
    return { streams: this.starter.attachAtStart(c, opts), tty };
  }

  async wait(ref: string, condition: WaitCondition): Promise<ContainerWaitResponse> {
    const c = this.registry.get(ref);
    if (condition === 'removed') {
      await new Promise<void>((resolve) => {
        const list = this.removeWaiters.get(c.id) ?? [];
        list.push(resolve);
        this.removeWaiters.set(c.id, list);
      });
      return { StatusCode: c.state.exitCode, Error: null };
    }
    if (condition === 'not-running' && c.state.status !== 'running') {
      return { StatusCode: c.state.exitCode, Error: null };
    }
    const status = await this.nextExit(c.id);
    return { StatusCode: status.exitCode, Error: null };
  }

  resize(ref: string, height: number, width: number): void {
    const c = this.registry.get(ref);
    if (c.state.status !== 'running') throw conflict(`Container ${c.id} is not running`);
    this.starter.resize(c.id, width, height);
  }

  execCreate(ref: string, req: ExecCreateRequest): Promise<string> {
    return this.execs.create(ref, req);
  }

  execStart(
    execId: string,
    opts: { detach: boolean; tty?: boolean },
  ): Promise<{ streams?: AttachStreams; tty: boolean }> {
    return this.execs.start(execId, opts);
  }

  execInspect(execId: string): ExecInspectResponse {
    return this.execs.inspect(execId);
  }

  execResize(execId: string, height: number, width: number): void {
    this.execs.resize(execId, height, width);
  }

  async connect(
    networkRef: string,
    containerRef: string,
    config: EndpointSettingsRequest,
  ): Promise<void> {
    const c = this.registry.get(containerRef);
    this.networking.connect(networkRef, c, config);
    await this.networking.settled(c);
  }

  async disconnect(networkRef: string, containerRef: string, force: boolean): Promise<void> {
    const c = this.registry.find(containerRef);
    if (c === undefined && force) {
      this.o.controller.forceDisconnect(networkRef, containerRef);
      return;
    }
    this.networking.disconnect(networkRef, c ?? this.registry.get(containerRef));
  }

  /** Daemon start: re-attach to living containers, record the exits of those that died. */
  async restore(): Promise<void> {
    for (const c of this.registry.all()) {
      if (c.state.status === 'removing') await this.finishRemoval(c);
    }
    await this.starter.restore(this.registry.all(), (c) => this.watchExit(c));
    // A sandbox whose container is gone (crash between remove steps) belongs to nobody.
    for (const sb of [...this.o.controller.state.sandboxes.values()]) {
      if (this.registry.find(sb.containerId) === undefined) this.o.controller.removeSandbox(sb.id);
    }
  }
}
