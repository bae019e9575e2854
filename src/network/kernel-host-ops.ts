import { LinkReaper, netns, openRtnl, writeSysctl, type KernelError } from '../kernel/index.js';
import type { HostOps } from './host-ops.js';

export interface KernelHostOpsOptions {
  /** The namespace that plays the host (the daemon's own when absent). */
  hostNetnsPath?: string;
  /** Told when a background link deletion fails (the link is left for reconcile). */
  onDeleteError?: (err: KernelError, name: string) => void;
}

/**
 * HostOps on the real kernel. `hostNetnsPath` names the namespace that plays the host: the
 * daemon's own by default; tests pass a throwaway namespace so nothing touches the machine.
 */
export function createKernelHostOps(
  opts: KernelHostOpsOptions = {},
): HostOps & { close(opts?: { waitMs?: number }): Promise<void> } {
  const hostPath = opts.hostNetnsPath;
  const host = openRtnl(hostPath);
  let reaper: LinkReaper;
  try {
    reaper = new LinkReaper({
      ...(hostPath !== undefined ? { nsPath: hostPath } : {}),
      onError: opts.onDeleteError ?? (() => undefined),
    });
  } catch (err) {
    host.close();
    throw err;
  }
  return {
    host,
    hostNetnsPath: hostPath ?? `/proc/${process.pid}/ns/net`,
    netns,
    openSandbox: (path) => openRtnl(path),
    writeSysctl: (key, value, nsPath) => writeSysctl(key, value, nsPath ?? hostPath),
    deleteLinkLater: (name) => reaper.delete(name),
    settle: () => reaper.drain(),
    /** Closes the sockets after the queued link deletions (at most `waitMs` when given). */
    async close(closeOpts: { waitMs?: number } = {}) {
      try {
        await reaper.close(closeOpts.waitMs);
      } finally {
        host.close();
      }
    },
  };
}
