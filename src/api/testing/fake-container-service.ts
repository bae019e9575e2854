/**
 * An in-memory ContainerService for API tests: containers that only change state when told,
 * attach and exec sessions over PassThrough streams the test drives, logs the test appends,
 * and a record of every call so tests can prove a rejected request never reached it.
 */
import { conflict, EngineError, invalid, notFound } from '../../common/errors.js';
import type {
  ContainerCreateRequest,
  ContainerWaitResponse,
  ExecCreateRequest,
} from '../../api-types/container.js';
import type { EndpointSettingsRequest } from '../../api-types/network-connect.js';
import type { ContainerService, WaitCondition } from '../../container/container-service.js';
import type { LogEntry, LogQuery } from '../../runtime/runtime.js';
import {
  execInspectOf,
  findContainer,
  findExec,
  hexId,
  inspectOf,
  newSession,
  notify,
  requireRunning,
  summaryOf,
  type FakeContainer,
  type FakeSession,
  type FakeState,
} from './fake-container-state.js';

export type { FakeContainer, FakeSession } from './fake-container-state.js';

/** One recorded call: method name and arguments as passed. */
export interface FakeContainerCall {
  method: keyof ContainerService;
  args: unknown[];
}

/** The fake plus the hooks tests use to arrange state and observe calls. */
export interface FakeContainerService extends ContainerService {
  readonly calls: FakeContainerCall[];
  /** Every attach and exec session handed out, oldest first. */
  readonly sessions: FakeSession[];
  /** Inserts a container directly (running unless `status` says otherwise). */
  addContainer(name: string, fields?: Partial<Omit<FakeContainer, 'id' | 'name'>>): FakeContainer;
  /** Appends a log line (and feeds followers). */
  addLog(ref: string, stream: 'stdout' | 'stderr', text: string, time?: Date): void;
  /** The container's process exits: sessions end, waiters resolve. */
  exit(ref: string, exitCode: number): void;
}

type LogsQuery = LogQuery & { stdout: boolean; stderr: boolean };

/** Resolves on the next state change, or when `signal` aborts. */
function changed(state: FakeState, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const done = (): void => {
      state.listeners.delete(done);
      signal?.removeEventListener('abort', done);
      resolve();
    };
    state.listeners.add(done);
    signal?.addEventListener('abort', done);
  });
}

function wantedLog(query: LogsQuery): (e: LogEntry) => boolean {
  const sinceMs = (query.since ?? 0) * 1000;
  const untilMs = query.until === undefined ? Infinity : query.until * 1000;
  return (e) =>
    (e.stream === 'stdout' ? query.stdout : query.stderr) &&
    e.time.getTime() >= sinceMs &&
    e.time.getTime() <= untilMs;
}

async function* logsOf(
  state: FakeState,
  c: FakeContainer,
  query: LogsQuery,
): AsyncIterable<LogEntry> {
  const wanted = wantedLog(query);
  const initial = c.logs.filter(wanted);
  yield* query.tail === undefined ? initial : initial.slice(initial.length - query.tail);
  let sent = c.logs.length;
  while (query.follow === true && c.status === 'running' && query.signal?.aborted !== true) {
    await changed(state, query.signal);
    for (; sent < c.logs.length; sent++) {
      const entry = c.logs[sent];
      if (entry !== undefined && wanted(entry)) yield entry;
    }
  }
}

/** How often each container exited, for `next-exit` waits. */
const exitCounts = new WeakMap<FakeContainer, number>();

async function waitFor(
  state: FakeState,
  c: FakeContainer,
  condition: WaitCondition,
): Promise<ContainerWaitResponse> {
  const exitsBefore = exitCounts.get(c) ?? 0;
  const satisfied = (): boolean => {
    if (condition === 'removed') return !state.containers.has(c.id);
    if (condition === 'next-exit') return (exitCounts.get(c) ?? 0) > exitsBefore;
    return c.status !== 'running';
  };
  while (!satisfied()) await changed(state);
  return { StatusCode: c.exitCode, Error: null };
}

function add(
  state: FakeState,
  name: string,
  fields: Partial<Omit<FakeContainer, 'id' | 'name'>>,
): FakeContainer {
  if ([...state.containers.values()].some((c) => c.name === name)) {
    throw conflict(`Conflict. The container name "/${name}" is already in use`, 'NAME_IN_USE');
  }
  const c: FakeContainer = {
    id: hexId(`container:${name}:${state.counter++}`),
    name,
    config: { Image: 'busybox' },
    status: 'running',
    exitCode: 0,
    created: new Date(),
    logs: [],
    ...fields,
  };
  state.containers.set(c.id, c);
  return c;
}

function listOf(
  state: FakeState,
  opts: Parameters<ContainerService['list']>[0],
): ReturnType<ContainerService['list']> {
  const f = opts.filters ?? {};
  const any = (key: string, test: (v: string) => boolean): boolean =>
    (f[key] ?? []).length === 0 || (f[key] ?? []).some(test);
  const selected = [...state.containers.values()]
    .filter((c) => opts.all === true || c.status === 'running')
    .filter(
      (c) =>
        any('name', (v) => c.name.includes(v)) &&
        any('id', (v) => c.id.startsWith(v)) &&
        any('status', (v) => c.status === v) &&
        any('ancestor', (v) => c.config.Image === v) &&
        (f.label ?? []).every((l) => {
          const [key = '', value] = l.split('=');
          const labels = c.config.Labels ?? {};
          return Object.hasOwn(labels, key) && (value === undefined || labels[key] === value);
        }),
    )
    .reverse();
  return selected.slice(0, opts.limit ?? selected.length).map(summaryOf);
}

function lifecycle(state: FakeState, calls: FakeContainerCall[]) {
  const record = (method: keyof ContainerService, ...args: unknown[]): void => {
    calls.push({ method, args });
  };
  return {
    async create(req: ContainerCreateRequest, name?: string) {
      record('create', req, name);
      if (req.Image === undefined || req.Image === '') throw invalid('No image was specified');
      const c = add(state, (name ?? `c${state.counter}`).replace(/^\//, ''), {
        config: req,
        status: 'created',
      });
      return { id: c.id, warnings: [] };
    },
    async start(ref: string) {
      record('start', ref);
      const c = findContainer(state, ref);
      if (c.status === 'running')
        throw new EngineError('not_modified', 'container already started');
      c.status = 'running';
      notify(state);
    },
    async stop(ref: string, timeoutSec?: number) {
      record('stop', ref, timeoutSec);
      const c = findContainer(state, ref);
      if (c.status !== 'running')
        throw new EngineError('not_modified', 'container already stopped');
      exitContainer(state, c, 143);
    },
    async kill(ref: string, signal?: string) {
      record('kill', ref, signal);
      const c = findContainer(state, ref);
      requireRunning(c);
      exitContainer(state, c, 137);
    },
    async restart(ref: string, timeoutSec?: number) {
      record('restart', ref, timeoutSec);
      const c = findContainer(state, ref);
      c.status = 'running';
      notify(state);
    },
    async remove(ref: string, opts: { force?: boolean }) {
      record('remove', ref, opts);
      const c = findContainer(state, ref);
      if (c.status === 'running' && opts.force !== true) {
        throw conflict(
          `You cannot remove a running container ${c.id}. Stop the container before attempting removal or force remove`,
          'CONTAINER_RUNNING',
        );
      }
      state.containers.delete(c.id);
      notify(state);
    },
  };
}

function exitContainer(state: FakeState, c: FakeContainer, exitCode: number): void {
  c.status = 'exited';
  c.exitCode = exitCode;
  exitCounts.set(c, (exitCounts.get(c) ?? 0) + 1);
  for (const s of state.sessions) if (s.ownerId === c.id) s.end();
  notify(state);
}

function streamsAndExecs(state: FakeState, calls: FakeContainerCall[]) {
  const record = (method: keyof ContainerService, ...args: unknown[]): void => {
    calls.push({ method, args });
  };
  return {
    async attach(ref: string, opts: { stdin: boolean }) {
      record('attach', ref, opts);
      const c = findContainer(state, ref);
      if (c.status === 'paused') {
        throw conflict('You cannot attach to a paused container, unpause it first', 'PAUSED');
      }
      const tty = c.config.Tty === true;
      const session = newSession(c.id, tty, opts.stdin);
      state.sessions.push(session);
      return { streams: session.streams, tty };
    },
    async execCreate(ref: string, req: ExecCreateRequest) {
      record('execCreate', ref, req);
      const c = findContainer(state, ref);
      requireRunning(c);
      const id = hexId(`exec:${state.counter++}`);
      state.execs.set(id, {
        id,
        containerId: c.id,
        request: req,
        running: false,
        started: false,
        exitCode: null,
      });
      return id;
    },
    async execStart(execId: string, opts: { detach: boolean; tty?: boolean }) {
      record('execStart', execId, opts);
      const exec = findExec(state, execId);
      if (exec.started)
        throw conflict(`Error: Exec command ${execId} is already running`, 'EXEC_RUNNING');
      exec.started = true;
      exec.running = true;
      const tty = opts.tty ?? exec.request.Tty === true;
      if (opts.detach) return { tty };
      const session = newSession(exec.id, tty, exec.request.AttachStdin === true);
      state.sessions.push(session);
      return { streams: session.streams, tty };
    },
  };
}

function queries(state: FakeState, calls: FakeContainerCall[]) {
  const record = (method: keyof ContainerService, ...args: unknown[]): void => {
    calls.push({ method, args });
  };
  return {
    list(opts: Parameters<ContainerService['list']>[0]) {
      record('list', opts);
      return listOf(state, opts);
    },
    inspect(ref: string) {
      record('inspect', ref);
      return inspectOf(findContainer(state, ref));
    },
    logs(ref: string, query: LogsQuery) {
      record('logs', ref, query);
      return logsOf(state, findContainer(state, ref), query);
    },
    async wait(ref: string, condition: WaitCondition) {
      record('wait', ref, condition);
      return waitFor(state, findContainer(state, ref), condition);
    },
    resize(ref: string, height: number, width: number) {
      record('resize', ref, height, width);
      findContainer(state, ref);
    },
    execInspect(execId: string) {
      record('execInspect', execId);
      return execInspectOf(findExec(state, execId));
    },
    execResize(execId: string, height: number, width: number) {
      record('execResize', execId, height, width);
      findExec(state, execId);
    },
    async connect(networkRef: string, containerRef: string, config: EndpointSettingsRequest) {
      record('connect', networkRef, containerRef, config);
      if (networkRef === 'missing')
        throw notFound(`network ${networkRef} not found`, 'NETWORK_NOT_FOUND');
      findContainer(state, containerRef);
    },
    async disconnect(networkRef: string, containerRef: string, force: boolean) {
      record('disconnect', networkRef, containerRef, force);
      findContainer(state, containerRef);
    },
  };
}

/** Creates an empty fake. The network named `missing` does not exist for connect. */
export function createFakeContainerService(): FakeContainerService {
  const state: FakeState = {
    containers: new Map(),
    execs: new Map(),
    sessions: [],
    counter: 0,
    listeners: new Set(),
  };
  const calls: FakeContainerCall[] = [];
  const service = {
    ...lifecycle(state, calls),
    ...streamsAndExecs(state, calls),
    ...queries(state, calls),
  } satisfies ContainerService;
  return Object.assign(service, {
    calls,
    sessions: state.sessions,
    addContainer: (name: string, fields: Partial<Omit<FakeContainer, 'id' | 'name'>> = {}) =>
      add(state, name, fields),
    addLog: (ref: string, stream: 'stdout' | 'stderr', text: string, time = new Date()) => {
      findContainer(state, ref).logs.push({ stream, time, data: Buffer.from(text) });
      notify(state);
    },
    exit: (ref: string, exitCode: number) =>
      exitContainer(state, findContainer(state, ref), exitCode),
  });
}
