/**
 * Docker's stdcopy framing ("multiplexed stream"), used by attach, exec start and logs when the
 * container has no TTY: every chunk is preceded by an 8-byte header `[stream, 0, 0, 0, size]`
 * where `size` is the payload length as a big-endian uint32. See moby `pkg/stdcopy`.
 */
import { Writable } from 'node:stream';
import { writeWithBackpressure } from './write-backpressure.js';

/** The stream byte of a frame header (stdcopy's `StdType`). */
export const StreamType = {
  stdin: 0,
  stdout: 1,
  stderr: 2,
  /** Errors of the daemon itself, shown by clients as such. */
  systemerr: 3,
} as const;

/** One of {@link StreamType}'s values. */
export type StreamTypeValue = (typeof StreamType)[keyof typeof StreamType];

/** Length of a stdcopy frame header in bytes. */
export const FRAME_HEADER_BYTES = 8;

/** The largest payload one frame can carry (the size field is a uint32). */
const MAX_FRAME_PAYLOAD = 0xffff_ffff;

/** The 8-byte header of a frame carrying `payloadBytes` bytes of `stream`. */
export function frameHeader(stream: StreamTypeValue, payloadBytes: number): Buffer {
  if (!Number.isInteger(payloadBytes) || payloadBytes < 0 || payloadBytes > MAX_FRAME_PAYLOAD) {
    throw new RangeError(`Cannot frame ${payloadBytes} bytes: size must fit a uint32`);
  }
  const header = Buffer.alloc(FRAME_HEADER_BYTES);
  header[0] = stream;
  header.writeUInt32BE(payloadBytes, 4);
  return header;
}

/** A complete frame (header and payload in one buffer, so frames never interleave). */
export function encodeFrame(stream: StreamTypeValue, payload: Buffer): Buffer {
  return Buffer.concat([frameHeader(stream, payload.length), payload]);
}

/**
 * A Writable that frames every chunk written to it as `stream` and writes the frame to `out`,
 * honouring `out`'s backpressure. Ending it does not end `out`: several writers (stdout and
 * stderr) share one connection.
 */
export function multiplexWriter(out: Writable, stream: StreamTypeValue): Writable {
  return new Writable({
    write(chunk: Buffer, _encoding, callback) {
      if (chunk.length === 0) {
        callback();
        return;
      }
      writeWithBackpressure(out, encodeFrame(stream, chunk)).then(() => callback(), callback);
    },
  });
}
