/**
 * A minimal JSON-over-HTTP client of pouchd. It speaks to a unix socket or tcp (optionally
 * https with client certificates), prefixes every path with `/v<API_VERSION>`, and turns
 * failures into errors a user can act on: the daemon's own `message`, or a clear "cannot
 * connect" when pouchd is not there.
 */
import http from 'node:http';
import https from 'node:https';
import { readFile } from 'node:fs/promises';
import { API_VERSION } from '../api-types/system.js';
import { EngineError, invalid } from '../common/errors.js';
import type { DaemonAddress, TlsSettings } from './daemon-address.js';
import { ApiError } from './errors.js';

export interface PouchClientOptions {
  address: DaemonAddress;
  /** Receives one line per request when `--debug` is set. */
  debug?: (line: string) => void;
}

/** Query parameters; `undefined` values are left out, a list repeats the parameter. */
export type Query = Record<string, string | readonly string[] | undefined>;

/** Options of `request`. */
export interface RequestOptions {
  body?: unknown;
  query?: Query;
  /** Called once the whole request has been written to the socket (before any answer). */
  onSent?: () => void;
}

interface TlsMaterial {
  ca?: Buffer;
  cert?: Buffer;
  key?: Buffer;
  rejectUnauthorized: boolean;
}

/** One daemon connection target; each call is a single request/response. */
export class PouchClient {
  private tlsMaterial: Promise<TlsMaterial> | undefined;

  constructor(private readonly options: PouchClientOptions) {}

  /** The address as the user wrote it, for messages. */
  get url(): string {
    return this.options.address.url;
  }

  get<T>(path: string, query?: Query): Promise<T> {
    return this.request<T>('GET', path, { query });
  }

  post<T>(path: string, body?: unknown, query?: Query): Promise<T> {
    return this.request<T>('POST', path, { body, query });
  }

  delete(path: string, query?: Query): Promise<void> {
    return this.request<void>('DELETE', path, { query });
  }

  /**
   * Sends one request. Resolves with the decoded JSON body (`undefined` when empty); rejects
   * with ApiError for non-2xx answers and EngineError `unavailable` when nobody answers.
   */
  async request<T>(method: string, path: string, opts: RequestOptions = {}): Promise<T> {
    const fullPath = `/v${API_VERSION}${path}${encodeQuery(opts.query)}`;
    const payload = opts.body === undefined ? undefined : JSON.stringify(opts.body);
    this.options.debug?.(`${method} ${fullPath}${payload === undefined ? '' : ` ${payload}`}`);
    const { status, text } = await this.send(method, fullPath, payload, opts.onSent);
    this.options.debug?.(`-> ${status} ${text.length} bytes`);
    if (status < 200 || status > 299) throw new ApiError(status, errorText(status, text));
    if (text.trim() === '') return undefined as T;
    try {
      return JSON.parse(text) as T;
    } catch {
      throw new EngineError(
        'internal',
        `Cannot decode the daemon's response to ${method} ${path}: not JSON`,
      );
    }
  }

  /**
   * Opens a request the caller drives (streamed bodies, hijacked connections): the path gets the
   * API prefix and query, the headers are merged over `Accept: application/json`. Connection
   * errors must be mapped by the caller with `connectionError`.
   */
  async createRequest(
    method: string,
    path: string,
    opts: { query?: Query; headers?: Record<string, string> } = {},
  ): Promise<http.ClientRequest> {
    const fullPath = `/v${API_VERSION}${path}${encodeQuery(opts.query)}`;
    this.options.debug?.(`${method} ${fullPath}`);
    const requestOptions = await this.requestOptions(method, fullPath, undefined);
    requestOptions.headers = { ...requestOptions.headers, ...opts.headers };
    return this.transport().request(requestOptions);
  }

  /** Reads a failed response and turns it into the ApiError `request` would throw. */
  async responseError(res: http.IncomingMessage): Promise<ApiError> {
    const chunks: Buffer[] = [];
    for await (const chunk of res) chunks.push(chunk as Buffer);
    const status = res.statusCode ?? 0;
    return new ApiError(status, errorText(status, Buffer.concat(chunks).toString('utf8')));
  }

  private transport(): typeof http | typeof https {
    const address = this.options.address;
    return address.kind === 'tcp' && address.tls !== undefined ? https : http;
  }

  private async send(
    method: string,
    path: string,
    payload: string | undefined,
    onSent?: () => void,
  ): Promise<{ status: number; text: string }> {
    const requestOptions = await this.requestOptions(method, path, payload);
    return new Promise((resolve, reject) => {
      const req = this.transport().request(requestOptions, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () =>
          resolve({ status: res.statusCode ?? 0, text: Buffer.concat(chunks).toString('utf8') }),
        );
        res.on('error', (err) => reject(this.connectionError(err)));
      });
      req.on('error', (err) => reject(this.connectionError(err)));
      if (onSent) req.on('finish', onSent);
      req.end(payload);
    });
  }

  private async requestOptions(
    method: string,
    path: string,
    payload: string | undefined,
  ): Promise<https.RequestOptions> {
    const headers: Record<string, string> = { Accept: 'application/json' };
    if (payload !== undefined) {
      headers['Content-Type'] = 'application/json';
      headers['Content-Length'] = String(Buffer.byteLength(payload));
    }
    const address = this.options.address;
    if (address.kind === 'unix') {
      return { method, path, headers, socketPath: address.socketPath, host: 'localhost' };
    }
    const base = { method, path, headers, host: address.hostname, port: address.port };
    if (!address.tls) return base;
    this.tlsMaterial ??= loadTls(address.tls);
    return { ...base, ...(await this.tlsMaterial) };
  }

  /** The user-facing error for a failed connection (`is pouchd running?`). */
  connectionError(err: Error): Error {
    const code = (err as NodeJS.ErrnoException).code;
    const prefix = `Cannot connect to the pouch daemon at ${this.url}`;
    if (code === 'ECONNREFUSED' || code === 'ENOENT') {
      return new EngineError('unavailable', `${prefix}: is pouchd running?`, { cause: err });
    }
    if (code === 'EACCES') {
      return new EngineError('forbidden', `${prefix}: permission denied`, { cause: err });
    }
    return new EngineError('unavailable', `${prefix}: ${err.message.trim()}`, { cause: err });
  }
}

function encodeQuery(query: Query | undefined): string {
  if (!query) return '';
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) {
    if (typeof value === 'string') params.set(key, value);
    else if (value !== undefined) for (const item of value) params.append(key, item);
  }
  const text = params.toString();
  return text === '' ? '' : `?${text}`;
}

/** The server's `message` field, or the raw body, or the status when the body is empty. */
function errorText(status: number, text: string): string {
  try {
    const body: unknown = JSON.parse(text);
    if (typeof body === 'object' && body !== null && 'message' in body) {
      const message = (body as { message: unknown }).message;
      if (typeof message === 'string' && message !== '') return message;
    }
  } catch {
    // Not JSON: fall through to the raw text.
  }
  const trimmed = text.trim();
  return trimmed === '' ? `the daemon answered with HTTP status ${status}` : trimmed;
}

async function loadTls(settings: TlsSettings): Promise<TlsMaterial> {
  const read = async (file: string | undefined, what: string): Promise<Buffer | undefined> => {
    if (file === undefined) return undefined;
    try {
      return await readFile(file);
    } catch (err) {
      throw invalid(`Cannot read the TLS ${what} "${file}": ${(err as Error).message}`);
    }
  };
  const material: TlsMaterial = { rejectUnauthorized: settings.verify };
  const [ca, cert, key] = await Promise.all([
    read(settings.caFile, 'CA certificate'),
    read(settings.certFile, 'certificate'),
    read(settings.keyFile, 'key'),
  ]);
  if (ca) material.ca = ca;
  if (cert) material.cert = cert;
  if (key) material.key = key;
  return material;
}

/** Encodes one path segment (a network or container name) for use in a URL. */
export function pathSegment(value: string): string {
  return encodeURIComponent(value);
}
