/**
 * The kernel layer's public surface: rtnetlink (openRtnl), network namespaces (netns), sysctls and
 * conntrack entries (ctnetlink), plus the error type callers branch on. Everything else in src/kernel/ is internal.
 */
export type * from './types.js';
export { openRtnl, RtnlClient } from './rtnl.js';
export { netns } from './netns.js';
export { LinkReaper, type LinkReaperOptions } from './link-reaper.js';
export { readSysctl, writeSysctl, sysctlPath, type SysctlKey } from './sysctl.js';
export {
  KernelError,
  errnoName,
  kindForErrno,
  type KernelOperation,
  type KernelErrorOptions,
} from './kernel-error.js';
export { findLinkNameProblem } from './link-name.js';
export { MS, mount, mountOverlay, unmount, makeWhiteout, makeOpaque } from './fs-ops.js';
export {
  deleteConntrackEntries,
  listConntrackEntries,
  type ConntrackEntry,
  type ConntrackFilter,
  type ConntrackOptions,
} from './conntrack.js';
