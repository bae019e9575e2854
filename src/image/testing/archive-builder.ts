/**
 * Builds image tarballs in memory for tests: layer tars with fixed times and owners (so digests
 * are stable), and `docker save` / OCI-layout / legacy v1 archives around them. Used by the
 * image unit tests and by test/helpers/busybox-image.ts.
 */
import { createHash } from 'node:crypto';
import { gzipSync } from 'node:zlib';
import tarStream from 'tar-stream';

/** One entry of a layer to build. */
export interface TestTarEntry {
  name: string;
  type?: 'file' | 'directory' | 'symlink' | 'link';
  mode?: number;
  content?: Buffer | string;
  linkname?: string;
  uid?: number;
  gid?: number;
  /** @default FIXED_TIME */
  mtime?: Date;
}

/** The fixed mtime of every entry. */
export const FIXED_TIME = new Date('2024-01-01T00:00:00Z');

const sha256 = (b: Buffer | string) => createHash('sha256').update(b).digest('hex');

/** A tar of `entries`, in order, with fixed times (deterministic bytes). */
export async function tarOf(entries: readonly TestTarEntry[]): Promise<Buffer> {
  const pack = tarStream.pack();
  const out: Buffer[] = [];
  const done = (async () => {
    for await (const chunk of pack) out.push(Buffer.from(chunk as Uint8Array));
  })();
  for (const e of entries) {
    const type = e.type ?? 'file';
    const header = {
      name: e.name,
      type,
      mode: e.mode ?? (type === 'directory' ? 0o755 : 0o644),
      mtime: e.mtime ?? FIXED_TIME,
      uid: e.uid ?? 0,
      gid: e.gid ?? 0,
      ...(e.linkname === undefined ? {} : { linkname: e.linkname }),
    };
    await new Promise<void>((resolve, reject) => {
      const cb = (err?: Error | null) => (err ? reject(err) : resolve());
      if (type === 'file') pack.entry(header, Buffer.from(e.content ?? ''), cb);
      else pack.entry(header, cb);
    });
  }
  pack.finalize();
  await done;
  return Buffer.concat(out);
}

/** `config` of a test image. */
export interface TestExecConfig {
  Env?: string[];
  Cmd?: string[];
  Entrypoint?: string[];
  Labels?: Record<string, string>;
  WorkingDir?: string;
}

/** A config for `layers` (uncompressed tars, bottom first), as `docker save` would store it. */
export function configFor(
  layers: readonly Buffer[],
  opts: { exec?: TestExecConfig; created?: Date } = {},
): Buffer {
  const created = (opts.created ?? FIXED_TIME).toISOString();
  return Buffer.from(
    JSON.stringify({
      architecture: 'amd64',
      config: opts.exec ?? { Env: ['PATH=/bin'], Cmd: ['sh'] },
      created,
      history: layers.map(() => ({ created, created_by: 'test' })),
      os: 'linux',
      rootfs: { type: 'layers', diff_ids: layers.map((l) => `sha256:${sha256(l)}`) },
    }),
  );
}

/** One image of a test archive. */
export interface TestArchiveImage {
  /** Uncompressed layer tars, bottom first. */
  layers: Buffer[];
  tags: string[];
  /** Config bytes; `configFor(layers)` by default. */
  config?: Buffer;
}

/** A `docker save` tarball: `<id>.json`, `<diffID>/layer.tar` per layer, `manifest.json`. */
export async function dockerArchive(images: readonly TestArchiveImage[]): Promise<Buffer> {
  const entries: TestTarEntry[] = [];
  const manifest = images.map((img) => {
    const config = img.config ?? configFor(img.layers);
    const configName = `${sha256(config)}.json`;
    entries.push({ name: configName, content: config });
    const layerNames = img.layers.map((l) => {
      entries.push({ name: `${sha256(l)}/`, type: 'directory' });
      entries.push({ name: `${sha256(l)}/layer.tar`, content: l });
      return `${sha256(l)}/layer.tar`;
    });
    return { Config: configName, RepoTags: img.tags, Layers: layerNames };
  });
  entries.push({ name: 'manifest.json', content: JSON.stringify(manifest) });
  return tarOf(dedupe(entries));
}

/** Drops repeated names (a layer shared by two images of one archive is stored once). */
function dedupe(entries: TestTarEntry[]): TestTarEntry[] {
  const seen = new Set<string>();
  return entries.filter((e) => !seen.has(e.name) && seen.add(e.name));
}

const descriptor = (mediaType: string, b: Buffer) => ({
  mediaType,
  digest: `sha256:${sha256(b)}`,
  size: b.length,
});

/** An OCI image layout tarball with gzip-compressed layers, tagged by ref-name annotation. */
export async function ociArchive(images: readonly TestArchiveImage[]): Promise<Buffer> {
  const blobs: Buffer[] = [];
  const manifests = images.flatMap((img) => {
    const config = img.config ?? configFor(img.layers);
    const gz = img.layers.map((l) => gzipSync(l));
    const manifest = Buffer.from(
      JSON.stringify({
        schemaVersion: 2,
        mediaType: 'application/vnd.oci.image.manifest.v1+json',
        config: descriptor('application/vnd.oci.image.config.v1+json', config),
        layers: gz.map((b) => descriptor('application/vnd.oci.image.layer.v1.tar+gzip', b)),
      }),
    );
    blobs.push(config, manifest, ...gz);
    const d = descriptor('application/vnd.oci.image.manifest.v1+json', manifest);
    if (img.tags.length === 0) return [d];
    return img.tags.map((t) => ({
      ...d,
      annotations: { 'org.opencontainers.image.ref.name': t },
    }));
  });
  return tarOf(
    dedupe([
      { name: 'blobs/', type: 'directory' },
      { name: 'blobs/sha256/', type: 'directory' },
      ...blobs.map((b): TestTarEntry => ({ name: `blobs/sha256/${sha256(b)}`, content: b })),
      { name: 'index.json', content: JSON.stringify({ schemaVersion: 2, manifests }) },
      { name: 'oci-layout', content: '{"imageLayoutVersion":"1.0.0"}' },
    ]),
  );
}

/** A pre-1.10 `docker save` tarball: `repositories` plus `<v1 id>/{json,layer.tar}`. */
export async function legacyArchive(
  layers: readonly Buffer[],
  repo: string,
  tag: string,
): Promise<Buffer> {
  const entries: TestTarEntry[] = [];
  let parent: string | undefined;
  for (const [i, layer] of layers.entries()) {
    const id = sha256(`v1-${i}-${sha256(layer)}`);
    const v1 = {
      id,
      ...(parent === undefined ? {} : { parent }),
      created: FIXED_TIME.toISOString(),
      architecture: 'amd64',
      os: 'linux',
      config: { Env: ['PATH=/bin'], Cmd: ['sh'] },
    };
    entries.push({ name: `${id}/`, type: 'directory' });
    entries.push({ name: `${id}/json`, content: JSON.stringify(v1) });
    entries.push({ name: `${id}/layer.tar`, content: layer });
    parent = id;
  }
  entries.push({ name: 'repositories', content: JSON.stringify({ [repo]: { [tag]: parent } }) });
  return tarOf(entries);
}
