/**
 * Docker's JSON-messages progress stream (`load`, `import`): one JSON object per line with
 * `stream` text, `status` lines (`id: status`), progress bars and a final `error`. On a terminal
 * progress is redrawn in place; elsewhere progress messages are dropped, as docker's
 * `DisplayJSONMessagesStream` does.
 */
import { EngineError } from '../../../common/errors.js';

/** One message of the stream (the fields the CLI uses). */
export interface JsonMessage {
  stream?: string;
  status?: string;
  id?: string;
  progress?: string;
  progressDetail?: { current?: number; total?: number };
  error?: string;
  errorDetail?: { message?: string };
}

/** Renders messages one at a time, remembering whether a progress line is open. */
export class JsonMessageRenderer {
  private progressOpen = false;

  constructor(
    private readonly write: (text: string) => void,
    private readonly terminal: boolean,
  ) {}

  /** Writes one message. @throws EngineError for an `error` message. */
  render(message: JsonMessage): void {
    const error = message.errorDetail?.message ?? message.error;
    if (error) {
      this.finish();
      throw new EngineError('internal', error);
    }
    const isProgress =
      message.progress !== undefined || message.progressDetail?.total !== undefined;
    if (isProgress && message.stream === undefined) {
      if (!this.terminal) return;
      const bar = message.progress ? ` ${message.progress}` : '';
      this.write(`\r\x1b[2K${prefix(message)}${message.status ?? ''}${bar}`);
      this.progressOpen = true;
      return;
    }
    this.finish();
    if (message.stream !== undefined) this.write(message.stream);
    else if (message.status !== undefined) this.write(`${prefix(message)}${message.status}\n`);
  }

  /** Ends an open progress line. */
  finish(): void {
    if (this.progressOpen) this.write('\n');
    this.progressOpen = false;
  }
}

function prefix(message: JsonMessage): string {
  return message.id ? `${message.id}: ` : '';
}

/** Decodes newline-delimited JSON messages from a byte stream. */
export async function* readJsonMessages(
  source: AsyncIterable<unknown>,
): AsyncGenerator<JsonMessage> {
  let pending = '';
  const decoder = new TextDecoder();
  for await (const chunk of source) {
    pending += decoder.decode(chunk as Uint8Array, { stream: true });
    const lines = pending.split('\n');
    pending = lines.pop() ?? '';
    for (const line of lines) if (line.trim() !== '') yield parseMessage(line);
  }
  pending += decoder.decode();
  if (pending.trim() !== '') yield parseMessage(pending);
}

function parseMessage(line: string): JsonMessage {
  try {
    const value: unknown = JSON.parse(line);
    return typeof value === 'object' && value !== null
      ? (value as JsonMessage)
      : { stream: `${line}\n` };
  } catch {
    return { stream: `${line}\n` };
  }
}

/** Renders a whole response stream. */
export async function displayJsonMessages(
  source: AsyncIterable<unknown>,
  out: { write: (text: string) => void; terminal: boolean },
): Promise<void> {
  const renderer = new JsonMessageRenderer(out.write, out.terminal);
  for await (const message of readJsonMessages(source)) renderer.render(message);
  renderer.finish();
}
