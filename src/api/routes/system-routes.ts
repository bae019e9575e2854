/**
 * `/_ping`, `/version`, `/info`. Ping is what Docker clients call first (often as HEAD) to learn
 * the API version from the headers, so it must never be cached.
 */
import type { FastifyInstance } from 'fastify';
import type { InfoResponse, VersionResponse } from '../../api-types/system.js';
import type { SystemService } from '../system-service.js';

/** Registers the system routes; fastify derives `HEAD /_ping` from the GET route. */
export function registerSystemRoutes(app: FastifyInstance, system: SystemService): void {
  app.get('/_ping', async (_request, reply) => {
    void reply
      .header('Cache-Control', 'no-cache, no-store, must-revalidate')
      .header('Pragma', 'no-cache')
      .header('Builder-Version', '1')
      .type('text/plain; charset=utf-8');
    return 'OK';
  });
  app.get('/version', async (): Promise<VersionResponse> => system.version());
  app.get('/info', async (): Promise<InfoResponse> => system.info());
}
