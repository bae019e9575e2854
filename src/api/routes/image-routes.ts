/**
 * The `/images` routes. Image names may contain slashes (`library/busybox:latest`), as in
 * Docker's `/images/{name:.*}/json`, so the per-image routes are one wildcard per method,
 * dispatched on the last path segment. Load and import stream their request body straight to
 * the ImageService (see raw-body.ts) and answer with a JSON message stream.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { invalid, notFound } from '../../common/errors.js';
import type {
  ImageDeleteItemDto,
  ImageInspectDto,
  ImageSummaryDto,
} from '../../api-types/image.js';
import type { ContainerService } from '../../container/container-service.js';
import type { ImageService } from '../../image/image-service.js';
import { checkFilterKeys, parseFilters } from '../filter-args.js';
import { boolQueryParam, queryParam } from '../query-params.js';
import { registerImageUploadRoutes } from './image-upload-routes.js';

/** What the image routes need. */
export interface ImageRouteDeps {
  images: ImageService;
  /** Tells `DELETE /images/{name}` which images containers use; absent means none. */
  containers?: ContainerService;
}

/** Keys `GET /images/json` accepts (Docker API 1.41). */
export const IMAGE_LIST_FILTERS = ['before', 'dangling', 'label', 'reference', 'since'];

type WildcardParams = { Params: { '*': string } };

/** Splits `library/busybox:latest/json` into the image name and the action `json`. */
export function splitImagePath(path: string): { name: string; action: string } {
  const slash = path.lastIndexOf('/');
  if (slash <= 0) return { name: '', action: path };
  return { name: path.slice(0, slash), action: path.slice(slash + 1) };
}

function listImages(images: ImageService, request: FastifyRequest): ImageSummaryDto[] {
  const parsed = parseFilters(queryParam(request.query, 'filters'));
  checkFilterKeys(parsed, IMAGE_LIST_FILTERS);
  boolQueryParam(request.query, 'digests');
  const filters = Object.fromEntries([...parsed].map(([key, values]) => [key, [...values]]));
  return images.list({ all: boolQueryParam(request.query, 'all'), filters });
}

function tagImage(images: ImageService, name: string, query: unknown): void {
  const repo = queryParam(query, 'repo') ?? '';
  const tag = queryParam(query, 'tag') ?? '';
  if (repo === '') throw invalid('repository name must have at least one component');
  images.tag(name, repo, tag === '' ? undefined : tag);
}

/** The ImageService's `isUsed`: the ID of a container using the image, or false. */
function isUsedBy(containers: ContainerService | undefined): (imageId: string) => boolean | string {
  if (containers === undefined) return () => false;
  return (imageId) =>
    containers.list({ all: true }).find((c) => c.ImageID === imageId)?.Id ?? false;
}

async function notFoundRoute(reply: FastifyReply): Promise<FastifyReply> {
  reply.callNotFound();
  return reply;
}

/** Registers every `/images` route against `deps.images`. */
export function registerImageRoutes(app: FastifyInstance, deps: ImageRouteDeps): void {
  const { images } = deps;
  app.get('/images/json', async (request): Promise<ImageSummaryDto[]> =>
    listImages(images, request),
  );
  registerImageUploadRoutes(app, images);

  app.get<WildcardParams>(
    '/images/*',
    async (request, reply): Promise<ImageInspectDto | FastifyReply> => {
      const { name, action } = splitImagePath(request.params['*']);
      if (name === '' || action !== 'json') return notFoundRoute(reply);
      return images.inspect(name);
    },
  );

  app.post<WildcardParams>('/images/*', async (request, reply) => {
    const { name, action } = splitImagePath(request.params['*']);
    if (name === '' || action !== 'tag') return notFoundRoute(reply);
    tagImage(images, name, request.query);
    return reply.code(201).send();
  });

  app.delete<WildcardParams>('/images/*', async (request): Promise<ImageDeleteItemDto[]> => {
    const name = request.params['*'];
    if (name === '') throw notFound('No such image: ', 'IMAGE_NOT_FOUND');
    const force = boolQueryParam(request.query, 'force');
    boolQueryParam(request.query, 'noprune');
    return images.remove(name, { force, isUsed: isUsedBy(deps.containers) });
  });
}
