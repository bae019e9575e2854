/**
 * Pumps a container's (or exec's) stdio over a hijacked connection: output to the client,
 * framed with stdcopy headers unless there is a TTY, and the client's bytes into stdin. The
 * client's half-close ends stdin; the connection is closed when the output streams end; the
 * streams are released (`close()`) when the session is over either way.
 */
import type { Socket } from 'node:net';
import { Writable, type Readable } from 'node:stream';
import type { AttachStreams } from '../../runtime/runtime.js';
import { closeHijacked } from './hijack.js';
import { multiplexWriter, StreamType, type StreamTypeValue } from './multiplex-writer.js';
import { writeWithBackpressure } from './write-backpressure.js';

/** What the client asked to see and how to frame it. */
export interface AttachSessionOptions {
  /** Raw bytes (TTY) instead of stdcopy frames. */
  tty: boolean;
  /** Forward stdout / stderr; an unselected stream is still drained so the process never blocks. */
  stdout: boolean;
  stderr: boolean;
  /** Feed the client's bytes into `streams.stdin`. */
  stdin: boolean;
}

/** A Writable that passes chunks to `out` unframed, without ever ending it. */
function rawWriter(out: Writable): Writable {
  return new Writable({
    write(chunk: Buffer, _encoding, callback) {
      writeWithBackpressure(out, chunk).then(() => callback(), callback);
    },
  });
}

function discardWriter(): Writable {
  return new Writable({ write: (_chunk, _encoding, callback) => callback() });
}

function outputTo(
  socket: Socket,
  stream: StreamTypeValue,
  options: AttachSessionOptions,
): Writable {
  const selected = stream === StreamType.stderr ? options.stderr : options.stdout;
  if (!selected) return discardWriter();
  return options.tty ? rawWriter(socket) : multiplexWriter(socket, stream);
}

/** Copies the client's bytes into `stdin` with backpressure; the client's EOF ends it. */
function pumpStdin(socket: Socket, stdin: Writable | undefined): void {
  let open = stdin !== undefined;
  stdin?.on('error', () => {
    open = false;
  });
  socket.on('data', (chunk: Buffer) => {
    if (!open || stdin === undefined || stdin.writableEnded || stdin.destroyed) return;
    if (!stdin.write(chunk)) {
      socket.pause();
      stdin.once('drain', () => socket.resume());
    }
  });
  socket.once('end', () => {
    if (open && stdin !== undefined && !stdin.writableEnded) stdin.end();
    open = false;
  });
  socket.resume();
}

/**
 * Pipes `source` into `writer` (which ends after the source ends). Resolves when the writer has
 * flushed everything or failed; the source is never destroyed here, since it belongs to the
 * container manager, only unpiped.
 */
function copyInto(source: Readable, writer: Writable): Promise<void> {
  return new Promise((resolve) => {
    const done = (): void => {
      source.unpipe(writer);
      resolve();
    };
    writer.once('finish', done);
    writer.once('error', done);
    writer.once('close', done);
    source.once('error', () => writer.end());
    source.pipe(writer);
  });
}

/**
 * Runs the session; resolves when it is over (output ended and the connection was ended, or
 * the client went away). Never rejects: stream errors end the session.
 */
export function runAttachSession(
  socket: Socket,
  streams: AttachStreams,
  options: AttachSessionOptions,
): Promise<void> {
  const sources: Array<[Readable, StreamTypeValue]> = [[streams.stdout, StreamType.stdout]];
  if (streams.stderr !== undefined) sources.push([streams.stderr, StreamType.stderr]);
  return new Promise((resolve) => {
    let over = false;
    const finish = (): void => {
      if (over) return;
      over = true;
      streams.close();
      resolve();
    };
    const writers = sources.map(
      ([source, type]) => [source, outputTo(socket, type, options)] as const,
    );
    socket.once('close', () => {
      for (const [, writer] of writers) writer.destroy();
      finish();
    });
    pumpStdin(socket, options.stdin ? streams.stdin : undefined);
    const copies = writers.map(([source, writer]) => copyInto(source, writer));
    void Promise.allSettled(copies).then(() => {
      closeHijacked(socket);
      finish();
    });
  });
}
