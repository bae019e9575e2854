/**
 * Writes the entries of one layer tar into a directory that will serve as an overlayfs
 * `lowerdir`. Besides plain extraction this converts the OCI/Docker whiteout files into what
 * overlayfs understands (OCI image spec, "Whiteouts"; kernel Documentation/filesystems/
 * overlayfs.rst):
 *
 * - `.wh.<name>` → a 0/0 character device `<name>` (hides `<name>` of lower layers);
 * - `.wh..wh..opq` → the `trusted.overlay.opaque=y` xattr on its directory (hides all of the
 *   directory's lower contents);
 * - other `.wh..wh.*` names are AUFS bookkeeping and are skipped.
 *
 * Ownership, permission bits (setuid included: chmod runs after chown, which clears them),
 * symlinks, hard links and mtimes are kept. Directory mtimes are set last, deepest first,
 * because creating children changes them. Device nodes and FIFOs are skipped: Node cannot make
 * them and containers get `/dev` from the runtime. Extended attributes (pax `SCHILY.xattr.*`)
 * are not applied.
 */
import { constants } from 'node:fs';
import {
  chmod,
  lchown,
  link,
  lstat,
  lutimes,
  mkdir,
  open,
  rm,
  symlink,
  utimes,
} from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import type { Header } from 'tar-stream';
import { makeOpaque, makeWhiteout } from '../kernel/fs-ops.js';
import { entryComponents, safeEntryPath } from './layer-path.js';

const WHITEOUT_PREFIX = '.wh.';
const OPAQUE_MARKER = '.wh..wh..opq';
const AUFS_META_PREFIX = '.wh..wh.';
/** An entry's content as tar-stream hands it over (a streamx Readable). */
export type EntryBody = AsyncIterable<unknown> & { resume(): unknown };

const NEW_FILE_FLAGS =
  constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL | constants.O_NOFOLLOW;

/** Removes whatever is at `path` (nothing there is fine), never following a symlink. */
async function clear(path: string): Promise<void> {
  await rm(path, { recursive: true, force: true });
}

async function isDirectory(path: string): Promise<boolean> {
  try {
    return (await lstat(path)).isDirectory();
  } catch {
    return false;
  }
}

/** Applies one layer's entries to `root`; call `finish()` after the last entry. */
export class LayerWriter {
  /** Sum of regular file sizes: Docker's layer `Size`. */
  sizeBytes = 0;
  private readonly dirTimes: { path: string; mtime: Date }[] = [];

  constructor(private readonly root: string) {}

  /** Writes one entry; `body` is always consumed. Throws `invalid` for unsafe names. */
  async add(header: Header, body: EntryBody): Promise<void> {
    try {
      await this.write(header, body);
    } finally {
      body.resume();
    }
  }

  /** Sets directory mtimes, deepest first (children no longer change them). */
  async finish(): Promise<void> {
    const dirs = [...this.dirTimes].sort((a, b) => b.path.length - a.path.length);
    for (const d of dirs) await utimes(d.path, d.mtime, d.mtime);
  }

  private async write(header: Header, body: EntryBody): Promise<void> {
    const parts = entryComponents(header.name);
    const base = parts[parts.length - 1];
    if (base === undefined) {
      if (header.type === 'directory') await this.setDirMeta(this.root, header);
      return;
    }
    const path = await safeEntryPath(this.root, parts, { name: header.name, create: true });
    if (base.startsWith(WHITEOUT_PREFIX)) return this.whiteout(path, base);
    switch (header.type) {
      case 'directory':
        if (!(await isDirectory(path))) {
          await clear(path);
          await mkdir(path, { mode: 0o700 });
        }
        return this.setDirMeta(path, header);
      case 'file':
      case 'contiguous-file':
        return this.writeFile(path, header, body);
      case 'symlink':
        await clear(path);
        await symlink(header.linkname, path);
        return this.setMeta(path, header, { symlink: true });
      case 'link':
        return this.hardLink(path, header);
      default:
        return;
    }
  }

  private async whiteout(path: string, base: string): Promise<void> {
    if (base === OPAQUE_MARKER) return makeOpaque(dirname(path));
    if (base.startsWith(AUFS_META_PREFIX)) return;
    const hidden = join(dirname(path), base.slice(WHITEOUT_PREFIX.length));
    await clear(hidden);
    makeWhiteout(hidden);
  }

  private async writeFile(path: string, header: Header, body: EntryBody): Promise<void> {
    await clear(path);
    const file = await open(path, NEW_FILE_FLAGS, 0o600);
    await pipeline(body, file.createWriteStream());
    this.sizeBytes += header.size;
    await this.setMeta(path, header, { symlink: false });
  }

  private async hardLink(path: string, header: Header): Promise<void> {
    const linkname = header.linkname;
    const parts = entryComponents(linkname);
    const target = await safeEntryPath(this.root, parts, { name: linkname, create: false });
    await clear(path);
    await link(target, path);
  }

  private async setDirMeta(path: string, header: Header): Promise<void> {
    await lchown(path, header.uid, header.gid);
    await chmod(path, header.mode & 0o7777);
    this.dirTimes.push({ path, mtime: header.mtime });
  }

  private async setMeta(path: string, header: Header, opts: { symlink: boolean }): Promise<void> {
    await lchown(path, header.uid, header.gid);
    const mtime = header.mtime;
    if (opts.symlink) return lutimes(path, mtime, mtime);
    await chmod(path, header.mode & 0o7777);
    await utimes(path, mtime, mtime);
  }
}
