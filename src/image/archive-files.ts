/**
 * The outer tarball of `docker load`, spooled to disk: it is extracted (streamed, never held in
 * memory) into a private directory under `<root>/tmp`, because its manifest usually comes *after*
 * the layers it describes and layers must be read in config order. Files inside are then reached
 * only through `archiveFile()`, which refuses names that resolve outside the directory (through
 * `..` or a symlink such as the `<id>/layer.tar -> ../<id2>/layer.tar` links `docker save` writes).
 */
import { realpath, readFile } from 'node:fs/promises';
import { join, resolve, sep } from 'node:path';
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { extract } from 'tar';
import { invalid } from '../common/errors.js';

/** Warnings of node-tar that mean "this is not a (complete) tar archive". */
const FATAL_TAR_WARNINGS = new Set(['TAR_BAD_ARCHIVE', 'TAR_ABORTED']);

/** Extracts the tar (or gzip-compressed tar) `src` into the existing directory `dir`. */
export async function extractArchive(src: Readable, dir: string): Promise<void> {
  let fatal: string | undefined;
  const unpack = extract({
    cwd: dir,
    preserveOwner: false,
    onwarn: (code: string, message: string) => {
      if (FATAL_TAR_WARNINGS.has(code)) fatal ??= message;
    },
  });
  try {
    await pipeline(src, unpack);
  } catch (err) {
    throw invalid(`Cannot load image archive: ${(err as Error).message}`, 'INVALID_ARCHIVE');
  }
  if (fatal !== undefined) {
    throw invalid(`Cannot load image archive: ${fatal}`, 'INVALID_ARCHIVE');
  }
}

/**
 * The real path of `rel` inside the extracted archive `dir`; `invalid` when it is missing or
 * resolves outside `dir`.
 */
export async function archiveFile(dir: string, rel: string): Promise<string> {
  const root = await realpath(dir);
  let real: string;
  try {
    real = await realpath(resolve(root, rel));
  } catch {
    throw invalid(`Cannot load image archive: "${rel}" is missing`, 'INVALID_ARCHIVE');
  }
  if (!real.startsWith(root + sep)) {
    throw invalid(
      `Cannot load image archive: "${rel}" points outside the archive`,
      'INVALID_ARCHIVE',
    );
  }
  return real;
}

/** Reads and parses a JSON file of the archive; `invalid` when it is missing or malformed. */
export async function readArchiveJson(dir: string, rel: string): Promise<unknown> {
  const text = await readFile(await archiveFile(dir, rel), 'utf8');
  try {
    return JSON.parse(text) as unknown;
  } catch (err) {
    throw invalid(
      `Cannot load image archive: "${rel}" is not JSON: ${(err as Error).message}`,
      'INVALID_ARCHIVE',
    );
  }
}

/** Reads a file of the archive as bytes. */
export async function readArchiveBytes(dir: string, rel: string): Promise<Buffer> {
  return readFile(await archiveFile(dir, rel));
}

/** Path of a content-addressed blob of an OCI layout (`blobs/<alg>/<hex>`). */
export function blobPath(digest: string): string {
  const [alg, hex] = digest.split(':');
  if (
    alg === undefined ||
    hex === undefined ||
    !/^[a-z0-9]+$/.test(alg) ||
    !/^[a-f0-9]+$/.test(hex)
  ) {
    throw invalid(`Cannot load image archive: bad digest "${digest}"`, 'INVALID_ARCHIVE');
  }
  return join('blobs', alg, hex);
}

/** One layer file of an archive, bottom first. */
export interface ArchiveLayer {
  /** Path inside the extracted archive. */
  path: string;
  /** Blob digest from an OCI descriptor, verified while unpacking. */
  digest?: string;
}

/** One image found in an archive, before anything is unpacked. */
export interface ArchiveImage {
  /** Config bytes (their sha256 is the image ID); absent for legacy v1 images. */
  config?: Buffer;
  /** Legacy v1 images: the top layer's v1 JSON, from which the config is made after unpacking. */
  legacyV1?: Record<string, unknown>;
  layers: ArchiveLayer[];
  /** Tags as written in the archive (`busybox:latest`); validated by the loader. */
  tags: string[];
}

export const isRecord = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

/** `invalid` for a malformed archive. */
export const badArchive = (detail: string) =>
  invalid(`Cannot load image archive: ${detail}`, 'INVALID_ARCHIVE');
