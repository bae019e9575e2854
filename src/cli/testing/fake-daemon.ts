/**
 * Test doubles for CLI runs: a canned-JSON HTTP server on a unix socket in a fresh temp dir
 * (standing in for pouchd, including hijacked attach/exec connections) and a CliIo that records
 * output. Test-only.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import http from 'node:http';
import type { Duplex } from 'node:stream';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import type { CliIo, TerminalIo, TerminalSize } from '../io.js';

/** One request as the fake daemon received it; `body` is decoded JSON or `undefined`. */
export interface RecordedRequest {
  method: string;
  url: string;
  body: unknown;
  /** The body bytes as received (uploads). */
  raw: Buffer;
  headers: http.IncomingHttpHeaders;
}

/**
 * A canned answer: status and a JSON body (`undefined` → empty body, a string → raw text, a
 * Buffer → raw bytes, an array of Buffers → written as separate chunks).
 */
export interface CannedResponse {
  status: number;
  body?: unknown;
  contentType?: string;
}

export type Route = (req: RecordedRequest) => CannedResponse | Promise<CannedResponse>;

/**
 * Handles an upgrade request after the fake has answered `101`: `socket` is the hijacked
 * connection (write the container's output, read its stdin, end it when the "process" exits).
 */
export type UpgradeRoute = (req: RecordedRequest, socket: Duplex) => void;

/** A fake pouchd; `routes` maps `METHOD /path` (without query) to an answer, else 404. */
export class FakeDaemon {
  readonly requests: RecordedRequest[] = [];
  routes: Record<string, Route> = {};
  upgrades: Record<string, UpgradeRoute> = {};

  private constructor(
    private readonly server: http.Server,
    private readonly dir: string,
    readonly socketPath: string,
  ) {}

  /** Starts a daemon listening on `<tmp>/pouchd.sock`. */
  static async start(): Promise<FakeDaemon> {
    const dir = await mkdtemp(join(tmpdir(), 'pouch-cli-test-'));
    const socketPath = join(dir, 'pouchd.sock');
    const server = http.createServer();
    const daemon = new FakeDaemon(server, dir, socketPath);
    server.on('request', (req: http.IncomingMessage, res: http.ServerResponse) =>
      daemon.handle(req, res),
    );
    server.on('upgrade', (req: http.IncomingMessage, socket: Duplex, head: Buffer) =>
      daemon.handleUpgrade(req, socket, head),
    );
    await new Promise<void>((resolve) => server.listen(socketPath, resolve));
    return daemon;
  }

  /** `unix://` URL for `-H`. */
  get host(): string {
    return `unix://${this.socketPath}`;
  }

  private record(req: http.IncomingMessage, raw: Buffer): RecordedRequest {
    const text = raw.toString('utf8');
    const isJson = (req.headers['content-type'] ?? 'application/json').includes('json');
    const recorded = {
      method: req.method ?? '',
      url: req.url ?? '',
      body: text === '' || !isJson ? undefined : (JSON.parse(text) as unknown),
      raw,
      headers: req.headers,
    };
    this.requests.push(recorded);
    return recorded;
  }

  private routeKey(req: http.IncomingMessage): string {
    return `${req.method ?? ''} ${(req.url ?? '').split('?')[0]}`;
  }

  private handle(req: http.IncomingMessage, res: http.ServerResponse): void {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const recorded = this.record(req, Buffer.concat(chunks));
      const route = this.routes[this.routeKey(req)];
      const answer = route ? route(recorded) : { status: 404, body: { message: 'page not found' } };
      void Promise.resolve(answer).then((a) => respond(res, a));
    });
  }

  /** Reads the request body (Content-Length bytes) from `head` and the socket, then hands over. */
  private handleUpgrade(req: http.IncomingMessage, socket: Duplex, head: Buffer): void {
    const length = Number(req.headers['content-length'] ?? 0);
    let buffered = head;
    const proceed = (): void => {
      socket.off('data', onData);
      const recorded = this.record(req, buffered.subarray(0, length));
      const rest = buffered.subarray(length);
      const route = this.upgrades[this.routeKey(req)];
      if (!route) {
        void this.answerOnSocket(recorded, socket);
        return;
      }
      socket.write('HTTP/1.1 101 UPGRADED\r\nConnection: Upgrade\r\nUpgrade: tcp\r\n\r\n');
      if (rest.length > 0) socket.unshift(rest);
      route(recorded, socket);
    };
    const onData = (chunk: Buffer): void => {
      buffered = Buffer.concat([buffered, chunk]);
      if (buffered.length >= length) proceed();
    };
    if (buffered.length >= length) proceed();
    else socket.on('data', onData);
  }

  /** Answers an upgrade request with a plain route (errors), as a daemon that refuses it. */
  private async answerOnSocket(recorded: RecordedRequest, socket: Duplex): Promise<void> {
    const route = this.routes[`${recorded.method} ${recorded.url.split('?')[0]}`];
    const answer = route
      ? await route(recorded)
      : { status: 404, body: { message: 'page not found' } };
    const body = Buffer.from(answer.body === undefined ? '' : JSON.stringify(answer.body));
    socket.end(
      Buffer.concat([
        Buffer.from(
          `HTTP/1.1 ${answer.status} X\r\nContent-Type: application/json\r\nContent-Length: ${body.length}\r\n\r\n`,
        ),
        body,
      ]),
    );
  }

  /** Stops the server and removes the socket and its directory. */
  async close(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
    await rm(this.dir, { recursive: true, force: true });
  }
}

function respond(res: http.ServerResponse, answer: CannedResponse): void {
  res.writeHead(answer.status, { 'Content-Type': answer.contentType ?? 'application/json' });
  const body = answer.body;
  if (Array.isArray(body) && body.length > 0 && body.every((b) => Buffer.isBuffer(b))) {
    for (const chunk of body) res.write(chunk);
    res.end();
    return;
  }
  if (body === undefined) res.end();
  else if (typeof body === 'string' || Buffer.isBuffer(body)) res.end(body);
  else res.end(JSON.stringify(body));
}

/** A CliIo that records stdout/stderr and answers prompts from `input`. */
export interface CapturedIo extends CliIo {
  readonly out: string;
  readonly err: string;
  /** Everything written to stdout, byte for byte. */
  readonly outBytes: Buffer;
  readonly errBytes: Buffer;
  readonly terminal: FakeTerminal;
}

/** The terminal of a captured run; records raw-mode switches. */
export interface FakeTerminal extends TerminalIo {
  readonly rawModeCalls: boolean[];
  /** Fires the resize listeners, as a SIGWINCH would. */
  resize(size: TerminalSize): void;
}

/** Options of captureIo. */
export interface CaptureOptions {
  input?: string[];
  env?: Record<string, string>;
  /** Bytes of stdin for `-i`, `load`, `import -`. */
  stdin?: string | Buffer;
  stdinIsTty?: boolean;
  stdoutIsTty?: boolean;
  size?: TerminalSize;
}

function fakeTerminal(options: CaptureOptions): FakeTerminal {
  let size = options.size;
  const listeners = new Set<() => void>();
  const rawModeCalls: boolean[] = [];
  let stdin: Readable | undefined;
  return {
    rawModeCalls,
    stdin: () => (stdin ??= Readable.from([Buffer.from(options.stdin ?? '')])),
    stdinIsTty: options.stdinIsTty === true,
    stdoutIsTty: options.stdoutIsTty === true,
    setRawMode: (raw) => void rawModeCalls.push(raw),
    size: () => size,
    onResize(listener) {
      listeners.add(listener);
      return () => void listeners.delete(listener);
    },
    releaseStdin: () => undefined,
    resize(next) {
      size = next;
      for (const listener of listeners) listener();
    },
  };
}

export function captureIo(options: CaptureOptions = {}): CapturedIo {
  const input = [...(options.input ?? [])];
  const out: Buffer[] = [];
  const err: Buffer[] = [];
  const toBuffer = (text: string | Uint8Array): Buffer =>
    typeof text === 'string' ? Buffer.from(text, 'utf8') : Buffer.from(text);
  return {
    get out() {
      return Buffer.concat(out).toString('utf8');
    },
    get err() {
      return Buffer.concat(err).toString('utf8');
    },
    get outBytes() {
      return Buffer.concat(out);
    },
    get errBytes() {
      return Buffer.concat(err);
    },
    env: options.env ?? {},
    stdout: (text) => void out.push(toBuffer(text)),
    stderr: (text) => void err.push(toBuffer(text)),
    readLine: () => Promise.resolve(input.shift()),
    terminal: fakeTerminal(options),
  };
}
