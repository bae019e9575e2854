/**
 * `POST /images/load` (a `docker save` tarball) and `POST /images/create` (import from the
 * request body; pulling is not possible without a registry). The body is handed to the
 * ImageService as a stream; the answer is a JSON message stream that starts with the first
 * message, so a failure before that is still a plain error response.
 */
import type { FastifyInstance } from 'fastify';
import { invalid, notFound } from '../../common/errors.js';
import type { JsonMessage } from '../../api-types/json-message.js';
import type { ImageService, LoadProgress } from '../../image/image-service.js';
import { boolQueryParam, queryParam, queryParamList } from '../query-params.js';
import { requestBodyStream } from '../raw-body.js';
import { JsonMessageWriter } from '../streams/json-messages.js';

/** The answer to `fromImage=` (a pull). */
export const PULL_UNSUPPORTED_MESSAGE =
  'pulling images is not supported: no registry is reachable; use pouch load';

/**
 * A load progress report as Docker's progress message. `Loaded image: …` reports are skipped:
 * the lines `load()` returns are sent as `stream` messages, as Docker sends them.
 */
export function loadProgressMessage(progress: LoadProgress): JsonMessage | undefined {
  if (progress.status.startsWith('Loaded image')) return undefined;
  const { current, total } = progress;
  if (current === undefined && total === undefined) return { status: progress.status };
  return {
    status: progress.status,
    progressDetail: {
      ...(current !== undefined ? { current } : {}),
      ...(total !== undefined ? { total } : {}),
    },
  };
}

/** The import options of a `POST /images/create?fromSrc=-` request. */
function importOptions(query: unknown): {
  repo?: string;
  tag?: string;
  message?: string;
  changes?: string[];
} {
  const text = (name: string): string | undefined => {
    const value = queryParam(query, name);
    return value === undefined || value === '' ? undefined : value;
  };
  const [repo, tag, message] = [text('repo'), text('tag'), text('message')];
  const changes = queryParamList(query, 'changes').filter((c) => c !== '');
  return {
    ...(repo !== undefined ? { repo } : {}),
    ...(tag !== undefined ? { tag } : {}),
    ...(message !== undefined ? { message } : {}),
    ...(changes.length > 0 ? { changes } : {}),
  };
}

function checkImportSource(query: unknown): void {
  const fromImage = queryParam(query, 'fromImage') ?? '';
  if (fromImage !== '') throw notFound(PULL_UNSUPPORTED_MESSAGE, 'PULL_UNSUPPORTED');
  const fromSrc = queryParam(query, 'fromSrc') ?? '';
  if (fromSrc !== '-') {
    throw invalid(
      `Cannot import image from "${fromSrc}": only fromSrc=- (the request body) is supported`,
      'IMPORT_SOURCE_UNSUPPORTED',
    );
  }
}

/** Registers load and create (import) against `images`. */
export function registerImageUploadRoutes(app: FastifyInstance, images: ImageService): void {
  app.post('/images/load', async (request, reply) => {
    const quiet = boolQueryParam(request.query, 'quiet');
    const out = new JsonMessageWriter(reply);
    const onProgress = (progress: LoadProgress): void => {
      const message = loadProgressMessage(progress);
      if (message !== undefined) void out.write(message);
    };
    try {
      const lines = await images.load(requestBodyStream(request), quiet ? undefined : onProgress);
      for (const line of lines) await out.write({ stream: `${line}\n` });
      out.end();
    } catch (err: unknown) {
      await out.fail(err);
    }
    return reply;
  });

  app.post('/images/create', async (request, reply) => {
    checkImportSource(request.query);
    const out = new JsonMessageWriter(reply);
    try {
      const id = await images.import(requestBodyStream(request), importOptions(request.query));
      await out.write({ status: id });
      out.end();
    } catch (err: unknown) {
      await out.fail(err);
    }
    return reply;
  });
}
