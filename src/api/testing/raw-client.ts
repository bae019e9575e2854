/**
 * A raw HTTP/1.1 client over a unix socket for tests of hijacked connections: it sends a request
 * by hand, splits the response head from what follows, and decodes stdcopy frames, so tests
 * see the bytes exactly as a Docker client would.
 */
import { once } from 'node:events';
import { connect, type Socket } from 'node:net';

/** The parsed head of a response and the socket it arrived on. */
export interface RawResponse {
  socket: Socket;
  statusLine: string;
  /** Header names lower-cased. */
  headers: Record<string, string>;
  /** Every byte after the head, growing as data arrives. */
  body(): Buffer;
  /** Resolves when the server ended or closed the connection. */
  ended: Promise<void>;
}

/** One decoded stdcopy frame. */
export interface Frame {
  stream: number;
  payload: string;
}

function parseHead(head: string): { statusLine: string; headers: Record<string, string> } {
  const [statusLine = '', ...lines] = head.split('\r\n');
  const headers: Record<string, string> = {};
  for (const line of lines) {
    const colon = line.indexOf(':');
    headers[line.slice(0, colon).trim().toLowerCase()] = line.slice(colon + 1).trim();
  }
  return { statusLine, headers };
}

/** Sends `request` (a complete HTTP request, head and body) and resolves once the head is in. */
export async function rawRequest(path: string, request: string | Buffer): Promise<RawResponse> {
  const socket = connect({ path, allowHalfOpen: true });
  await once(socket, 'connect');
  let buffered = Buffer.alloc(0);
  let bodyStart = -1;
  const ended = new Promise<void>((resolve) => {
    socket.once('end', resolve);
    socket.once('close', resolve);
  });
  const headReady = new Promise<void>((resolve, reject) => {
    socket.on('data', (chunk: Buffer) => {
      buffered = Buffer.concat([buffered, chunk]);
      if (bodyStart === -1) {
        const end = buffered.indexOf('\r\n\r\n');
        if (end !== -1) {
          bodyStart = end + 4;
          resolve();
        }
      }
    });
    socket.once('close', () => reject(new Error(`closed before a response head: ${buffered}`)));
  });
  socket.write(request);
  await headReady;
  const { statusLine, headers } = parseHead(buffered.subarray(0, bodyStart - 4).toString());
  return { socket, statusLine, headers, body: () => buffered.subarray(bodyStart), ended };
}

/** Decodes every complete stdcopy frame in `bytes`; throws on a trailing partial frame. */
export function decodeFrames(bytes: Buffer): Frame[] {
  const frames: Frame[] = [];
  let offset = 0;
  while (offset < bytes.length) {
    if (bytes.length - offset < 8) throw new Error(`partial frame header at ${offset}`);
    const size = bytes.readUInt32BE(offset + 4);
    const stream = bytes[offset] ?? -1;
    const payload = bytes.subarray(offset + 8, offset + 8 + size);
    if (payload.length !== size) throw new Error(`partial frame payload at ${offset}`);
    frames.push({ stream, payload: payload.toString() });
    offset += 8 + size;
  }
  return frames;
}

/** Polls `check` until it is true (the server works asynchronously), failing after `timeoutMs`. */
export async function eventually(check: () => boolean, timeoutMs = 2000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}
