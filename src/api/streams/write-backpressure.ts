/** Writing to a socket or response without outrunning it. */
import type { Writable } from 'node:stream';

/**
 * Writes `chunk` and resolves once `out` can take more (at once, or after `drain`). Rejects
 * when `out` is closed or destroyed before draining, so a writer never waits forever on a
 * connection the client dropped.
 */
export function writeWithBackpressure(out: Writable, chunk: Buffer | string): Promise<void> {
  if (out.destroyed || out.writableEnded) {
    return Promise.reject(new Error('Cannot write: the connection is closed'));
  }
  if (out.write(chunk)) return Promise.resolve();
  return new Promise((resolve, reject) => {
    const cleanup = (): void => {
      out.off('drain', onDrain);
      out.off('close', onClose);
    };
    const onDrain = (): void => {
      cleanup();
      resolve();
    };
    const onClose = (): void => {
      cleanup();
      reject(new Error('Cannot write: the connection is closed'));
    };
    out.on('drain', onDrain);
    out.on('close', onClose);
  });
}
