/**
 * Hijacked connections for attach and exec: an HTTP request with `Connection: Upgrade` and
 * `Upgrade: tcp`, answered `101 Switching Protocols`, after which the socket carries the
 * container's raw or multiplexed streams both ways (Docker's `postHijacked`). Works over the
 * unix socket, tcp and tls alike because it goes through the client's own transport.
 */
import { Duplex, Writable } from 'node:stream';
import type { PouchClient, Query } from '../client.js';

/** The request of a hijacked connection. */
export interface HijackRequest {
  query?: Query;
  /** JSON body (exec start sends `{Detach, Tty}`). */
  body?: unknown;
}

/** Writes nothing; the input side of a daemon that answered without upgrading. */
function discardingWritable(): Writable {
  return new Writable({ write: (_chunk, _encoding, done) => done() });
}

/**
 * Sends the upgrade request and resolves with the connection: read the container's output from
 * it, write its stdin to it, `end()` it to half-close stdin. A daemon that answers `200` without
 * upgrading (older ones do) gives a read-only stream. Rejects with the daemon's ApiError for
 * non-2xx answers and the client's connection error when nobody answers.
 */
export async function hijack(
  client: PouchClient,
  path: string,
  request: HijackRequest = {},
): Promise<Duplex> {
  const payload = request.body === undefined ? undefined : JSON.stringify(request.body);
  const headers: Record<string, string> = { Connection: 'Upgrade', Upgrade: 'tcp' };
  if (payload !== undefined) {
    headers['Content-Type'] = 'application/json';
    headers['Content-Length'] = String(Buffer.byteLength(payload));
  }
  const query = request.query;
  const req = await client.createRequest('POST', path, query ? { query, headers } : { headers });
  return new Promise<Duplex>((resolve, reject) => {
    req.on('upgrade', (_res, socket, head) => {
      if (head.length > 0) socket.unshift(head);
      resolve(socket);
    });
    req.on('response', (res) => {
      const status = res.statusCode ?? 0;
      if (status < 200 || status > 299) {
        client.responseError(res).then(reject, reject);
        return;
      }
      resolve(Duplex.from({ readable: res, writable: discardingWritable() }));
    });
    req.on('error', (err) => reject(client.connectionError(err)));
    req.end(payload);
  });
}
