import type { ExecCreateRequest, ExecInspectResponse } from '../api-types/container.js';
import { conflict, invalid, notFound } from '../common/errors.js';
import { generateId } from '../common/ids.js';
import type { ImageService } from '../image/image-service.js';
import type { AttachStreams, ContainerRuntime, ExecSession } from '../runtime/runtime.js';
import type { ContainerRegistry } from './container-registry.js';
import { mergeEnv, resolveUser } from './process-spec.js';

interface ExecRecord {
  id: string;
  containerId: string;
  req: ExecCreateRequest;
  running: boolean;
  exitCode: number | null;
  pid: number;
  session?: ExecSession;
}

/** Execs live in memory, as in Docker: they do not outlive the daemon. */
export class ExecManager {
  private readonly execs = new Map<string, ExecRecord>();

  constructor(
    private readonly d: {
      runtime: ContainerRuntime;
      registry: ContainerRegistry;
      images: ImageService;
    },
  ) {}

  async create(ref: string, req: ExecCreateRequest): Promise<string> {
    const c = this.d.registry.get(ref);
    if (c.state.status !== 'running') throw conflict(`Container ${c.id} is not running`);
    if (!Array.isArray(req.Cmd) || req.Cmd.length === 0) throw invalid('No exec command specified');
    const id = generateId();
    this.execs.set(id, { id, containerId: c.id, req, running: false, exitCode: null, pid: 0 });
    return id;
  }

  private get(id: string): ExecRecord {
    const e = this.execs.get(id);
    if (e === undefined) throw notFound(`No such exec instance: ${id}`, 'EXEC_NOT_FOUND');
    return e;
  }

  async start(
    id: string,
    opts: { detach: boolean; tty?: boolean },
  ): Promise<{ streams?: AttachStreams; tty: boolean }> {
    const e = this.get(id);
    if (e.running || e.exitCode !== null) throw conflict(`exec ${id} has already been started`);
    const c = this.d.registry.get(e.containerId);
    if (c.state.status !== 'running') throw conflict(`Container ${c.id} is not running`);
    const layerDirs = this.d.images.resolve(c.imageId).layerDirs;
    const tty = opts.tty ?? e.req.Tty === true;
    const session = await this.d.runtime.exec(
      c.id,
      {
        args: e.req.Cmd,
        env: mergeEnv(c.config.Env, tty ? ['TERM=xterm'] : [], e.req.Env),
        cwd: e.req.WorkingDir || c.config.WorkingDir || '/',
        user: resolveUser(e.req.User || c.config.User || '', layerDirs),
        terminal: tty,
      },
      { stdin: e.req.AttachStdin === true && !opts.detach },
    );
    e.running = true;
    e.pid = session.pid;
    e.session = session;
    void session.exited.then(
      (code) => {
        e.running = false;
        e.exitCode = code;
      },
      () => {
        e.running = false;
        e.exitCode = 126;
      },
    );
    return opts.detach ? { tty } : { streams: session.streams, tty };
  }

  inspect(id: string): ExecInspectResponse {
    const e = this.get(id);
    const [entrypoint = '', ...args] = e.req.Cmd;
    return {
      ID: e.id,
      Running: e.running,
      ExitCode: e.exitCode,
      ProcessConfig: {
        tty: e.req.Tty === true,
        entrypoint,
        arguments: args,
        privileged: false,
        user: e.req.User ?? '',
      },
      OpenStdin: e.req.AttachStdin === true,
      OpenStderr: e.req.AttachStderr !== false,
      OpenStdout: e.req.AttachStdout !== false,
      CanRemove: !e.running,
      ContainerID: e.containerId,
      DetachKeys: e.req.DetachKeys ?? '',
      Pid: e.pid,
    };
  }

  resize(id: string, height: number, width: number): void {
    const e = this.get(id);
    if (e.session === undefined) throw conflict(`exec ${id} is not running`);
    e.session.streams.resize(width, height);
  }
}
