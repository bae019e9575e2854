import { EngineError } from '../common/errors.js';
import type { NetnsOps, Rtnl } from '../kernel/types.js';

/**
 * Everything the network layer does to the host, behind one injected interface so drivers can be
 * exercised against another namespace (tests run the "host" inside a throwaway netns) or a fake.
 */
export interface HostOps {
  /** rtnetlink in the engine's host namespace (long-lived socket). */
  readonly host: Rtnl;
  /** Opens rtnetlink inside a sandbox namespace; the caller closes it. */
  openSandbox(netnsPath: string): Rtnl;
  readonly netns: NetnsOps;
  /**
   * Writes a sysctl in the host, or in `netnsPath`. The key is given as path segments under
   * /proc/sys (`['net', 'ipv6', 'conf', ifName, 'accept_ra']`) because interface names may
   * contain dots.
   */
  writeSysctl(key: readonly string[], value: string, netnsPath?: string): void;
  /**
   * Deletes a host link off the JS thread (RTM_DELLINK of a veth waits tens of ms for the kernel
   * to unregister it). The caller makes sure the link can no longer collide with what it creates
   * next; a link already gone is fine.
   */
  deleteLinkLater(name: string): void;
  /** Resolves when every deletion queued so far by deleteLinkLater has finished. */
  settle(): Promise<void>;
  /** Path of the host namespace, e.g. for the host sandbox's key. */
  readonly hostNetnsPath: string;
}

/** Runs `fn` with an rtnetlink socket inside a sandbox and always closes it. */
export function withSandbox<R>(ops: HostOps, netnsPath: string, fn: (rtnl: Rtnl) => R): R {
  const rtnl = ops.openSandbox(netnsPath);
  try {
    return fn(rtnl);
  } finally {
    rtnl.close();
  }
}

/**
 * Writes a sysctl that may be absent (IPv6 disabled on the kernel command line, an interface
 * without that key): best effort, other errors are thrown.
 */
export function trySysctl(
  ops: HostOps,
  key: readonly string[],
  value: string,
  netnsPath?: string,
): void {
  try {
    ops.writeSysctl(key, value, netnsPath);
  } catch (err) {
    if (!(err instanceof EngineError && err.kind === 'not_found')) throw err;
  }
}
