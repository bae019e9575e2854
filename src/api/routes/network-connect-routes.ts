/**
 * `POST /networks/{id}/connect` and `/disconnect`. They live with the container routes because
 * the container manager performs them (it owns the container's sandbox and endpoint records);
 * both answer an empty 200, as Docker.
 */
import type { FastifyInstance } from 'fastify';
import type {
  NetworkConnectRequest,
  NetworkDisconnectRequest,
} from '../../api-types/network-connect.js';
import type { ContainerService } from '../../container/container-service.js';
import { requireJsonBody } from '../json-body.js';
import {
  networkConnectBodySchema,
  networkDisconnectBodySchema,
} from '../schemas/network-connect.js';

type IdParams = { Params: { id: string } };

/** Registers connect and disconnect against `containers`. */
export function registerNetworkConnectRoutes(
  app: FastifyInstance,
  containers: ContainerService,
): void {
  app.post<IdParams & { Body: NetworkConnectRequest }>(
    '/networks/:id/connect',
    { schema: { body: networkConnectBodySchema }, preValidation: requireJsonBody },
    async (request, reply) => {
      const { Container, EndpointConfig } = request.body;
      await containers.connect(request.params.id, Container, EndpointConfig ?? {});
      return reply.code(200).send();
    },
  );

  app.post<IdParams & { Body: NetworkDisconnectRequest }>(
    '/networks/:id/disconnect',
    { schema: { body: networkDisconnectBodySchema }, preValidation: requireJsonBody },
    async (request, reply) => {
      const { Container, Force } = request.body;
      await containers.disconnect(request.params.id, Container, Force === true);
      return reply.code(200).send();
    },
  );
}
