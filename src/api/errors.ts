/**
 * The one place where engine errors become HTTP responses. Every non-2xx body is Docker's
 * `{"message": "..."}`, so Docker clients print our text unchanged.
 */
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { EngineError, type ErrorKind } from '../common/errors.js';
import type { ErrorResponse } from '../api-types/network.js';
import { unsupportedContentTypeMessage } from './json-body.js';

const STATUS_BY_KIND: Record<ErrorKind, number> = {
  invalid: 400,
  not_found: 404,
  conflict: 409,
  forbidden: 403,
  not_modified: 304,
  unavailable: 503,
  internal: 500,
};

/** What an error becomes on the wire; `unexpected` errors are also logged with their stack. */
export interface HttpErrorReply {
  status: number;
  body: ErrorResponse;
  unexpected: boolean;
}

/** Docker's answer for a route or method it does not serve. */
export const PAGE_NOT_FOUND: ErrorResponse = { message: 'page not found' };

/**
 * Fastify's own request errors (body too large, bad content length, bad media type) are client
 * errors with a status of their own; anything else without a kind is a bug.
 */
function asFastifyClientError(err: unknown): FastifyError | undefined {
  if (!(err instanceof Error)) return undefined;
  const { code, statusCode } = err as Partial<FastifyError>;
  const isClientStatus = typeof statusCode === 'number' && statusCode >= 400 && statusCode < 500;
  return isClientStatus && typeof code === 'string' && code.startsWith('FST_')
    ? (err as FastifyError)
    : undefined;
}

/**
 * Maps any thrown value to a status and body: EngineError by kind, fastify's client errors by
 * their own status, everything else 500. `contentType` only improves one message.
 */
export function toHttpError(err: unknown, contentType?: string): HttpErrorReply {
  if (err instanceof EngineError) {
    const status = STATUS_BY_KIND[err.kind];
    return { status, body: { message: err.message }, unexpected: status === 500 };
  }
  const fastifyError = asFastifyClientError(err);
  if (fastifyError !== undefined) {
    if (fastifyError.code === 'FST_ERR_CTP_INVALID_MEDIA_TYPE') {
      // Docker answers an unusable Content-Type with 400, not 415.
      const message = unsupportedContentTypeMessage(contentType ?? '');
      return { status: 400, body: { message }, unexpected: false };
    }
    return {
      status: fastifyError.statusCode ?? 400,
      body: { message: fastifyError.message },
      unexpected: false,
    };
  }
  const message = err instanceof Error ? err.message : String(err);
  return { status: 500, body: { message }, unexpected: true };
}

function sendError(err: unknown, request: FastifyRequest, reply: FastifyReply): void {
  const mapped = toHttpError(err, request.headers['content-type']);
  if (mapped.unexpected) {
    request.log.error({ err, method: request.method, url: request.url }, 'request failed');
  }
  reply.code(mapped.status);
  // A 304 must not carry a body.
  if (mapped.status === 304) void reply.send();
  else void reply.type('application/json').send(mapped.body);
}

/**
 * Installs the error handler and Docker's `page not found` for unknown routes. Fastify answers a
 * known path with an unknown method through the not-found handler too, which is what Docker
 * does (its router sends method mismatches to the same 404).
 */
export function registerErrorHandling(app: FastifyInstance): void {
  app.setErrorHandler((err, request, reply) => sendError(err, request, reply));
  app.setNotFoundHandler((_request, reply) => {
    void reply.code(404).type('application/json').send(PAGE_NOT_FOUND);
  });
}
