/**
 * Requests whose bodies are too large or too long-lived to buffer: `logs -f` output, `load` and
 * `import` uploads. The response is handed over as a stream once its headers arrive.
 */
import type { IncomingMessage } from 'node:http';
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { PouchClient, Query } from '../client.js';

/** A streamed request. */
export interface StreamRequest {
  query?: Query;
  /** Bytes to upload (piped, never buffered whole). */
  upload?: { body: Readable; contentType: string };
}

/**
 * Sends the request and resolves with the response stream when the status is 2xx; rejects with
 * the daemon's ApiError otherwise, or the client's connection error when nobody answers.
 */
export async function openStream(
  client: PouchClient,
  method: string,
  path: string,
  request: StreamRequest = {},
): Promise<IncomingMessage> {
  const headers: Record<string, string> = {};
  if (request.upload) headers['Content-Type'] = request.upload.contentType;
  const options = request.query ? { query: request.query, headers } : { headers };
  const req = await client.createRequest(method, path, options);
  return new Promise<IncomingMessage>((resolve, reject) => {
    req.on('response', (res) => {
      const status = res.statusCode ?? 0;
      if (status >= 200 && status <= 299) resolve(res);
      else client.responseError(res).then(reject, reject);
    });
    req.on('error', (err) => reject(client.connectionError(err)));
    if (!request.upload) {
      req.end();
      return;
    }
    pipeline(request.upload.body, req).catch((err: unknown) => {
      req.destroy();
      reject(err instanceof Error ? err : new Error(String(err)));
    });
  });
}
