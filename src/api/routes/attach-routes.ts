/**
 * `POST /containers/{id}/attach`: the connection is hijacked (101 UPGRADED when the client
 * asked for `Upgrade: tcp`, else 200) and then carries the container's output, replayed logs
 * first when `logs=1`, and the client's stdin. Everything that can fail with a status
 * (unknown container, a paused one…) is asked of the manager before the hijack.
 */
import type { FastifyInstance } from 'fastify';
import type { ContainerService } from '../../container/container-service.js';
import type { AttachStreams } from '../../runtime/runtime.js';
import { boolQueryParam, queryParam } from '../query-params.js';
import { runAttachSession } from '../streams/attach-session.js';
import { closeHijacked, hijackConnection } from '../streams/hijack.js';
import { writeLogEntries } from '../streams/log-stream.js';

type IdParams = { Params: { id: string } };

/** The parsed query of an attach request. */
export interface AttachRequest {
  /** Attach to the live streams (else only replay logs). */
  stream: boolean;
  stdin: boolean;
  stdout: boolean;
  stderr: boolean;
  /** Replay the container's log first. */
  logs: boolean;
  /** Accepted for compatibility; the key sequence is not interpreted. */
  detachKeys?: string;
}

/** Reads an attach query with Docker's boolean rules (400 on unreadable values). */
export function attachParams(query: unknown): AttachRequest {
  const detachKeys = queryParam(query, 'detachKeys');
  return {
    stream: boolQueryParam(query, 'stream'),
    stdin: boolQueryParam(query, 'stdin'),
    stdout: boolQueryParam(query, 'stdout'),
    stderr: boolQueryParam(query, 'stderr'),
    logs: boolQueryParam(query, 'logs'),
    ...(detachKeys !== undefined && detachKeys !== '' ? { detachKeys } : {}),
  };
}

/** Live streams when `stream=1` (the manager decides whether attaching is allowed), and TTY. */
async function openAttach(
  containers: ContainerService,
  id: string,
  params: AttachRequest,
): Promise<{ streams?: AttachStreams; tty: boolean }> {
  if (params.stream) return containers.attach(id, { stdin: params.stdin });
  return { tty: containers.inspect(id).Config.Tty === true };
}

/** Registers `POST /containers/{id}/attach` against `containers`. */
export function registerAttachRoutes(app: FastifyInstance, containers: ContainerService): void {
  app.post<IdParams>('/containers/:id/attach', async (request, reply) => {
    const params = attachParams(request.query);
    const id = request.params.id;
    const { streams, tty } = await openAttach(containers, id, params);
    const socket = hijackConnection(request, reply);
    const wanted = params.stdout || params.stderr;
    if (params.logs && wanted) {
      const entries = containers.logs(id, { stdout: params.stdout, stderr: params.stderr });
      await writeLogEntries(socket, entries, { timestamps: false, multiplexed: !tty });
    }
    if (streams === undefined) closeHijacked(socket);
    else await runAttachSession(socket, streams, { ...params, tty });
    return reply;
  });
}
