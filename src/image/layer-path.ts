/**
 * Where a layer tar entry may be written. A layer comes from an untrusted tarball and is unpacked
 * as root, so every name is checked before anything touches the disk:
 *
 * - absolute names and `..` components are refused outright (Docker strips them; refusing makes a
 *   hostile or broken image visible instead of silently changing it);
 * - every parent directory is `lstat`ed and must be a real directory: an earlier entry
 *   `etc -> /etc` followed by `etc/passwd` would otherwise write through the symlink to the host.
 *
 * The leaf itself is never followed either: writers remove whatever is there and create the new
 * node with O_EXCL/O_NOFOLLOW (see layer-writer.ts).
 */
import { lstat, mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { invalid } from '../common/errors.js';

const refuse = (name: string, detail: string) =>
  invalid(`Cannot unpack layer entry "${name}": ${detail}`, 'INVALID_LAYER');

/**
 * The components of a tar entry name (`./usr/bin/` → `['usr', 'bin']`; the root → `[]`).
 * Throws `invalid` for absolute paths and `..`, which would escape the layer directory.
 */
export function entryComponents(name: string): string[] {
  if (name.startsWith('/')) throw refuse(name, 'absolute paths are not allowed');
  if (name.includes('\0')) throw refuse(name, 'NUL in path');
  const parts = name.split('/').filter((p) => p !== '' && p !== '.');
  if (parts.includes('..')) throw refuse(name, 'path escapes the layer ("..")');
  return parts;
}

function errnoCode(err: unknown): string | undefined {
  return (err as { code?: string }).code;
}

/**
 * Checks that each parent of `parts` below `root` is a real directory (not a symlink), creating
 * missing ones (mode 0755, as tar does) when `create` is set. Returns the entry's full path.
 */
export async function safeEntryPath(
  root: string,
  parts: readonly string[],
  opts: { name: string; create: boolean },
): Promise<string> {
  let dir = root;
  for (const part of parts.slice(0, -1)) {
    dir = join(dir, part);
    try {
      const st = await lstat(dir);
      if (st.isDirectory()) continue;
      throw refuse(
        opts.name,
        st.isSymbolicLink()
          ? `path goes through symlink "${part}"`
          : `"${part}" is not a directory`,
      );
    } catch (err) {
      if (errnoCode(err) !== 'ENOENT') throw err;
      if (!opts.create) throw refuse(opts.name, `"${part}" does not exist`);
      await mkdir(dir, { mode: 0o755 });
    }
  }
  return join(root, ...parts);
}
