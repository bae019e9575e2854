/**
 * Request body parsing with Docker's rules: a body is JSON when the Content-Type is absent or
 * `application/json` (any parameters), anything else is a 400, and parse failures read
 * `invalid JSON: …` like Docker's `httputils.ReadJSON`.
 */
import type { FastifyInstance, FastifyRequest, preValidationAsyncHookHandler } from 'fastify';
import { invalid } from '../common/errors.js';

const NO_BODY = 'invalid JSON: got EOF while reading request body';

/** Docker's message for a body that is not declared as JSON. */
export function unsupportedContentTypeMessage(contentType: string): string {
  return `unsupported Content-Type header (${contentType}): must be 'application/json'`;
}

function isJsonContentType(header: string | undefined): boolean {
  if (header === undefined || header.trim() === '') return true;
  const mediaType = header.split(';')[0]?.trim().toLowerCase();
  return mediaType === 'application/json';
}

/**
 * Keys that could poison an object prototype if a later merge copied them. JSON.parse itself
 * only creates own properties, but refusing them here means no later code has to care.
 */
function rejectPrototypeKeys(key: string, value: unknown): unknown {
  if (key === '__proto__') throw new SyntaxError('forbidden property "__proto__"');
  return value;
}

/** Parses a JSON request body, throwing `invalid` with Docker-style text. */
export function parseJsonBody(text: string, contentType: string | undefined): unknown {
  if (!isJsonContentType(contentType)) {
    throw invalid(unsupportedContentTypeMessage(contentType ?? ''), 'UNSUPPORTED_CONTENT_TYPE');
  }
  if (text.trim() === '') {
    throw invalid(NO_BODY, 'INVALID_JSON');
  }
  try {
    return JSON.parse(text, rejectPrototypeKeys);
  } catch (err: unknown) {
    const detail = err instanceof Error ? err.message : String(err);
    throw invalid(`invalid JSON: ${detail}`, 'INVALID_JSON');
  }
}

/**
 * Replaces fastify's parsers with one catch-all that applies {@link parseJsonBody}, so a request
 * without a Content-Type is still read as JSON (fastify would answer 415) and a wrong one gets
 * Docker's 400.
 */
export function registerJsonBodyParser(app: FastifyInstance): void {
  app.removeAllContentTypeParsers();
  app.addContentTypeParser(
    '*',
    { parseAs: 'string' },
    (request: FastifyRequest, body: string | Buffer, done) => {
      try {
        done(null, parseJsonBody(body.toString(), request.headers['content-type']));
      } catch (err: unknown) {
        done(err instanceof Error ? err : new Error(String(err)), undefined);
      }
    },
  );
}

/**
 * Route `preValidation` hook for endpoints whose body is required: a request without any body
 * gets Docker's EOF message instead of a schema error about `null` (fastify validates an
 * absent body as `null`, which a literal `null` body would also be).
 */
export const requireJsonBody: preValidationAsyncHookHandler = async (request) => {
  if (request.body === undefined) throw invalid(NO_BODY, 'INVALID_JSON');
};

/**
 * For a plugin context whose routes mostly take no body (container and exec actions): an
 * empty body is no body whatever its Content-Type, because Docker's Go client labels every
 * body-less POST `text/plain` (attach, start, kill…) and Docker's handlers never read it. A
 * non-empty body is read as {@link parseJsonBody} reads it.
 */
export function registerLenientJsonBodyParser(app: FastifyInstance): void {
  app.removeAllContentTypeParsers();
  app.addContentTypeParser(
    '*',
    { parseAs: 'string' },
    (request: FastifyRequest, body: string | Buffer, done) => {
      const text = body.toString();
      if (text.trim() === '') {
        done(null, undefined);
        return;
      }
      try {
        done(null, parseJsonBody(text, request.headers['content-type']));
      } catch (err: unknown) {
        done(err instanceof Error ? err : new Error(String(err)), undefined);
      }
    },
  );
}
