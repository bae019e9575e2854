/**
 * Exec routes: create, inspect, resize, and start, which hijacks the connection like attach
 * unless `Detach` is set (then it answers an empty 200). The exec is started before the
 * hijack, so what the manager refuses (unknown exec, container not running, exec already
 * started) is an ordinary error response.
 */
import type { FastifyInstance } from 'fastify';
import type { ExecCreateRequest, ExecInspectResponse } from '../../api-types/container.js';
import type { ExecStartRequest } from '../../api-types/exec-start.js';
import type { ContainerService } from '../../container/container-service.js';
import { requireJsonBody } from '../json-body.js';
import { execCreateBodySchema, execStartBodySchema } from '../schemas/exec.js';
import { runAttachSession } from '../streams/attach-session.js';
import { closeHijacked, hijackConnection } from '../streams/hijack.js';
import { resizeParams } from './container-routes.js';

type IdParams = { Params: { id: string } };

/** Registers the exec routes against `containers`. */
export function registerExecRoutes(app: FastifyInstance, containers: ContainerService): void {
  app.post<IdParams & { Body: ExecCreateRequest }>(
    '/containers/:id/exec',
    { schema: { body: execCreateBodySchema }, preValidation: requireJsonBody },
    async (request, reply): Promise<{ Id: string }> => {
      const execId = await containers.execCreate(request.params.id, request.body);
      void reply.code(201);
      return { Id: execId };
    },
  );

  app.get<IdParams>('/exec/:id/json', async (request): Promise<ExecInspectResponse> =>
    containers.execInspect(request.params.id),
  );

  app.post<IdParams>('/exec/:id/resize', async (request, reply) => {
    const { height, width } = resizeParams(request.query);
    containers.execResize(request.params.id, height, width);
    return reply.code(200).send();
  });

  app.post<IdParams & { Body: ExecStartRequest | undefined }>(
    '/exec/:id/start',
    { schema: { body: execStartBodySchema } },
    async (request, reply) => {
      const detach = request.body?.Detach === true;
      const tty = request.body?.Tty;
      const started = await containers.execStart(request.params.id, {
        detach,
        ...(tty !== undefined ? { tty } : {}),
      });
      if (detach) return reply.code(200).send();
      const socket = hijackConnection(request, reply);
      if (started.streams === undefined) {
        closeHijacked(socket);
        return reply;
      }
      await runAttachSession(socket, started.streams, {
        tty: started.tty,
        stdin: true,
        stdout: true,
        stderr: true,
      });
      return reply;
    },
  );
}
