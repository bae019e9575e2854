/**
 * Network namespaces as bind-mounted files, exactly like `ip netns add/del`: a namespace
 * lives as long as its file is mounted, independent of any process. Creation runs on the
 * addon's throwaway thread (unshare + bind mount of /proc/thread-self/ns/net), so the JS thread
 * stays in its own namespace.
 *
 * Stale files: on this platform /run is not always tmpfs, so after a reboot /run/netns/<x> may
 * be a plain empty file. isMounted() tells the two apart (statfs NSFS_MAGIC + NS_GET_NSTYPE);
 * remove() cleans up both.
 */
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { toKernelError } from './kernel-error.js';
import { loadNative } from './native.js';
import type { NetnsOps } from './types.js';

/** Creates a namespace at `path` (parent directories are made). EEXIST is a 'conflict'. */
function create(path: string): void {
  try {
    mkdirSync(dirname(path), { recursive: true });
    loadNative().createNetns(path);
  } catch (err) {
    throw toKernelError(err, { action: 'create netns', target: path });
  }
}

/** Unmounts (MNT_DETACH) and unlinks `path`; absent or stale paths are fine. */
function remove(path: string): void {
  try {
    loadNative().deleteNetns(path);
  } catch (err) {
    throw toKernelError(err, { action: 'remove netns', target: path });
  }
}

/** True when `path` is a live network-namespace mount. */
function isMounted(path: string): boolean {
  try {
    return loadNative().isNetnsMount(path);
  } catch (err) {
    throw toKernelError(err, { action: 'inspect netns', target: path });
  }
}

/** The kernel's NetnsOps (see types.ts). */
export const netns: NetnsOps = { create, remove, isMounted };
