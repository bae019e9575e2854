/**
 * Images of an OCI image layout (`oci-layout`, `index.json`, `blobs/<alg>/<hex>`; OCI image spec
 * "image-layout"), as `docker save` (Docker 25+), skopeo and buildah write them. Manifest and
 * config blobs are small and verified against their digests here; layer blobs are verified while
 * they are unpacked (`ArchiveLayer.digest`).
 *
 * Tags: `io.containerd.image.name` (a full reference, written by Docker and containerd) wins;
 * otherwise `org.opencontainers.image.ref.name` is used when it is a full reference
 * (`busybox:latest`). A bare ref name such as `latest` names no repository, so such an image
 * loads untagged.
 */
import { arch } from 'node:process';
import {
  blobPath,
  badArchive,
  isRecord,
  readArchiveBytes,
  type ArchiveImage,
} from './archive-files.js';
import { sha256Digest } from './digest.js';

const INDEX_TYPES = new Set([
  'application/vnd.oci.image.index.v1+json',
  'application/vnd.docker.distribution.manifest.list.v2+json',
]);
const CONTAINERD_NAME = 'io.containerd.image.name';
const OCI_REF_NAME = 'org.opencontainers.image.ref.name';
/** Node's `process.arch` → GOARCH, for picking a platform out of a multi-platform index. */
const GOARCH: Record<string, string> = {
  x64: 'amd64',
  arm64: 'arm64',
  arm: 'arm',
  s390x: 's390x',
  ppc64: 'ppc64le',
};

interface Descriptor {
  mediaType?: string;
  digest: string;
  annotations?: Record<string, string>;
  platform?: { os?: string; architecture?: string };
}

function asDescriptor(v: unknown, what: string): Descriptor {
  if (!isRecord(v) || typeof v.digest !== 'string') throw badArchive(`${what} is not a descriptor`);
  return v as unknown as Descriptor;
}

/** Reads a blob and checks it against its digest (sha256 only, like Docker). */
async function readBlob(dir: string, desc: Descriptor): Promise<Buffer> {
  if (!desc.digest.startsWith('sha256:')) throw badArchive(`unsupported digest "${desc.digest}"`);
  const bytes = await readArchiveBytes(dir, blobPath(desc.digest));
  if (sha256Digest(bytes) !== desc.digest)
    throw badArchive(`blob ${desc.digest} does not match its digest`);
  return bytes;
}

async function readBlobJson(dir: string, desc: Descriptor): Promise<Record<string, unknown>> {
  let value: unknown;
  try {
    value = JSON.parse((await readBlob(dir, desc)).toString('utf8'));
  } catch (err) {
    if (err instanceof SyntaxError) throw badArchive(`blob ${desc.digest} is not JSON`);
    throw err;
  }
  if (!isRecord(value)) throw badArchive(`blob ${desc.digest} is not a JSON object`);
  return value;
}

/** The manifest for this host out of an index: matching os/arch first, else the first one. */
function pickPlatform(manifests: Descriptor[]): Descriptor | undefined {
  const want = GOARCH[arch] ?? arch;
  return (
    manifests.find((m) => m.platform?.os === 'linux' && m.platform.architecture === want) ??
    manifests[0]
  );
}

function descriptors(v: unknown, what: string): Descriptor[] {
  if (!Array.isArray(v)) throw badArchive(`${what} has no "manifests" list`);
  return v.map((d, i) => asDescriptor(d, `${what} entry ${i}`));
}

/** Follows (nested) indexes down to one image manifest and reads it. */
async function readImage(dir: string, desc: Descriptor, depth = 0): Promise<ArchiveImage> {
  const blob = await readBlobJson(dir, desc);
  const mediaType = desc.mediaType ?? blob.mediaType;
  if (typeof mediaType === 'string' ? INDEX_TYPES.has(mediaType) : Array.isArray(blob.manifests)) {
    const chosen = pickPlatform(descriptors(blob.manifests, `index ${desc.digest}`));
    if (chosen === undefined || depth > 4)
      throw badArchive(`index ${desc.digest} has no usable manifest`);
    return readImage(dir, chosen, depth + 1);
  }
  const config = asDescriptor(blob.config, `manifest ${desc.digest} "config"`);
  if (!Array.isArray(blob.layers)) throw badArchive(`manifest ${desc.digest} has no "layers"`);
  const layers = blob.layers.map((l, i) => {
    const d = asDescriptor(l, `manifest ${desc.digest} layer ${i}`);
    if (d.mediaType?.includes('zstd') === true)
      throw badArchive(`unsupported layer media type "${d.mediaType}"`);
    return { path: blobPath(d.digest), digest: d.digest };
  });
  return { config: await readBlob(dir, config), layers, tags: [] };
}

function tagOf(desc: Descriptor): string | undefined {
  const a = desc.annotations ?? {};
  const full = a[CONTAINERD_NAME];
  if (full !== undefined) return full;
  const ref = a[OCI_REF_NAME];
  return ref !== undefined && ref.includes(':') ? ref : undefined;
}

/** Every image of the layout's `index.json`, tagged from its annotations. */
export async function readOciLayout(dir: string, index: unknown): Promise<ArchiveImage[]> {
  if (!isRecord(index)) throw badArchive('index.json is not an object');
  const out: ArchiveImage[] = [];
  for (const desc of descriptors(index.manifests, 'index.json')) {
    const image = await readImage(dir, desc);
    const tag = tagOf(desc);
    out.push({ ...image, tags: tag === undefined ? [] : [tag] });
  }
  return out;
}
