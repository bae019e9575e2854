import type { Readable, Writable } from 'node:stream';

/** The process a container (or an exec) runs. */
export interface ProcessSpec {
  args: string[];
  env: string[];
  cwd: string;
  user: { uid: number; gid: number; additionalGids?: number[] };
  terminal: boolean;
}

export interface BindMount {
  source: string;
  destination: string;
  /** e.g. ['rbind', 'rprivate', 'ro'] */
  options: string[];
}

/** Everything the runtime needs to create one container. */
export interface RuntimeCreateSpec {
  id: string;
  /**
   * Overlay layers, top first. `upperDir`/`workDir` hold the container's writable layer; give
   * them a persistent place to keep changes across `delete` (default: inside the bundle, so the
   * writable layer goes away with it).
   */
  rootfs: { lowerDirs: string[]; upperDir?: string; workDir?: string };
  process: ProcessSpec;
  hostname: string;
  domainname?: string;
  /**
   * Network namespace to join: a sandbox bind mount, `/proc/<pid>/ns/net` of another container,
   * or the daemon's own (host mode). Always a path: the runtime never creates a netns itself.
   */
  netnsPath: string;
  /** Share the daemon's UTS namespace (host mode). */
  hostUts?: boolean;
  mounts: BindMount[];
  /** `net.*` sysctls applied inside the container's namespaces. */
  sysctls: Record<string, string>;
  openStdin: boolean;
  /**
   * Docker's StdinOnce: close the container's stdin when the first attached client detaches.
   * Default false: detaching leaves stdin open so a later attach can write to it.
   */
  stdinOnce?: boolean;
  /** Where stdout/stderr are recorded by the monitor. */
  logPath: string;
}

export interface RuntimeState {
  status: 'created' | 'running' | 'stopped';
  pid: number;
}

export interface ExitStatus {
  exitCode: number;
  /** Set when killed by a signal. */
  signal?: number;
  finishedAt: Date;
}

/** The stdio of a running container or exec, as the API streams it. */
export interface AttachStreams {
  stdin?: Writable;
  stdout: Readable;
  /** Absent with a terminal: stderr is merged into stdout. */
  stderr?: Readable;
  resize(width: number, height: number): void;
  close(): void;
}

export interface LogEntry {
  stream: 'stdout' | 'stderr';
  time: Date;
  /** One line including its trailing newline (or a partial line). */
  data: Buffer;
}

export interface LogQuery {
  follow?: boolean;
  /** Unix seconds. */
  since?: number;
  until?: number;
  /** Last N lines, or all. */
  tail?: number;
  signal?: AbortSignal;
  /**
   * The log file to read. The runtime remembers `RuntimeCreateSpec.logPath` while it has the
   * container; pass it to read the log of a container already removed with `delete`.
   */
  logPath?: string;
}

export interface ExecSession {
  pid: number;
  streams: AttachStreams;
  /** Resolves with the exit code when the exec'd process ends. */
  exited: Promise<number>;
}

/**
 * runc containers, each held by a small monitor (conmon) that owns its stdio, writes its log
 * and records its exit status, so nothing is lost while pouchd is down.
 */
export interface ContainerRuntime {
  /** Mounts the rootfs, writes the bundle and starts the monitor (`runc create`). */
  create(spec: RuntimeCreateSpec): Promise<void>;
  start(id: string): Promise<RuntimeState>;
  kill(id: string, signal: string | number): Promise<void>;
  /** `runc delete --force`, unmounts the rootfs, removes the bundle. Idempotent. */
  delete(id: string): Promise<void>;
  /** undefined when runc does not know the container. */
  state(id: string): Promise<RuntimeState | undefined>;
  /**
   * The container process's pid when it is certainly running (its monitor and process are alive
   * and no exit is recorded), without asking runc; undefined when that is not certain (ask
   * `state`). Cheap enough for a daemon start with a thousand containers.
   */
  runningPid(id: string): number | undefined;
  /** The recorded exit status (also after a daemon restart), undefined while running. */
  exitStatus(id: string): ExitStatus | undefined;
  /** Resolves when the container's main process exits. */
  waitExit(id: string): Promise<ExitStatus>;
  attach(id: string, opts: { stdin: boolean }): Promise<AttachStreams>;
  exec(id: string, process: ProcessSpec, opts: { stdin: boolean }): Promise<ExecSession>;
  readLogs(id: string, query: LogQuery): AsyncIterable<LogEntry>;
  /** Root filesystem mount point (for writing files before start). */
  rootfsPath(id: string): string;
}
