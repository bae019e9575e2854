/**
 * Finds the images in an extracted `docker load` archive, whichever of the three formats it is:
 * `docker save` (manifest.json: `[{Config, RepoTags, Layers}]`), an OCI image layout
 * (index.json), or the legacy v1 format (`repositories` only). manifest.json wins when present,
 * since Docker 25+ writes it next to an OCI layout and it carries the tags.
 */
import { access } from 'node:fs/promises';
import { join } from 'node:path';
import {
  badArchive,
  isRecord,
  readArchiveBytes,
  readArchiveJson,
  type ArchiveImage,
} from './archive-files.js';
import { readLegacyArchive } from './legacy-archive.js';
import { readOciLayout } from './oci-layout.js';

const isStringArray = (v: unknown): v is string[] =>
  Array.isArray(v) && v.every((s) => typeof s === 'string');

async function exists(path: string): Promise<boolean> {
  try {
    await access(path);
    return true;
  } catch {
    return false;
  }
}

async function readDockerManifest(dir: string, manifest: unknown): Promise<ArchiveImage[]> {
  if (!Array.isArray(manifest)) throw badArchive('manifest.json is not a list');
  const out: ArchiveImage[] = [];
  for (const [i, entry] of manifest.entries()) {
    if (!isRecord(entry) || typeof entry.Config !== 'string' || !isStringArray(entry.Layers)) {
      throw badArchive(`manifest.json entry ${i} needs "Config" and "Layers"`);
    }
    const tags = entry.RepoTags ?? [];
    if (!isStringArray(tags)) throw badArchive(`manifest.json entry ${i} has bad "RepoTags"`);
    out.push({
      config: await readArchiveBytes(dir, entry.Config),
      layers: entry.Layers.map((path) => ({ path })),
      tags,
    });
  }
  return out;
}

/** The images of the archive extracted at `dir`; `invalid` when it is no image archive. */
export async function readArchiveImages(dir: string): Promise<ArchiveImage[]> {
  if (await exists(join(dir, 'manifest.json'))) {
    return readDockerManifest(dir, await readArchiveJson(dir, 'manifest.json'));
  }
  if (await exists(join(dir, 'index.json'))) {
    return readOciLayout(dir, await readArchiveJson(dir, 'index.json'));
  }
  if (await exists(join(dir, 'repositories'))) {
    return readLegacyArchive(dir, await readArchiveJson(dir, 'repositories'));
  }
  throw badArchive(
    'no manifest.json, index.json or repositories file (not a docker save or OCI archive)',
  );
}
