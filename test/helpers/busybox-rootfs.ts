/**
 * A minimal root filesystem made from the host's static busybox: enough for runtime tests to
 * run shells, sleep, cat and look at the network, with no image download. Usable as a single
 * overlay lowerdir (it is never written to: the container's changes go to the upper dir).
 */
import { copyFileSync, existsSync, mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/** The static busybox copied into the rootfs (Debian's busybox-static). */
export const HOST_BUSYBOX = '/bin/busybox';

/** Applets linked in /bin. */
export const BUSYBOX_APPLETS = [
  'sh',
  'echo',
  'cat',
  'sleep',
  'ip',
  'ping',
  'hostname',
  'id',
  'ls',
  'sysctl',
  'nc',
  'true',
  'false',
  'env',
  'readlink',
  'printf',
  'tty',
  'stty',
  'wc',
];

/**
 * Builds the rootfs under `dir` (created if needed): /bin/busybox plus applet symlinks,
 * /etc/passwd and /etc/group, and empty /proc, /sys, /dev, /tmp mount points. Returns `dir`.
 */
export function makeBusyboxRootfs(dir: string): string {
  for (const d of ['bin', 'etc', 'proc', 'sys', 'dev', 'tmp', 'root']) {
    mkdirSync(join(dir, d), { recursive: true });
  }
  copyFileSync(HOST_BUSYBOX, join(dir, 'bin/busybox'));
  for (const applet of BUSYBOX_APPLETS) {
    const link = join(dir, 'bin', applet);
    if (!existsSync(link)) symlinkSync('busybox', link);
  }
  writeFileSync(
    join(dir, 'etc/passwd'),
    'root:x:0:0:root:/root:/bin/sh\nnobody:x:65534:65534:nobody:/nonexistent:/bin/false\n',
  );
  writeFileSync(join(dir, 'etc/group'), 'root:x:0:\nnogroup:x:65534:\n');
  return dir;
}
