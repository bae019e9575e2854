/**
 * The client terminal around an interactive session: raw mode while a TTY stdin is attached
 * (restored however the session ends), and the container's TTY kept at the terminal's size
 * (once at start, then on every SIGWINCH; resizes still in flight are awaited at the end).
 */
import type { TerminalIo, TerminalSize } from '../io.js';

/** What the session needs. */
export interface TerminalSessionOptions {
  /** Put a TTY stdin in raw mode (`-it`). */
  raw: boolean;
  /** Sends the size to the daemon; called only when stdout is a terminal. Errors are ignored. */
  resize?: (size: TerminalSize) => Promise<void>;
}

/** Runs `session` inside the terminal setup and undoes it afterwards. */
export async function withTerminalSession<T>(
  terminal: TerminalIo,
  options: TerminalSessionOptions,
  session: () => Promise<T>,
): Promise<T> {
  const raw = options.raw && terminal.stdinIsTty;
  let unsubscribe = (): void => {};
  const pending = new Set<Promise<void>>();
  if (options.resize) {
    const resize = options.resize;
    const sendSize = (): void => {
      const size = terminal.size();
      if (!size) return;
      const sent = resize(size).catch(() => undefined);
      pending.add(sent);
      void sent.then(() => pending.delete(sent));
    };
    sendSize();
    unsubscribe = terminal.onResize(sendSize);
  }
  if (raw) terminal.setRawMode(true);
  try {
    return await session();
  } finally {
    if (raw) terminal.setRawMode(false);
    unsubscribe();
    await Promise.all(pending);
  }
}
