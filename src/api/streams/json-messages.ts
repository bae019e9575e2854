/**
 * Writing Docker JSON message streams (see api-types/json-message.ts). The response starts
 * lazily with the first message: an operation that fails before anything was sent still gets a
 * proper status and `{"message"}` body, as Docker's `if !output.Flushed() { return err }`;
 * after that, failures go in band as an `error` message, as `streamformatter.FormatError`.
 */
import type { ServerResponse } from 'node:http';
import type { FastifyReply } from 'fastify';
import type { JsonMessage } from '../../api-types/json-message.js';
import { startStreamingResponse } from './streaming-response.js';
import { writeWithBackpressure } from './write-backpressure.js';

/** One message as it goes on the wire: compact JSON and CRLF. */
export function formatJsonMessage(message: JsonMessage): string {
  return `${JSON.stringify(message)}\r\n`;
}

/** The in-band error message for `err`. */
export function errorMessage(err: unknown): JsonMessage {
  const text = err instanceof Error ? err.message : String(err);
  return { errorDetail: { message: text }, error: text };
}

/** A JSON message stream over one reply. */
export class JsonMessageWriter {
  private res: ServerResponse | undefined;

  constructor(private readonly reply: FastifyReply) {}

  /** True once the status line has been sent (errors can then only go in band). */
  get started(): boolean {
    return this.res !== undefined;
  }

  private start(): ServerResponse {
    this.res ??= startStreamingResponse(this.reply, { contentType: 'application/json' });
    return this.res;
  }

  /**
   * Sends one message; resolves when the connection can take more. A client that went away
   * is not an error of the operation, so a failed write resolves too.
   */
  async write(message: JsonMessage): Promise<void> {
    await writeWithBackpressure(this.start(), formatJsonMessage(message)).catch(() => undefined);
  }

  /**
   * Reports a failure: rethrows `err` when nothing was sent yet (the error handler answers with
   * a status), else sends it as the last message and ends the stream.
   */
  async fail(err: unknown): Promise<void> {
    if (!this.started) throw err;
    await this.write(errorMessage(err));
    this.end();
  }

  /** Ends the stream (an empty 200 when nothing was written). */
  end(): void {
    const res = this.start();
    if (!res.writableEnded) res.end();
  }
}
