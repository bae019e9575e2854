/**
 * Test doubles for CLI runs: a canned-JSON HTTP server on a unix socket in a fresh temp dir
 * (standing in for pouchd) and a CliIo that records output. Test-only.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import http from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { CliIo } from '../io.js';

/** One request as the fake daemon received it; `body` is decoded JSON or `undefined`. */
export interface RecordedRequest {
  method: string;
  url: string;
  body: unknown;
}

/** A canned answer: status and a JSON body (`undefined` → empty body, a string → raw text). */
export interface CannedResponse {
  status: number;
  body?: unknown;
}

export type Route = (req: RecordedRequest) => CannedResponse;

/** A fake pouchd; `routes` maps `METHOD /path` (without query) to an answer, else 404. */
export class FakeDaemon {
  readonly requests: RecordedRequest[] = [];
  routes: Record<string, Route> = {};

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
    await new Promise<void>((resolve) => server.listen(socketPath, resolve));
    return daemon;
  }

  /** `unix://` URL for `-H`. */
  get host(): string {
    return `unix://${this.socketPath}`;
  }

  private handle(req: http.IncomingMessage, res: http.ServerResponse): void {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const text = Buffer.concat(chunks).toString('utf8');
      const recorded = {
        method: req.method ?? '',
        url: req.url ?? '',
        body: text === '' ? undefined : (JSON.parse(text) as unknown),
      };
      this.requests.push(recorded);
      const route = this.routes[`${recorded.method} ${recorded.url.split('?')[0]}`];
      const answer = route ? route(recorded) : { status: 404, body: { message: 'page not found' } };
      const payload =
        answer.body === undefined
          ? ''
          : typeof answer.body === 'string'
            ? answer.body
            : JSON.stringify(answer.body);
      res.writeHead(answer.status, { 'Content-Type': 'application/json' });
      res.end(payload);
    });
  }

  /** Stops the server and removes the socket and its directory. */
  async close(): Promise<void> {
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
    await rm(this.dir, { recursive: true, force: true });
  }
}

/** A CliIo that records stdout/stderr and answers prompts from `input`. */
export interface CapturedIo extends CliIo {
  readonly out: string;
  readonly err: string;
}

export function captureIo(
  options: { input?: string[]; env?: Record<string, string> } = {},
): CapturedIo {
  const input = [...(options.input ?? [])];
  const captured = {
    out: '',
    err: '',
    env: options.env ?? {},
    stdout: (text: string) => void (captured.out += text),
    stderr: (text: string) => void (captured.err += text),
    readLine: () => Promise.resolve(input.shift()),
  };
  return captured;
}
