/**
 * Request bodies that are streams (image tarballs for `POST /images/load` and the import form
 * of `POST /images/create`): passed through to the handler unread, so a multi-gigabyte image
 * never sits in memory and fastify's body limit does not apply.
 */
import type { IncomingMessage } from 'node:http';
import { Readable } from 'node:stream';
import type { FastifyInstance, FastifyRequest } from 'fastify';

/** The media types `docker load` and `docker import` send (`import` sends `text/plain`). */
export const TAR_CONTENT_TYPES = ['application/x-tar', 'application/octet-stream'] as const;

/**
 * Replaces the context's parsers with pass-through ones: `application/x-tar`,
 * `application/octet-stream` and, since Docker's handlers do not look at the Content-Type of
 * these bodies either, anything else.
 */
export function registerRawBodyParser(app: FastifyInstance): void {
  app.removeAllContentTypeParsers();
  const passThrough = (
    _request: FastifyRequest,
    payload: IncomingMessage,
    done: (err: Error | null, body?: unknown) => void,
  ): void => done(null, payload);
  app.addContentTypeParser([...TAR_CONTENT_TYPES], passThrough);
  app.addContentTypeParser('*', passThrough);
}

/** The request body as a stream: the parsed pass-through body, or the raw request. */
export function requestBodyStream(request: FastifyRequest): Readable {
  return request.body instanceof Readable ? request.body : request.raw;
}
