/**
 * Attaching to conmon's attach socket. The socket is AF_UNIX SOCK_SEQPACKET: every packet from
 * conmon is one read of the container's output, its first byte naming the pipe (2 = stdout,
 * 3 = stderr; conmon's `stdpipe_t`), and every packet we send is written to the container's
 * stdin. Node cannot open SEQPACKET sockets, so the addon's `seqpacketBridge()` connects it and
 * hands us a stream socket on which each packet arrives as `[u32 BE length][packet]`
 * (native/seqpacket.c). Closing the attachment closes only our connection: conmon keeps the
 * container and its other clients; it closes the container's stdin only when it was started
 * without `--leave-stdin-open` (Docker's StdinOnce).
 *
 * Resizing a terminal is a line `1 <rows> <cols>\n` written to the bundle's `ctl` fifo
 * (conmon's WIN_RESIZE_EVENT).
 */
import { closeSync, constants, openSync, writeSync } from 'node:fs';
import { Socket } from 'node:net';
import { Readable, Writable } from 'node:stream';
import { EngineError } from '../common/errors.js';
import { loadNative, type NativeAddon } from '../kernel/native.js';
import type { AttachStreams } from './runtime.js';

/** conmon's stdpipe_t values. */
export const PIPE = { STDOUT: 2, STDERR: 3 } as const;

/** One packet of the attach socket. */
export interface AttachPacket {
  pipe: number;
  data: Buffer;
}

/** Splits the bridge's `[u32 length][packet]` stream back into packets. */
export class FrameDecoder {
  private buf: Buffer = Buffer.alloc(0);

  /** Feeds bytes; returns the packets completed by them. */
  push(chunk: Buffer): AttachPacket[] {
    this.buf = this.buf.length === 0 ? chunk : Buffer.concat([this.buf, chunk]);
    const out: AttachPacket[] = [];
    while (this.buf.length >= 4) {
      const len = this.buf.readUInt32BE(0);
      if (this.buf.length < 4 + len) break;
      const pkt = this.buf.subarray(4, 4 + len);
      this.buf = this.buf.subarray(4 + len);
      if (len >= 1) out.push({ pipe: pkt[0] ?? 0, data: Buffer.from(pkt.subarray(1)) });
    }
    return out;
  }
}

interface SeqpacketAddon extends NativeAddon {
  /** native/seqpacket.c: connects `path` and returns the fd of the framed stream bridge. */
  seqpacketBridge(path: string): number;
}

/** Writes conmon's resize message to a `ctl` fifo; a fifo nobody reads any more is ignored. */
export function writeResize(ctlFifo: string, width: number, height: number): void {
  const rows = Math.max(1, Math.floor(height));
  const cols = Math.max(1, Math.floor(width));
  let fd: number;
  try {
    fd = openSync(ctlFifo, constants.O_WRONLY | constants.O_NONBLOCK);
  } catch {
    return; // ENXIO/ENOENT: conmon is gone, there is no terminal to resize
  }
  try {
    writeSync(fd, `1 ${rows} ${cols}\n`);
  } catch {
    // EAGAIN: conmon is not reading; dropping a resize is harmless
  } finally {
    closeSync(fd);
  }
}

/** Connects to the attach socket at `socketPath` and returns the bridged stream socket. */
export function connectAttachSocket(socketPath: string, what: string): Socket {
  let fd: number;
  try {
    fd = (loadNative() as SeqpacketAddon).seqpacketBridge(socketPath);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    const kind = code === 'ENOENT' || code === 'ECONNREFUSED' ? 'conflict' : 'internal';
    throw new EngineError(kind, `Cannot attach to ${what}: ${String((err as Error).message)}`, {
      code: 'ATTACH_FAILED',
      cause: err,
    });
  }
  return new Socket({ fd, readable: true, writable: true, allowHalfOpen: true });
}

function outputStream(sock: Socket): Readable {
  return new Readable({ read: () => void sock.resume() });
}

/**
 * Wraps a bridged attach socket as AttachStreams. Without a terminal stdout and stderr are
 * separate; with one, conmon sends everything as stdout. `stdin` ending sends EOF (half-close).
 */
export function attachStreams(
  sock: Socket,
  opts: { stdin: boolean; terminal: boolean; ctlFifo: string },
): AttachStreams {
  const stdout = outputStream(sock);
  const stderr = opts.terminal ? undefined : outputStream(sock);
  const decoder = new FrameDecoder();
  sock.on('data', (chunk: Buffer) => {
    for (const p of decoder.push(chunk)) {
      const target = p.pipe === PIPE.STDERR && stderr !== undefined ? stderr : stdout;
      if (!target.push(p.data)) sock.pause();
    }
  });
  let finished = false;
  const finish = (): void => {
    if (finished) return;
    finished = true;
    stdout.push(null);
    stderr?.push(null);
  };
  // conmon closed the connection: the container (or exec) has exited and its output is over.
  sock.on('end', () => {
    finish();
    sock.destroy();
  });
  sock.on('close', finish);
  sock.on('error', () => finish());
  const streams: AttachStreams = {
    stdout,
    resize: (w, h) => writeResize(opts.ctlFifo, w, h),
    close: () => {
      sock.destroy();
      finish();
    },
  };
  if (stderr !== undefined) streams.stderr = stderr;
  if (opts.stdin) {
    streams.stdin = new Writable({
      write: (chunk: Buffer, _enc, cb) => void sock.write(chunk, (err) => cb(err ?? null)),
      final: (cb) => void sock.end(cb),
    });
  }
  return streams;
}
