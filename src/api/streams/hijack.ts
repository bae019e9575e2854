/**
 * Connection hijacking for `POST /containers/{id}/attach` and `POST /exec/{id}/start`, as
 * Docker's `httputils.HijackConnection`: the HTTP exchange ends with a status line and headers,
 * then the socket carries the raw stream both ways.
 *
 * Node hazard: the server that accepted the request keeps its HTTP parser and its listeners on
 * the socket. The daemon's servers have no `upgrade` listener, so even `Upgrade: tcp` requests
 * arrive as ordinary requests, and every byte the client sends afterwards (stdin) would be fed
 * to the parser, which answers garbage with `400 Bad Request` and destroys the socket; its
 * `end` listener also closes the socket on the client's half-close. So the server's `data`,
 * `end`, `drain`, `timeout` and `error` listeners are removed (its `close` listener stays, for
 * its bookkeeping), and adding our own `data` listener makes node stop feeding the parser from
 * the handle (`unconsume`).
 */
import type { Socket } from 'node:net';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { hookHeaders } from './streaming-response.js';

/** Docker's media type for attach/exec/logs streams before API 1.42. */
export const RAW_STREAM_CONTENT_TYPE = 'application/vnd.docker.raw-stream';

const SERVER_SOCKET_EVENTS = ['data', 'end', 'drain', 'timeout', 'error'] as const;

/** True when the client asked for `Upgrade` (Docker only checks that the header exists). */
export function wantsUpgrade(request: FastifyRequest): boolean {
  return request.headers.upgrade !== undefined;
}

/** The hijack response head: `101 UPGRADED` when upgrading, else `200 OK`, then headers. */
export function hijackResponseHead(
  upgrade: boolean,
  contentType: string,
  extraHeaders: Record<string, string>,
): string {
  const lines = upgrade
    ? [
        'HTTP/1.1 101 UPGRADED',
        `Content-Type: ${contentType}`,
        'Connection: Upgrade',
        'Upgrade: tcp',
      ]
    : ['HTTP/1.1 200 OK', `Content-Type: ${contentType}`];
  const reserved = new Set(['content-type', 'connection', 'upgrade']);
  for (const [name, value] of Object.entries(extraHeaders)) {
    if (!reserved.has(name.toLowerCase())) lines.push(`${name}: ${value}`);
  }
  return `${lines.join('\r\n')}\r\n\r\n`;
}

/**
 * Detaches the HTTP server's parser and listeners from `socket` (see the module comment) and
 * leaves it paused: the caller adds its `data` listener and resumes when it is ready for input.
 */
function detachFromHttpServer(socket: Socket): void {
  const previous = SERVER_SOCKET_EVENTS.map((event) => [event, socket.listeners(event)] as const);
  // Adding a `data` listener is what makes node's HTTP server unconsume the handle. Pausing
  // must come after that (pausing a consumed handle stops reads that resume() then never
  // restarts) and before the listener goes, so input is buffered rather than dropped.
  const unconsume = (): void => {};
  socket.on('data', unconsume);
  socket.pause();
  socket.off('data', unconsume);
  for (const [event, listeners] of previous) {
    for (const listener of listeners) {
      socket.removeListener(event, listener as (...args: unknown[]) => void);
    }
  }
  socket.setTimeout(0);
}

/**
 * Ends fastify's handling of the request and turns the connection into a raw stream: detaches
 * node's HTTP machinery, writes the hijack head and returns the socket, paused. Its `end`
 * event is the client's half-close (CloseWrite); ending it closes the connection.
 */
export function hijackConnection(request: FastifyRequest, reply: FastifyReply): Socket {
  reply.hijack();
  const socket = request.raw.socket;
  detachFromHttpServer(socket);
  socket.on('error', () => socket.destroy());
  const head = hijackResponseHead(
    wantsUpgrade(request),
    RAW_STREAM_CONTENT_TYPE,
    hookHeaders(reply),
  );
  socket.write(head);
  return socket;
}

/**
 * Closes a hijacked connection once everything written has been flushed, both ways, as
 * Docker's `CloseStreams(conn)`: a client that keeps its side open (it half-closed nothing)
 * must not keep the socket alive after the stream is over.
 */
export function closeHijacked(socket: Socket): void {
  if (socket.destroyed) return;
  socket.end(() => socket.destroy());
}
