/**
 * One query to one upstream server over UDP or TCP, with a timeout and cancellation. Each UDP
 * exchange uses its own connected socket: the kernel picks a random source port (the entropy
 * RFC 5452 asks for on top of the random ID) and filters datagrams from other peers.
 */
import { createSocket, type Socket as UdpSocket } from 'node:dgram';
import { isIP, Socket } from 'node:net';
import { HEADER_BYTES, isResponse, messageId, sameQuestion } from './wire.js';

/** An upstream server address. */
export interface UpstreamServer {
  host: string;
  port: number;
  family: 4 | 6;
}

/**
 * Parses `1.2.3.4`, `1.2.3.4:5353`, `::1`, `[::1]:5353` (port defaults to 53); `undefined` for
 * anything else, host names included: the resolver must not itself depend on name resolution.
 */
export function parseUpstream(text: string): UpstreamServer | undefined {
  let host = text.trim();
  let port = 53;
  const bracket = /^\[([^\]]+)\](?::(\d{1,5}))?$/.exec(host);
  if (bracket !== null) {
    host = bracket[1] ?? '';
    port = bracket[2] === undefined ? 53 : Number(bracket[2]);
  } else if (host.split(':').length === 2) {
    const [h, p] = host.split(':');
    host = h ?? '';
    port = /^\d{1,5}$/.test(p ?? '') ? Number(p) : -1;
  }
  const family = isIP(host);
  if ((family !== 4 && family !== 6) || port < 1 || port > 65535) return undefined;
  return { host, port, family };
}

/** Arguments of one exchange. */
export interface ExchangeRequest {
  /** The query as sent upstream (its ID already chosen by the caller). */
  query: Buffer;
  server: UpstreamServer;
  timeoutMs: number;
  signal: AbortSignal;
}

/** Runs `body` with a `finish` that settles once, on result, timeout or abort, then cleans up. */
function settleOnce(
  req: ExchangeRequest,
  body: (finish: (answer?: Buffer) => void) => () => void,
): Promise<Buffer | undefined> {
  return new Promise((resolve) => {
    if (req.signal.aborted) return resolve(undefined);
    let done = false;
    let cleanup: () => void = () => undefined;
    const finish = (answer?: Buffer): void => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      req.signal.removeEventListener('abort', onAbort);
      cleanup();
      resolve(answer);
    };
    const onAbort = (): void => finish(undefined);
    const timer = setTimeout(onAbort, req.timeoutMs);
    req.signal.addEventListener('abort', onAbort, { once: true });
    cleanup = body(finish);
    if (done) cleanup();
  });
}

function matches(query: Buffer, answer: Buffer): boolean {
  return (
    answer.length >= HEADER_BYTES &&
    isResponse(answer) &&
    messageId(answer) === messageId(query) &&
    sameQuestion(query, answer)
  );
}

/**
 * Sends `query` over UDP and waits for the matching answer; answers with another ID or question
 * are ignored (RFC 5452 §9.1). `undefined` on timeout, abort or socket error.
 */
export function udpExchange(req: ExchangeRequest): Promise<Buffer | undefined> {
  return settleOnce(req, (finish) => {
    const socket: UdpSocket = createSocket(req.server.family === 6 ? 'udp6' : 'udp4');
    socket.on('error', () => finish(undefined));
    socket.on('message', (msg) => {
      if (matches(req.query, msg)) finish(msg);
    });
    let closed = false;
    socket.connect(req.server.port, req.server.host, () => {
      // The exchange may have ended (timeout, abort) before the connect completed: sending on a
      // closed socket throws synchronously, which must never reach the daemon's event loop.
      if (closed) return;
      try {
        socket.send(req.query, (err) => {
          if (err) finish(undefined);
        });
      } catch {
        finish(undefined);
      }
    });
    return () => {
      closed = true;
      try {
        socket.close();
      } catch {
        // already closed after an error
      }
    };
  });
}

/**
 * Sends `query` over TCP with the 2-byte length prefix (RFC 1035 §4.2.2) and reads one answer.
 * `undefined` on timeout, abort, a reset, or an answer that does not match the query.
 */
export function tcpExchange(req: ExchangeRequest): Promise<Buffer | undefined> {
  return settleOnce(req, (finish) => {
    const socket = new Socket();
    let buffered: Buffer = Buffer.alloc(0);
    socket.on('error', () => finish(undefined));
    socket.on('close', () => finish(undefined));
    socket.on('data', (chunk: Buffer) => {
      buffered = buffered.length === 0 ? chunk : Buffer.concat([buffered, chunk]);
      if (buffered.length < 2) return;
      const length = buffered.readUInt16BE(0);
      if (buffered.length < 2 + length) return;
      const answer = buffered.subarray(2, 2 + length);
      finish(matches(req.query, answer) ? Buffer.from(answer) : undefined);
    });
    socket.connect({ host: req.server.host, port: req.server.port }, () => {
      socket.setNoDelay(true);
      const prefix = Buffer.alloc(2);
      prefix.writeUInt16BE(req.query.length, 0);
      socket.end(Buffer.concat([prefix, req.query]));
    });
    return () => socket.destroy();
  });
}
