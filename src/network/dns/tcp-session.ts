/**
 * One DNS-over-TCP connection (RFC 1035 §4.2.2 framing, RFC 7766 pipelining). The guards are the
 * lessons of aardvark-dns CVE-2024-8418 (one TCP client blocked DNS for everyone) and
 * CVE-2026-35406 (a malformed length looped at 100% CPU):
 * - every connection is handled independently on the event loop; nothing waits for a client;
 * - a message must be complete within `messageTimeoutMs` of its first byte (slow-loris guard),
 *   and an idle connection is closed after `idleTimeoutMs`;
 * - a length under 12 (a DNS header) closes the connection, so each loop step consumes bytes;
 * - at most `maxPipelined` queries per connection are in progress; reading pauses beyond that,
 *   and a client that does not read its answers is cut off at `maxPendingWriteBytes`.
 */
import type { Socket } from 'node:net';
import type { HandlerResult } from './query-handler.js';
import { HEADER_BYTES } from './wire.js';

/** Per-connection limits. */
export interface TcpSessionLimits {
  /** Close a connection with no traffic for this long. @default 10000 */
  idleTimeoutMs: number;
  /** Close a connection whose started message is not complete after this long. @default 3000 */
  messageTimeoutMs: number;
  /** Queries of one connection being answered at once. @default 16 */
  maxPipelined: number;
  /** Unsent answer bytes tolerated before the connection is dropped. @default 262144 */
  maxPendingWriteBytes: number;
}

/** Defaults for {@link TcpSessionLimits}. */
export const DEFAULT_TCP_SESSION_LIMITS: TcpSessionLimits = {
  idleTimeoutMs: 10_000,
  messageTimeoutMs: 3_000,
  maxPipelined: 16,
  maxPendingWriteBytes: 256 * 1024,
};

/** Answers one message; the session frames and writes the result. */
export type TcpMessageHandler = (message: Buffer) => HandlerResult;

/** Serves one accepted TCP connection until it closes. */
export class TcpSession {
  private chunks: Buffer[] = [];
  private bufferedBytes = 0;
  private inProgress = 0;
  private partialTimer: NodeJS.Timeout | undefined;

  constructor(
    private readonly socket: Socket,
    private readonly handler: TcpMessageHandler,
    private readonly limits: TcpSessionLimits,
  ) {
    socket.setNoDelay(true);
    socket.setTimeout(limits.idleTimeoutMs, () => socket.destroy());
    socket.on('data', (chunk: Buffer) => this.onData(chunk));
    socket.on('error', () => socket.destroy());
    socket.on('close', () => this.clearPartialTimer());
  }

  private onData(chunk: Buffer): void {
    this.chunks.push(chunk);
    this.bufferedBytes += chunk.length;
    this.drainFrames();
  }

  /** Takes every complete frame out of the buffer; each iteration consumes ≥ 14 bytes or stops. */
  private drainFrames(): void {
    let waitingForBytes = false;
    while (!this.socket.destroyed && this.inProgress < this.limits.maxPipelined) {
      if (this.bufferedBytes < 2) {
        waitingForBytes = this.bufferedBytes > 0;
        break;
      }
      const length = this.peek(2).readUInt16BE(0);
      if (length < HEADER_BYTES) {
        this.socket.destroy();
        return;
      }
      if (this.bufferedBytes < 2 + length) {
        waitingForBytes = true;
        break;
      }
      this.clearPartialTimer(); // a complete message is progress
      this.dispatch(this.take(2 + length).subarray(2));
    }
    if (this.inProgress >= this.limits.maxPipelined) this.socket.pause();
    if (waitingForBytes) this.armPartialTimer();
    else this.clearPartialTimer();
  }

  private dispatch(message: Buffer): void {
    const result = this.handler(message);
    if (!(result instanceof Promise)) {
      this.write(result);
      return;
    }
    this.inProgress++;
    void result.then(
      (reply) => this.settle(reply),
      () => this.settle(undefined),
    );
  }

  private settle(reply: Buffer | undefined): void {
    this.inProgress--;
    this.write(reply);
    if (this.socket.destroyed) return;
    if (this.socket.isPaused() && this.inProgress < this.limits.maxPipelined) this.socket.resume();
    this.drainFrames();
  }

  private write(reply: Buffer | undefined): void {
    if (reply === undefined || this.socket.destroyed || !this.socket.writable) return;
    if (this.socket.writableLength > this.limits.maxPendingWriteBytes) {
      this.socket.destroy();
      return;
    }
    const prefix = Buffer.allocUnsafe(2);
    prefix.writeUInt16BE(reply.length, 0);
    this.socket.cork();
    this.socket.write(prefix);
    this.socket.write(reply);
    this.socket.uncork();
  }

  /** Starts the slow-loris timer for a partly received message, unless already running. */
  private armPartialTimer(): void {
    if (this.partialTimer !== undefined) return;
    this.partialTimer = setTimeout(() => this.socket.destroy(), this.limits.messageTimeoutMs);
    this.partialTimer.unref();
  }

  private clearPartialTimer(): void {
    if (this.partialTimer !== undefined) clearTimeout(this.partialTimer);
    this.partialTimer = undefined;
  }

  private peek(n: number): Buffer {
    const first = this.chunks[0] as Buffer;
    if (first.length >= n) return first.subarray(0, n);
    this.chunks = [Buffer.concat(this.chunks)];
    return (this.chunks[0] as Buffer).subarray(0, n);
  }

  private take(n: number): Buffer {
    if ((this.chunks[0] as Buffer).length < n) this.chunks = [Buffer.concat(this.chunks)];
    const first = this.chunks[0] as Buffer;
    const out = first.subarray(0, n);
    if (first.length === n) this.chunks.shift();
    else this.chunks[0] = first.subarray(n);
    this.bufferedBytes -= n;
    return out;
  }
}
