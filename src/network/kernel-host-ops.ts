import { netns, openRtnl, writeSysctl } from '../kernel/index.js';
import type { HostOps } from './host-ops.js';

/**
 * HostOps on the real kernel. `hostNetnsPath` names the namespace that plays the host: the
 * daemon's own by default; tests pass a throwaway namespace so nothing touches the machine.
 */
export function createKernelHostOps(
  opts: { hostNetnsPath?: string } = {},
): HostOps & { close(): void } {
  const hostPath = opts.hostNetnsPath;
  const host = openRtnl(hostPath);
  return {
    host,
    hostNetnsPath: hostPath ?? `/proc/${process.pid}/ns/net`,
    netns,
    openSandbox: (path) => openRtnl(path),
    writeSysctl: (key, value, nsPath) => writeSysctl(key, value, nsPath ?? hostPath),
    close: () => host.close(),
  };
}
