/**
 * How one log line goes on the wire for `GET /containers/{id}/logs` and `attach?logs=1`:
 * optionally prefixed by its time in Docker's fixed-width RFC 3339 (`jsonmessage.RFC3339NanoFixed`,
 * always nine fractional digits, UTC) and a space, then framed unless the container has a TTY.
 */
import type { LogEntry } from '../../runtime/runtime.js';
import { encodeFrame, StreamType } from './multiplex-writer.js';

/**
 * Formats `time` as `2006-01-02T15:04:05.000000000Z`: UTC, nine fractional digits (a Date has
 * millisecond precision, so the last six are zeros). Throws RangeError for an invalid Date.
 */
export function formatLogTimestamp(time: Date): string {
  const iso = time.toISOString(); // 2006-01-02T15:04:05.000Z, or ±YYYYYY-… outside years 0-9999
  return `${iso.slice(0, -1)}000000Z`;
}

/** Options of {@link encodeLogEntry}. */
export interface LogEncoding {
  /** Prefix each line with its time and a space (`timestamps=1`). */
  timestamps: boolean;
  /** Frame with stdcopy headers (no TTY) or send the bytes raw (TTY). */
  multiplexed: boolean;
}

/** The bytes of one log entry as Docker's `WriteLogStream` sends them. */
export function encodeLogEntry(entry: LogEntry, encoding: LogEncoding): Buffer {
  const line = encoding.timestamps
    ? Buffer.concat([Buffer.from(`${formatLogTimestamp(entry.time)} `), entry.data])
    : entry.data;
  if (!encoding.multiplexed) return line;
  return encodeFrame(entry.stream === 'stderr' ? StreamType.stderr : StreamType.stdout, line);
}
