/**
 * The pre-1.10 `docker save` format, which has no manifest.json: a `repositories` file
 * (`{"busybox": {"latest": "<top layer id>"}}`) and one directory per v1 layer holding `json`
 * (with `parent`) and `layer.tar`. Docker still loads it (tarexport's legacy load), so do we.
 * v1 images have no config file: it is made from the top layer's v1 JSON once the layers are
 * unpacked and their diff IDs known, so the image ID is that of the generated config.
 */
import { join } from 'node:path';
import { badArchive, isRecord, readArchiveJson, type ArchiveImage } from './archive-files.js';

const MAX_DEPTH = 256;
/** v1 JSON fields that belong in the generated config (the rest are v1 layer bookkeeping). */
const CONFIG_FIELDS = [
  'created',
  'author',
  'architecture',
  'os',
  'config',
  'container',
  'container_config',
  'docker_version',
  'comment',
] as const;

/** Top layer ID → tags, from the `repositories` file. */
function tagsByTop(repositories: unknown): Map<string, string[]> {
  if (!isRecord(repositories)) throw badArchive('"repositories" is not an object');
  const out = new Map<string, string[]>();
  for (const [repo, tags] of Object.entries(repositories)) {
    if (!isRecord(tags)) throw badArchive(`"repositories" entry "${repo}" is not an object`);
    for (const [tag, id] of Object.entries(tags)) {
      if (typeof id !== 'string' || !/^[a-f0-9]{64}$/.test(id))
        throw badArchive(`bad layer ID for ${repo}:${tag}`);
      out.set(id, [...(out.get(id) ?? []), `${repo}:${tag}`]);
    }
  }
  return out;
}

async function readV1(dir: string, id: string): Promise<Record<string, unknown>> {
  const v1 = await readArchiveJson(dir, join(id, 'json'));
  if (!isRecord(v1)) throw badArchive(`${id}/json is not an object`);
  return v1;
}

/** The images of a legacy archive, layers bottom first. */
export async function readLegacyArchive(
  dir: string,
  repositories: unknown,
): Promise<ArchiveImage[]> {
  const out: ArchiveImage[] = [];
  for (const [top, tags] of tagsByTop(repositories)) {
    const chain: string[] = [];
    let v1Top: Record<string, unknown> | undefined;
    for (let id: unknown = top; typeof id === 'string' && id !== '';) {
      if (chain.length >= MAX_DEPTH || chain.includes(id))
        throw badArchive(`layer chain of ${top} loops`);
      const v1 = await readV1(dir, id);
      v1Top ??= v1;
      chain.unshift(id);
      id = v1.parent;
    }
    out.push({
      legacyV1: v1Top ?? {},
      layers: chain.map((id) => ({ path: join(id, 'layer.tar') })),
      tags,
    });
  }
  return out;
}

/** The config file of a legacy image: its v1 fields plus the unpacked layers' diff IDs. */
export function legacyConfig(v1: Record<string, unknown>, diffIds: string[]): Buffer {
  const config: Record<string, unknown> = {};
  for (const key of CONFIG_FIELDS) if (v1[key] !== undefined) config[key] = v1[key];
  config.architecture ??= 'amd64';
  config.os ??= 'linux';
  config.rootfs = { type: 'layers', diff_ids: diffIds };
  return Buffer.from(JSON.stringify(config));
}
