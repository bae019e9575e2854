/**
 * Moves bytes between the client terminal and a hijacked container connection: stdin (with
 * `-i`) into the connection, half-closed at EOF so the container sees end of input; output
 * demultiplexed to stdout/stderr, or copied raw when the container has a TTY.
 */
import type { Duplex, Readable } from 'node:stream';
import { copyRaw, demultiplex, type OutputSinks } from './stdcopy.js';

/** How to pump one connection. */
export interface PumpOptions {
  /** The container has a TTY: output is raw, not multiplexed. */
  tty: boolean;
  sinks: OutputSinks;
  /** Piped into the container when given (`-i`). */
  stdin?: Readable;
}

/** Errors that only mean the daemon closed the connection first. */
function isPeerClose(err: unknown): boolean {
  const code = (err as NodeJS.ErrnoException | undefined)?.code;
  return code === 'ECONNRESET' || code === 'EPIPE' || code === 'ERR_STREAM_PREMATURE_CLOSE';
}

/**
 * Pumps until the daemon ends the output (the process exited), then stops reading stdin and
 * closes the connection. Rejects on a systemerr frame or a broken stream.
 */
export async function pumpContainerStreams(
  connection: Duplex,
  options: PumpOptions,
): Promise<void> {
  const stdin = options.stdin;
  const onData = (chunk: Buffer): void => {
    if (!connection.writableEnded && !connection.destroyed) connection.write(chunk);
  };
  const onEnd = (): void => {
    if (!connection.destroyed) connection.end();
  };
  stdin?.on('data', onData);
  stdin?.once('end', onEnd);
  try {
    if (options.tty) await copyRaw(connection, options.sinks);
    else await demultiplex(connection, options.sinks);
  } catch (err) {
    if (!isPeerClose(err)) throw err;
  } finally {
    stdin?.off('data', onData);
    stdin?.off('end', onEnd);
    connection.destroy();
  }
}
