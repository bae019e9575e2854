/**
 * Builds pouchd's Docker Engine API as a fastify instance. The daemon owns listening (unix
 * socket, TCP+TLS): it calls `await app.ready()` and either `app.listen(...)` or hands requests
 * to `app.routing(req, res)` from servers it created itself.
 */
import type { IncomingMessage } from 'node:http';
import Fastify, {
  LogController,
  type FastifyBaseLogger,
  type FastifyInstance,
  type FastifyRequest,
} from 'fastify';
import type { Logger } from 'pino';
import { API_VERSION } from '../api-types/system.js';
import type { ContainerService } from '../container/container-service.js';
import type { ImageService } from '../image/image-service.js';
import type { NetworkService } from '../network/types.js';
import { checkApiVersion, splitVersionPrefix } from './api-version.js';
import { registerErrorHandling } from './errors.js';
import { registerJsonBodyParser, registerLenientJsonBodyParser } from './json-body.js';
import { registerRawBodyParser } from './raw-body.js';
import { registerAttachRoutes } from './routes/attach-routes.js';
import { registerContainerRoutes } from './routes/container-routes.js';
import { registerContainerStreamRoutes } from './routes/container-stream-routes.js';
import { registerExecRoutes } from './routes/exec-routes.js';
import { registerImageRoutes } from './routes/image-routes.js';
import { registerNetworkConnectRoutes } from './routes/network-connect-routes.js';
import { registerNetworkRoutes } from './routes/network-routes.js';
import { registerSystemRoutes } from './routes/system-routes.js';
import { schemaErrorFormatter } from './schema-errors.js';
import type { SystemService } from './system-service.js';

/** Everything the API layer talks to; the daemon wires the real implementations. */
export interface ApiDeps {
  networks: NetworkService;
  system: SystemService;
  logger: Logger;
  /** Container, exec and network connect routes are served only when present. */
  containers?: ContainerService;
  /** Image routes are served only when present. */
  images?: ImageService;
}

/**
 * Replaces fastify's info-level "incoming request" / "request completed" pair with one debug
 * line per request (method, URL, status, time; never bodies). Unexpected errors are logged by
 * errors.ts with their stack, so the default error log is silenced too.
 */
class OneLinePerRequest extends LogController {
  override incomingRequest(): void {}
  override routeNotFound(): void {}
  override defaultErrorLog(): void {}
  override requestCompleted(
    _error: Error | null | undefined,
    request: FastifyRequest,
    reply: { statusCode: number; elapsedTime: number },
  ): void {
    request.log.debug(
      {
        method: request.method,
        url: request.originalUrl,
        statusCode: reply.statusCode,
        responseTimeMs: Math.round(reply.elapsedTime * 10) / 10,
      },
      'request completed',
    );
  }
}

/**
 * ajv settings, all three deliberately off (fastify turns them on by default):
 * - coerceTypes: `"Internal": "true"` or `"Name": 5` must be a 400 as in Docker, not quietly
 *   become `true` / `"5"`.
 * - removeAdditional: the body reaches the handler as sent; unknown fields are ignored by not
 *   reading them, and known ones are never stripped behind the client's back.
 * - useDefaults: defaults (Driver `bridge`, IPAM driver `default`) are applied in one visible
 *   place, network-dto.ts, so "absent" and "given" stay distinguishable.
 * `verbose` gives schema-errors.ts the failing schema for a readable message; `allErrors` stays
 * off so ajv stops at the first error (one message, bounded work on hostile bodies).
 */
const AJV_OPTIONS = {
  coerceTypes: false,
  removeAdditional: false,
  useDefaults: false,
  allErrors: false,
  verbose: true,
} as const;

/**
 * Registers the container and image routes, each group in its own plugin context because each
 * reads bodies its own way: container actions accept Docker's empty `text/plain` bodies, image
 * uploads pass the body through as a stream. Errors, 404s and hooks are inherited.
 */
function registerEngineRoutes(app: FastifyInstance, deps: ApiDeps): void {
  const { containers, images } = deps;
  if (containers !== undefined) {
    void app.register(async (scope) => {
      registerLenientJsonBodyParser(scope);
      registerContainerRoutes(scope, containers);
      registerContainerStreamRoutes(scope, containers);
      registerAttachRoutes(scope, containers);
      registerExecRoutes(scope, containers);
      registerNetworkConnectRoutes(scope, containers);
    });
  }
  if (images !== undefined) {
    void app.register(async (scope) => {
      registerRawBodyParser(scope);
      registerImageRoutes(scope, { images, ...(containers !== undefined ? { containers } : {}) });
    });
  }
}

/** Creates the API server (not listening). Routes answer both `/x` and `/v{version}/x`. */
export function createApiServer(deps: ApiDeps): FastifyInstance {
  const requestVersions = new WeakMap<IncomingMessage, string>();
  // Typed as fastify's base logger so the instance is the plain FastifyInstance callers expect.
  const loggerInstance: FastifyBaseLogger = deps.logger;
  const app = Fastify({
    loggerInstance,
    logController: new OneLinePerRequest(),
    ajv: { customOptions: AJV_OPTIONS },
    schemaErrorFormatter,
    rewriteUrl(req) {
      const { version, url } = splitVersionPrefix(req.url ?? '/');
      if (version !== undefined) requestVersions.set(req, version);
      return url;
    },
  });
  const apiVersionOf = (request: FastifyRequest): string =>
    requestVersions.get(request.raw) ?? API_VERSION;

  let serverHeader: string | undefined;
  app.addHook('onRequest', async (request, reply) => {
    serverHeader ??= `Pouch/${deps.system.version().Version} (linux)`;
    void reply
      .header('Api-Version', API_VERSION)
      .header('Server', serverHeader)
      .header('Ostype', 'linux')
      .header('Docker-Experimental', 'false');
    // Docker checks the version only on routes it serves; unknown paths stay plain 404s.
    if (!request.is404) checkApiVersion(apiVersionOf(request));
  });

  registerJsonBodyParser(app);
  registerErrorHandling(app);
  registerSystemRoutes(app, deps.system);
  registerNetworkRoutes(app, { networks: deps.networks, apiVersionOf, nowMs: () => Date.now() });
  registerEngineRoutes(app, deps);
  return app;
}
