/**
 * Container lifecycle routes: create, list, inspect, start, stop, kill, restart, remove,
 * resize. Handlers only translate (query and body in, one ContainerService call, Docker's
 * shape out); the manager's EngineErrors become statuses in errors.ts (304 for a start of a
 * running container or a stop of a stopped one).
 */
import type { FastifyInstance } from 'fastify';
import { invalid } from '../../common/errors.js';
import type {
  ContainerCreateRequest,
  ContainerCreateResponse,
  ContainerInspectResponse,
  ContainerSummaryDto,
} from '../../api-types/container.js';
import type { ContainerService } from '../../container/container-service.js';
import { containerListFilters } from '../container-filters.js';
import { parseFilters } from '../filter-args.js';
import { requireJsonBody } from '../json-body.js';
import { boolQueryParam, intQueryParam, parseGoInt, queryParam } from '../query-params.js';
import { containerCreateBodySchema } from '../schemas/container-create.js';

type IdParams = { Params: { id: string } };

/** Docker's `validContainerNamePattern`. */
export const CONTAINER_NAME_PATTERN = /^\/?[a-zA-Z0-9][a-zA-Z0-9_.-]+$/;

/** The `name` of a create request: undefined when absent or empty, 400 when malformed. */
export function containerNameParam(query: unknown): string | undefined {
  const name = queryParam(query, 'name');
  if (name === undefined || name === '') return undefined;
  if (!CONTAINER_NAME_PATTERN.test(name)) {
    throw invalid(
      `Invalid container name (${name}), only [a-zA-Z0-9][a-zA-Z0-9_.-] are allowed`,
      'INVALID_CONTAINER_NAME',
    );
  }
  return name;
}

/** `h` and `w` of a resize request, both required integers (Go's Atoi errors otherwise). */
export function resizeParams(query: unknown): { height: number; width: number } {
  const height = parseGoInt(queryParam(query, 'h') ?? '');
  const width = parseGoInt(queryParam(query, 'w') ?? '');
  if (height < 0 || width < 0) {
    throw invalid(`Cannot resize to ${height}x${width}: sizes must not be negative`);
  }
  return { height, width };
}

function registerQueries(app: FastifyInstance, containers: ContainerService): void {
  app.get('/containers/json', async (request): Promise<ContainerSummaryDto[]> => {
    const filters = containerListFilters(parseFilters(queryParam(request.query, 'filters')));
    const all = boolQueryParam(request.query, 'all');
    boolQueryParam(request.query, 'size');
    const limit = intQueryParam(request.query, 'limit');
    return containers.list({
      all,
      filters,
      ...(limit !== undefined && limit > 0 ? { limit } : {}),
    });
  });

  app.get<IdParams>('/containers/:id/json', async (request): Promise<ContainerInspectResponse> => {
    boolQueryParam(request.query, 'size');
    return containers.inspect(request.params.id);
  });
}

function registerLifecycle(app: FastifyInstance, containers: ContainerService): void {
  app.post<IdParams>('/containers/:id/start', async (request, reply) => {
    await containers.start(request.params.id);
    return reply.code(204).send();
  });
  app.post<IdParams>('/containers/:id/stop', async (request, reply) => {
    await containers.stop(request.params.id, intQueryParam(request.query, 't'));
    return reply.code(204).send();
  });
  app.post<IdParams>('/containers/:id/restart', async (request, reply) => {
    await containers.restart(request.params.id, intQueryParam(request.query, 't'));
    return reply.code(204).send();
  });
  app.post<IdParams>('/containers/:id/kill', async (request, reply) => {
    const signal = queryParam(request.query, 'signal');
    await containers.kill(request.params.id, signal === '' ? undefined : signal);
    return reply.code(204).send();
  });
  app.delete<IdParams>('/containers/:id', async (request, reply) => {
    const force = boolQueryParam(request.query, 'force');
    // Anonymous volumes (`v`) and links (`link`) do not exist here; still parsed like Docker.
    boolQueryParam(request.query, 'v');
    boolQueryParam(request.query, 'link');
    await containers.remove(request.params.id, { force });
    return reply.code(204).send();
  });
  app.post<IdParams>('/containers/:id/resize', async (request, reply) => {
    const { height, width } = resizeParams(request.query);
    containers.resize(request.params.id, height, width);
    return reply.code(200).send();
  });
}

/** Registers the container lifecycle routes against `containers`. */
export function registerContainerRoutes(app: FastifyInstance, containers: ContainerService): void {
  app.post<{ Body: ContainerCreateRequest }>(
    '/containers/create',
    { schema: { body: containerCreateBodySchema }, preValidation: requireJsonBody },
    async (request, reply): Promise<ContainerCreateResponse> => {
      const name = containerNameParam(request.query);
      const created = await containers.create(request.body, name);
      void reply.code(201);
      return { Id: created.id, Warnings: created.warnings };
    },
  );
  registerQueries(app, containers);
  registerLifecycle(app, containers);
}
