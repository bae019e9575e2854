/**
 * The `/networks` routes. Handlers only translate: query and body in (already validated), one
 * NetworkService call, Docker's shape out. Errors propagate to the one mapping in errors.ts.
 */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { notFound } from '../../common/errors.js';
import type {
  NetworkCreateRequest,
  NetworkCreateResponse,
  NetworkPruneResponse,
  NetworkResource,
} from '../../api-types/network.js';
import type { NetworkService } from '../../network/types.js';
import { compareApiVersions } from '../api-version.js';
import { parseFilters } from '../filter-args.js';
import { toCreateResponse, toNetworkResource, toNetworkSpec } from '../network-dto.js';
import { prunePredicate, selectNetworks } from '../network-filters.js';
import { requireJsonBody } from '../json-body.js';
import { boolQueryParam, queryParam } from '../query-params.js';
import { networkCreateBodySchema } from '../schemas/network-create.js';

/** What the network routes need besides the controller. */
export interface NetworkRouteDeps {
  networks: NetworkService;
  /** The API version the request was made with (its `/vX.Y` prefix, or the current one). */
  apiVersionOf(request: FastifyRequest): string;
  /** Epoch milliseconds; `until=24h` counts back from here. */
  nowMs(): number;
}

/** Since API 1.28 Docker leaves `Containers` empty in list items (only inspect fills it). */
const LIST_HIDES_CONTAINERS_SINCE = '1.28';

type IdParams = { Params: { id: string } };

function inspect(deps: NetworkRouteDeps, request: FastifyRequest<IdParams>): NetworkResource {
  // Docker parses `verbose` even though only swarm networks have more to show.
  boolQueryParam(request.query, 'verbose');
  const scope = queryParam(request.query, 'scope');
  const view = deps.networks.getNetwork(request.params.id);
  if (scope !== undefined && scope !== '' && scope !== view.scope) {
    throw notFound(`network ${request.params.id} not found`, 'NETWORK_NOT_FOUND');
  }
  return toNetworkResource(view);
}

/** Registers `GET/POST/DELETE /networks…` against `deps.networks`. */
export function registerNetworkRoutes(app: FastifyInstance, deps: NetworkRouteDeps): void {
  const { networks } = deps;

  app.get('/networks', async (request): Promise<NetworkResource[]> => {
    const filters = parseFilters(queryParam(request.query, 'filters'));
    const selected = selectNetworks(networks.listNetworks(), filters);
    const withContainers =
      compareApiVersions(deps.apiVersionOf(request), LIST_HIDES_CONTAINERS_SINCE) < 0;
    return selected.map((view) => toNetworkResource(view, { withContainers }));
  });

  app.post<{ Body: NetworkCreateRequest }>(
    '/networks/create',
    { schema: { body: networkCreateBodySchema }, preValidation: requireJsonBody },
    async (request, reply): Promise<NetworkCreateResponse> => {
      const created = await networks.createNetwork(toNetworkSpec(request.body));
      void reply.code(201);
      return toCreateResponse(created);
    },
  );

  app.post('/networks/prune', async (request): Promise<NetworkPruneResponse> => {
    const filters = parseFilters(queryParam(request.query, 'filters'));
    const deleted = await networks.pruneNetworks(prunePredicate(filters, deps.nowMs()));
    // Docker's report holds a nil slice, i.e. `null`, when nothing was removed.
    return { NetworksDeleted: deleted.length > 0 ? deleted : null };
  });

  app.get<IdParams>('/networks/:id', async (request) => inspect(deps, request));

  app.delete<IdParams>('/networks/:id', async (request, reply) => {
    await networks.removeNetwork(request.params.id);
    return reply.code(204).send();
  });
}
