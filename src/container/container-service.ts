import type {
  ContainerCreateRequest,
  ContainerInspectResponse,
  ContainerSummaryDto,
  ContainerWaitResponse,
  ExecCreateRequest,
  ExecInspectResponse,
} from '../api-types/container.js';
import type { EndpointSettingsRequest } from '../api-types/network-connect.js';
import type { AttachStreams, LogEntry, LogQuery } from '../runtime/runtime.js';

export type WaitCondition = 'not-running' | 'next-exit' | 'removed';

/**
 * The container operations the API layer needs (implemented by ContainerManager). Containers are
 * referred to by full ID, unique ID prefix, or name (with or without the leading `/`).
 * Errors are EngineErrors: not_found 404, conflict 409 (name in use, removing a running
 * container without force), invalid 400, forbidden 403.
 */
export interface ContainerService {
  create(req: ContainerCreateRequest, name?: string): Promise<{ id: string; warnings: string[] }>;
  start(ref: string): Promise<void>;
  /** SIGTERM (or the image's StopSignal), then SIGKILL after `timeoutSec` (default 10). */
  stop(ref: string, timeoutSec?: number): Promise<void>;
  kill(ref: string, signal?: string): Promise<void>;
  restart(ref: string, timeoutSec?: number): Promise<void>;
  remove(ref: string, opts: { force?: boolean }): Promise<void>;
  list(opts: {
    all?: boolean;
    filters?: Record<string, string[]>;
    limit?: number;
  }): ContainerSummaryDto[];
  inspect(ref: string): ContainerInspectResponse;
  logs(
    ref: string,
    query: LogQuery & { stdout: boolean; stderr: boolean },
  ): AsyncIterable<LogEntry>;
  /** Streams of the running container; `tty` tells the API whether to multiplex. */
  attach(ref: string, opts: { stdin: boolean }): Promise<{ streams: AttachStreams; tty: boolean }>;
  wait(ref: string, condition: WaitCondition): Promise<ContainerWaitResponse>;
  resize(ref: string, height: number, width: number): void;
  execCreate(ref: string, req: ExecCreateRequest): Promise<string>;
  /** Starts the exec; `detach` runs it without streams. */
  execStart(
    execId: string,
    opts: { detach: boolean; tty?: boolean },
  ): Promise<{ streams?: AttachStreams; tty: boolean }>;
  execInspect(execId: string): ExecInspectResponse;
  execResize(execId: string, height: number, width: number): void;
  /** `POST /networks/{id}/connect`. */
  connect(networkRef: string, containerRef: string, config: EndpointSettingsRequest): Promise<void>;
  /** `POST /networks/{id}/disconnect`. */
  disconnect(networkRef: string, containerRef: string, force: boolean): Promise<void>;
}
