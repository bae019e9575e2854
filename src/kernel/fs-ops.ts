/**
 * Mounts and the special files overlayfs needs, through the addon (Node has no mount(2) or
 * mknod(2)). Used for container root filesystems and image layers; errors become KernelErrors.
 */
import { toKernelError } from './kernel-error.js';
import { loadNative } from './native.js';

/** MS_* flags from <sys/mount.h>. */
export const MS = {
  RDONLY: 0x1,
  NOSUID: 0x2,
  NODEV: 0x4,
  NOEXEC: 0x8,
  REMOUNT: 0x20,
  BIND: 0x1000,
  REC: 0x4000,
  PRIVATE: 0x40000,
} as const;

/** MNT_* flags of umount2(2). */
export const MNT_DETACH = 0x2;

const ENOENT = 2;
const EINVAL = 22;

export function mount(
  source: string,
  target: string,
  fstype: string,
  flags: number,
  data?: string,
): void {
  try {
    loadNative().mount(source, target, fstype, flags, data);
  } catch (err) {
    throw toKernelError(err, { action: `mount ${fstype}`, target });
  }
}

/** Mounts an overlay of read-only `lowerDirs` (top first) with a writable upper layer. */
export function mountOverlay(
  target: string,
  dirs: { lower: string[]; upper: string; work: string },
): void {
  const data = `lowerdir=${dirs.lower.join(':')},upperdir=${dirs.upper},workdir=${dirs.work}`;
  mount('overlay', target, 'overlay', 0, data);
}

/** Unmounts (lazily with `detach`); a path that is not mounted or absent counts as done. */
export function unmount(target: string, opts: { detach?: boolean } = {}): boolean {
  try {
    loadNative().umount(target, opts.detach === true ? MNT_DETACH : 0);
    return true;
  } catch (err) {
    const e = err as { errno?: number };
    if (e.errno === EINVAL || e.errno === ENOENT) return false;
    throw toKernelError(err, { action: 'unmount', target });
  }
}

const S_IFCHR = 0o020000;

/** An overlayfs whiteout: a 0/0 character device hiding `path` of the layers below. */
export function makeWhiteout(path: string): void {
  try {
    loadNative().mknod(path, S_IFCHR, 0, 0);
  } catch (err) {
    throw toKernelError(err, { action: 'create whiteout', target: path });
  }
}

/** Marks an overlayfs directory opaque: the layers below show nothing inside it. */
export function makeOpaque(dir: string): void {
  try {
    loadNative().lsetxattr(dir, 'trusted.overlay.opaque', 'y');
  } catch (err) {
    throw toKernelError(err, { action: 'mark opaque', target: dir });
  }
}
