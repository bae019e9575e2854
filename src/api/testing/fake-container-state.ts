/**
 * The state behind FakeContainerService: containers, execs, attach sessions and the Docker DTOs
 * built from them. Kept apart from the service so each file stays small.
 */
import { createHash } from 'node:crypto';
import { PassThrough } from 'node:stream';
import { conflict, notFound } from '../../common/errors.js';
import type {
  ContainerCreateRequest,
  ContainerInspectResponse,
  ContainerStateDto,
  ContainerSummaryDto,
  ExecCreateRequest,
  ExecInspectResponse,
} from '../../api-types/container.js';
import type { AttachStreams, LogEntry } from '../../runtime/runtime.js';

/** One container of the fake. */
export interface FakeContainer {
  id: string;
  /** Without the leading `/`. */
  name: string;
  config: ContainerCreateRequest;
  status: ContainerStateDto['Status'];
  exitCode: number;
  created: Date;
  logs: LogEntry[];
}

/** One exec of the fake. */
export interface FakeExec {
  id: string;
  containerId: string;
  request: ExecCreateRequest;
  running: boolean;
  started: boolean;
  exitCode: number | null;
}

/**
 * An attach or exec session handed out by the fake: tests write the process's output to
 * `stdout`/`stderr` and read what the client sent from `stdinText()`.
 */
export interface FakeSession {
  /** The container or exec ID. */
  ownerId: string;
  tty: boolean;
  streams: AttachStreams;
  stdout: PassThrough;
  stderr?: PassThrough;
  stdin?: PassThrough;
  /** Everything written to stdin so far. */
  stdinText(): string;
  /** True once stdin was ended (the client half-closed). */
  stdinEnded(): boolean;
  closed: boolean;
  resizes: Array<{ width: number; height: number }>;
  /** Ends the output streams, as the process exiting does. */
  end(): void;
}

/** The fake's mutable state. */
export interface FakeState {
  containers: Map<string, FakeContainer>;
  execs: Map<string, FakeExec>;
  sessions: FakeSession[];
  counter: number;
  /** Callbacks run on every state change (wait and follow logs re-check on them). */
  listeners: Set<() => void>;
}

/** A deterministic 64-hex ID. */
export function hexId(seed: string): string {
  return createHash('sha256').update(seed).digest('hex');
}

/** Runs every change listener. */
export function notify(state: FakeState): void {
  for (const listener of [...state.listeners]) listener();
}

/** Full ID, name (with or without `/`), then unique ID prefix: the manager's lookup order. */
export function findContainer(state: FakeState, ref: string): FakeContainer {
  const name = ref.startsWith('/') ? ref.slice(1) : ref;
  const all = [...state.containers.values()];
  const exact = state.containers.get(ref) ?? all.find((c) => c.name === name);
  if (exact !== undefined) return exact;
  const byPrefix = all.filter((c) => ref !== '' && c.id.startsWith(ref));
  if (byPrefix.length === 1 && byPrefix[0] !== undefined) return byPrefix[0];
  throw notFound(`No such container: ${ref}`, 'CONTAINER_NOT_FOUND');
}

/** The exec `execId`, or not_found with Docker's text. */
export function findExec(state: FakeState, execId: string): FakeExec {
  const exec = state.execs.get(execId);
  if (exec === undefined) throw notFound(`No such exec instance: ${execId}`, 'EXEC_NOT_FOUND');
  return exec;
}

/** conflict unless the container is running, with Docker's text. */
export function requireRunning(container: FakeContainer): void {
  if (container.status !== 'running') {
    throw conflict(`Container ${container.id} is not running`, 'CONTAINER_NOT_RUNNING');
  }
}

/** Creates session streams for `ownerId`; stderr only without a TTY, stdin when asked. */
export function newSession(ownerId: string, tty: boolean, withStdin: boolean): FakeSession {
  const stdout = new PassThrough();
  const stderr = tty ? undefined : new PassThrough();
  const stdin = withStdin ? new PassThrough() : undefined;
  const received: Buffer[] = [];
  let ended = false;
  stdin?.on('data', (chunk: Buffer) => received.push(chunk));
  stdin?.on('end', () => (ended = true));
  const session: FakeSession = {
    ownerId,
    tty,
    stdout,
    ...(stderr !== undefined ? { stderr } : {}),
    ...(stdin !== undefined ? { stdin } : {}),
    stdinText: () => Buffer.concat(received).toString(),
    stdinEnded: () => ended,
    closed: false,
    resizes: [],
    end: () => {
      stdout.end();
      stderr?.end();
    },
    streams: {
      stdout,
      ...(stderr !== undefined ? { stderr } : {}),
      ...(stdin !== undefined ? { stdin } : {}),
      resize: (width, height) => session.resizes.push({ width, height }),
      close: () => {
        session.closed = true;
      },
    },
  };
  return session;
}

function stateOf(c: FakeContainer): ContainerStateDto {
  const running = c.status === 'running';
  return {
    Status: c.status,
    Running: running,
    Paused: c.status === 'paused',
    Restarting: c.status === 'restarting',
    OOMKilled: false,
    Dead: c.status === 'dead',
    Pid: running ? 4242 : 0,
    ExitCode: c.exitCode,
    Error: '',
    StartedAt: '0001-01-01T00:00:00Z',
    FinishedAt: '0001-01-01T00:00:00Z',
  };
}

/** `GET /containers/{id}/json` for `c`, with empty network settings. */
export function inspectOf(c: FakeContainer): ContainerInspectResponse {
  const { HostConfig, NetworkingConfig: _networking, ...config } = c.config;
  const cmd = [...(c.config.Entrypoint ?? []), ...(c.config.Cmd ?? [])];
  return {
    Id: c.id,
    Created: c.created.toISOString(),
    Path: cmd[0] ?? '',
    Args: cmd.slice(1),
    State: stateOf(c),
    Image: hexId(`image:${c.config.Image ?? ''}`),
    ResolvConfPath: '',
    HostnamePath: '',
    HostsPath: '',
    LogPath: '',
    Name: `/${c.name}`,
    RestartCount: 0,
    Driver: 'overlay2',
    Platform: 'linux',
    MountLabel: '',
    ProcessLabel: '',
    AppArmorProfile: '',
    ExecIDs: null,
    HostConfig: HostConfig ?? {},
    Mounts: [],
    Config: config,
    NetworkSettings: {
      Bridge: '',
      SandboxID: '',
      HairpinMode: false,
      LinkLocalIPv6Address: '',
      LinkLocalIPv6PrefixLen: 0,
      Ports: {},
      SandboxKey: '',
      SecondaryIPAddresses: null,
      SecondaryIPv6Addresses: null,
      EndpointID: '',
      Gateway: '',
      GlobalIPv6Address: '',
      GlobalIPv6PrefixLen: 0,
      IPAddress: '',
      IPPrefixLen: 0,
      IPv6Gateway: '',
      MacAddress: '',
      Networks: {},
    },
  };
}

/** One `GET /containers/json` item for `c`. */
export function summaryOf(c: FakeContainer): ContainerSummaryDto {
  return {
    Id: c.id,
    Names: [`/${c.name}`],
    Image: c.config.Image ?? '',
    ImageID: hexId(`image:${c.config.Image ?? ''}`),
    Command: [...(c.config.Entrypoint ?? []), ...(c.config.Cmd ?? [])].join(' '),
    Created: Math.floor(c.created.getTime() / 1000),
    Ports: [],
    Labels: c.config.Labels ?? {},
    State: c.status,
    Status: c.status === 'running' ? 'Up' : `Exited (${c.exitCode})`,
    HostConfig: { NetworkMode: c.config.HostConfig?.NetworkMode ?? 'default' },
    NetworkSettings: { Networks: {} },
    Mounts: [],
  };
}

/** `GET /exec/{id}/json` for `e`. */
export function execInspectOf(e: FakeExec): ExecInspectResponse {
  const [entrypoint = '', ...args] = e.request.Cmd;
  return {
    ID: e.id,
    Running: e.running,
    ExitCode: e.exitCode,
    ProcessConfig: {
      tty: e.request.Tty === true,
      entrypoint,
      arguments: args,
      privileged: e.request.Privileged === true,
      user: e.request.User ?? '',
    },
    OpenStdin: e.request.AttachStdin === true,
    OpenStderr: e.request.AttachStderr === true,
    OpenStdout: e.request.AttachStdout === true,
    CanRemove: false,
    ContainerID: e.containerId,
    DetachKeys: e.request.DetachKeys ?? '',
    Pid: e.running ? 4343 : 0,
  };
}
