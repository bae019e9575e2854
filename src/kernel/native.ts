/**
 * The typed face of the in-project N-API addon (native/nlns.c). Namespace-sensitive calls
 * (socket creation in a netns, netns creation, opening a file in a netns) run on a dedicated
 * short-lived pthread inside the addon, so the JS thread and libuv's pool threads never
 * change namespace (docs/kernel-api.md §2.1).
 *
 * Errors thrown by these functions are `Error`s with `errno` (positive), `code` ('EEXIST')
 * and `syscall` ('mount'); convert them with `toKernelError()`.
 */
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { EngineError } from '../common/errors.js';

/** The addon's exports. */
export interface NativeAddon {
  /**
   * AF_NETLINK socket (SOCK_CLOEXEC), created inside `nsPath` when given, bound, with
   * NETLINK_EXT_ACK and NETLINK_CAP_ACK on, SO_RCVTIMEO/SO_SNDTIMEO of `timeoutMs` (5 s by
   * default) and a 4 MiB receive buffer. Returns the fd.
   */
  openNetlink(protocol: number, nsPath?: string, timeoutMs?: number): number;
  /** The port id (nl_pid) the kernel assigned to the socket at bind time. */
  portId(fd: number): number;
  /** Sends one datagram to the kernel; returns the bytes sent. */
  send(fd: number, message: Buffer): number;
  /** Receives one whole datagram (blocking, up to the receive timeout → EAGAIN). */
  recv(fd: number): Buffer;
  close(fd: number): void;
  /** `ip netns add`: O_CREAT|O_EXCL file at `path`, unshare(CLONE_NEWNET), bind mount. */
  createNetns(path: string): void;
  /** `ip netns del`: umount2(MNT_DETACH) and unlink; absent paths are fine. */
  deleteNetns(path: string): void;
  /** open(2) of `path` from inside the netns at `nsPath`; returns the fd. */
  openInNetns(nsPath: string, path: string, flags: number): number;
  /** True when `path` is an nsfs file for a network namespace (a live netns mount). */
  isNetnsMount(path: string): boolean;
  /**
   * Sends `message` on netlink socket `fd` and waits for the datagram answering its sequence
   * number, both on a libuv pool thread. The caller keeps `fd` for this alone, one request at a
   * time. Rejects with an errno-carrying Error when send or recv fails (EAGAIN on timeout).
   */
  requestAsync(fd: number, message: Buffer): Promise<Buffer>;
  /** mount(2); `flags` are MS_* bits, `data` the fs-specific option string. */
  mount(source: string, target: string, fstype: string, flags: number, data?: string): void;
  /** umount2(2) with MNT_* flags. */
  umount(target: string, flags?: number): void;
  /** mknod(2): `mode` includes the file type bits (S_IFCHR…). */
  mknod(path: string, mode: number, major: number, minor: number): void;
  /** lsetxattr(2) with a string value. */
  lsetxattr(path: string, name: string, value: string): void;
}

/**
 * Where node-gyp puts the addon, relative to this module once compiled:
 * dist/src/kernel/native.js → <repo>/native/build/Release/nlns.node.
 */
const ADDON_URL = new URL('../../../native/build/Release/nlns.node', import.meta.url);

let loaded: NativeAddon | undefined;

/** Loads the addon once; 'unavailable' when `npm run build:native` has not been run. */
export function loadNative(): NativeAddon {
  if (loaded !== undefined) return loaded;
  const path = fileURLToPath(ADDON_URL);
  try {
    loaded = createRequire(import.meta.url)(path) as NativeAddon;
  } catch (err) {
    throw new EngineError('unavailable', `Cannot load native addon "${path}": ${String(err)}`, {
      code: 'NATIVE_ADDON_UNAVAILABLE',
      cause: err,
    });
  }
  return loaded;
}
