/**
 * The attached half of `run` and `start -a`: attach first, register the wait (so a short-lived
 * container's exit cannot be missed), start, keep the TTY sized, stream until the output ends,
 * and return the container's exit code.
 */
import type { ContainerWaitResponse } from '../../../api-types/container.js';
import { pathSegment, type PouchClient } from '../../client.js';
import type { CliIo } from '../../io.js';
import { pumpContainerStreams } from '../../streams/container-streams.js';
import { hijack } from '../../streams/hijack.js';
import { withTerminalSession } from '../../streams/terminal-session.js';

/** One attached session. */
export interface AttachFlowOptions {
  /** Container ID or name. */
  container: string;
  tty: boolean;
  /** Pipe the client's stdin into the container (`-i`). */
  stdin: boolean;
  /** Starts the container; called once the streams and the wait are in place. */
  start: () => Promise<void>;
}

/** Sends the wait request and resolves once it is on the wire; `result` is the answer. */
async function registerWait(
  client: PouchClient,
  path: string,
): Promise<{ result: Promise<ContainerWaitResponse> }> {
  let markSent = (): void => {};
  const sent = new Promise<void>((resolve) => (markSent = resolve));
  const result = client.request<ContainerWaitResponse>('POST', `${path}/wait`, {
    query: { condition: 'next-exit' },
    onSent: markSent,
  });
  result.catch(() => undefined);
  await Promise.race([sent, result]);
  return { result };
}

/** Runs the session; returns the exit code (from the wait, after the output has ended). */
export async function runAttached(
  client: PouchClient,
  io: CliIo,
  options: AttachFlowOptions,
): Promise<number> {
  const path = `/containers/${pathSegment(options.container)}`;
  const connection = await hijack(client, `${path}/attach`, {
    query: { stream: '1', stdin: options.stdin ? '1' : undefined, stdout: '1', stderr: '1' },
  });
  try {
    const { result } = await registerWait(client, path);
    await options.start();
    const terminal = io.terminal;
    const resize = options.tty
      ? async (size: { rows: number; columns: number }) =>
          void (await client.post(`${path}/resize`, undefined, {
            h: String(size.rows),
            w: String(size.columns),
          }))
      : undefined;
    const stdin = options.stdin ? terminal.stdin() : undefined;
    const sinks = {
      stdout: (b: Uint8Array) => io.stdout(b),
      stderr: (b: Uint8Array) => io.stderr(b),
    };
    await withTerminalSession(
      terminal,
      resize ? { raw: options.stdin, resize } : { raw: options.stdin },
      () =>
        pumpContainerStreams(
          connection,
          stdin ? { tty: options.tty, sinks, stdin } : { tty: options.tty, sinks },
        ),
    );
    const status = await result;
    if (status.Error?.Message) io.stderr(`Error: ${status.Error.Message}\n`);
    return status.StatusCode;
  } finally {
    connection.destroy();
    if (options.stdin) io.terminal.releaseStdin();
  }
}
