/** Sending a container's log entries down a response or a hijacked connection. */
import type { Writable } from 'node:stream';
import type { LogEntry } from '../../runtime/runtime.js';
import { encodeLogEntry, type LogEncoding } from './log-frame.js';
import { encodeFrame, StreamType } from './multiplex-writer.js';
import { writeWithBackpressure } from './write-backpressure.js';

/**
 * Writes every entry of `entries` to `out` (with backpressure) until the iterable ends or `out`
 * closes. A failure of the iterable after the response started goes in band, as Docker's
 * `WriteLogStream` does (`Error grabbing logs: …`), on stderr when multiplexed. Never rejects.
 */
export async function writeLogEntries(
  out: Writable,
  entries: AsyncIterable<LogEntry>,
  encoding: LogEncoding,
): Promise<void> {
  try {
    for await (const entry of entries) {
      await writeWithBackpressure(out, encodeLogEntry(entry, encoding));
    }
  } catch (err: unknown) {
    if (out.destroyed || out.writableEnded) return;
    const text = Buffer.from(
      `Error grabbing logs: ${err instanceof Error ? err.message : String(err)}\n`,
    );
    out.write(encoding.multiplexed ? encodeFrame(StreamType.stderr, text) : text);
  }
}
