/**
 * Responses whose body is produced over time (wait, logs, image load progress). Fastify would
 * hold the headers back until the first chunk; Docker sends them at once so clients know the
 * request was accepted (`docker run` waits for the `wait` headers before starting the
 * container), so the reply is taken over and flushed by hand.
 */
import type { ServerResponse } from 'node:http';
import type { FastifyReply } from 'fastify';

/** Headers that describe the body; the streaming response sets its own. */
const BODY_HEADERS = new Set(['content-length', 'content-type', 'transfer-encoding']);

/** The headers the request hooks have set so far (Api-Version, Server, …), minus body ones. */
export function hookHeaders(reply: FastifyReply): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(reply.getHeaders())) {
    if (value === undefined || BODY_HEADERS.has(name.toLowerCase())) continue;
    headers[name] = Array.isArray(value) ? value.join(', ') : String(value);
  }
  return headers;
}

/**
 * Takes the response over from fastify, sends the status line and headers immediately (chunked
 * body) and returns the raw response to write the body to. After this, errors can only be
 * reported inside the body.
 */
export function startStreamingResponse(
  reply: FastifyReply,
  options: { contentType: string; statusCode?: number },
): ServerResponse {
  reply.hijack();
  const res = reply.raw;
  res.writeHead(options.statusCode ?? 200, {
    ...hookHeaders(reply),
    'Content-Type': options.contentType,
  });
  res.flushHeaders();
  return res;
}

/**
 * Aborts `controller` when the client goes away before `res` is finished, for services that
 * take a signal (logs `follow`).
 */
export function abortWhenClientGone(res: ServerResponse, controller: AbortController): void {
  res.once('close', () => {
    if (!res.writableFinished) controller.abort(new Error('client closed the connection'));
  });
}
