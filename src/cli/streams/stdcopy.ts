/**
 * Docker's multiplexed stream format ("stdcopy"), used by attach, logs and exec when the
 * container has no TTY: each frame is an 8-byte header `[stream, 0, 0, 0, size (uint32 BE)]`
 * followed by `size` bytes of payload; stream 0 is stdin, 1 stdout, 2 stderr (and 3 a
 * systemerr frame that carries a daemon error message).
 */

/** The stream a frame belongs to. */
export const StreamType = { stdin: 0, stdout: 1, stderr: 2, systemerr: 3 } as const;
export type StreamType = (typeof StreamType)[keyof typeof StreamType];

/** Bytes in a frame header. */
export const FRAME_HEADER_BYTES = 8;

/** One decoded frame. */
export interface Frame {
  stream: StreamType;
  payload: Buffer;
}

/** Encodes one frame (the daemon's side; used by tests and fakes). */
export function encodeFrame(stream: StreamType, payload: string | Uint8Array): Buffer {
  const body = typeof payload === 'string' ? Buffer.from(payload, 'utf8') : Buffer.from(payload);
  const header = Buffer.alloc(FRAME_HEADER_BYTES);
  header.writeUInt8(stream, 0);
  header.writeUInt32BE(body.length, 4);
  return Buffer.concat([header, body]);
}

/**
 * Incremental decoder: feed it chunks as they arrive (a header or payload may be split across
 * chunks in any way) and it returns the frames completed so far.
 */
export class FrameDecoder {
  private pending: Buffer = Buffer.alloc(0);

  /**
   * Adds `chunk` and returns every complete frame.
   * @throws Error for an unknown stream type, which means the input is not multiplexed.
   */
  push(chunk: Uint8Array): Frame[] {
    this.pending =
      this.pending.length === 0 ? Buffer.from(chunk) : Buffer.concat([this.pending, chunk]);
    const frames: Frame[] = [];
    let offset = 0;
    while (this.pending.length - offset >= FRAME_HEADER_BYTES) {
      const stream = this.pending.readUInt8(offset);
      if (stream > StreamType.systemerr) {
        throw new Error(`Cannot demultiplex the stream: unknown stream type ${stream}`);
      }
      const size = this.pending.readUInt32BE(offset + 4);
      const end = offset + FRAME_HEADER_BYTES + size;
      if (this.pending.length < end) break;
      const payload = this.pending.subarray(offset + FRAME_HEADER_BYTES, end);
      frames.push({ stream: stream as StreamType, payload: Buffer.from(payload) });
      offset = end;
    }
    this.pending = this.pending.subarray(offset);
    return frames;
  }

  /** Bytes of an unfinished frame still buffered (non-zero at end of input means truncation). */
  get bufferedBytes(): number {
    return this.pending.length;
  }
}

/** Where demultiplexed output goes. */
export interface OutputSinks {
  stdout(bytes: Uint8Array): void;
  stderr(bytes: Uint8Array): void;
}

/**
 * Copies a multiplexed stream to `sinks` until it ends. Stdin frames are dropped; a systemerr
 * frame rejects with its text, as docker's StdCopy does.
 */
export async function demultiplex(
  source: AsyncIterable<unknown>,
  sinks: OutputSinks,
): Promise<void> {
  const decoder = new FrameDecoder();
  for await (const chunk of source) {
    for (const frame of decoder.push(chunk as Uint8Array)) {
      if (frame.stream === StreamType.stdout) sinks.stdout(frame.payload);
      else if (frame.stream === StreamType.stderr) sinks.stderr(frame.payload);
      else if (frame.stream === StreamType.systemerr) {
        throw new Error(`error from daemon in stream: ${frame.payload.toString('utf8')}`);
      }
    }
  }
}

/** Copies a raw (TTY) stream to stdout unchanged. */
export async function copyRaw(source: AsyncIterable<unknown>, sinks: OutputSinks): Promise<void> {
  for await (const chunk of source) sinks.stdout(chunk as Uint8Array);
}
