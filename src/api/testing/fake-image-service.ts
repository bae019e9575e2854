/**
 * An in-memory ImageService for API tests. `load` and `import` consume the stream they are
 * given chunk by chunk and record what arrived, so tests can prove the body was streamed to
 * the service rather than buffered by the API layer.
 */
import { createHash } from 'node:crypto';
import { Readable } from 'node:stream';
import { conflict, notFound } from '../../common/errors.js';
import type {
  ImageDeleteItemDto,
  ImageInspectDto,
  ImageSummaryDto,
} from '../../api-types/image.js';
import type { ImageService, LoadProgress, ResolvedImage } from '../../image/image-service.js';

/** What one load or import received. */
export interface FakeUpload {
  /** True when the service was handed a Readable (never a Buffer or string). */
  wasStream: boolean;
  /** Sizes of the chunks as they arrived. */
  chunkSizes: number[];
  bytes: Buffer;
}

/** One recorded call: method name and arguments as passed. */
export interface FakeImageCall {
  method: keyof ImageService;
  args: unknown[];
}

/** One image of the fake. */
export interface FakeImage {
  id: string;
  repoTags: string[];
}

/** The fake plus its test hooks. */
export interface FakeImageService extends ImageService {
  readonly calls: FakeImageCall[];
  readonly uploads: FakeUpload[];
  /** Inserts an image tagged with `tags` (the first tag seeds the ID). */
  addImage(...tags: string[]): FakeImage;
  /** Makes the next load or import fail after reading the body. */
  failNext(err: Error): void;
  /** `onChunk` sees each chunk as load/import reads it, e.g. before the body has ended. */
  readonly hooks: { onChunk?: (chunk: Buffer) => void };
}

/** `busybox` → `busybox:latest`; references with a tag or digest stay as they are. */
function normalise(ref: string): string {
  const lastSegment = ref.slice(ref.lastIndexOf('/') + 1);
  return lastSegment.includes(':') || ref.includes('@') ? ref : `${ref}:latest`;
}

function hexId(seed: string): string {
  return `sha256:${createHash('sha256').update(seed).digest('hex')}`;
}

function inspectOf(image: FakeImage): ImageInspectDto {
  return {
    Id: image.id,
    RepoTags: image.repoTags,
    RepoDigests: [],
    Parent: '',
    Comment: '',
    Created: '2024-01-01T00:00:00Z',
    Container: '',
    DockerVersion: '',
    Author: '',
    Config: { Cmd: ['sh'], Env: ['PATH=/bin'] },
    Architecture: 'amd64',
    Os: 'linux',
    Size: 1024,
    VirtualSize: 1024,
    RootFS: { Type: 'layers', Layers: [] },
    Metadata: { LastTagTime: '0001-01-01T00:00:00Z' },
  };
}

function summaryOf(image: FakeImage): ImageSummaryDto {
  return {
    Id: image.id,
    ParentId: '',
    RepoTags: image.repoTags,
    RepoDigests: [],
    Created: 1704067200,
    Size: 1024,
    SharedSize: -1,
    VirtualSize: 1024,
    Labels: null,
    Containers: -1,
  };
}

interface FakeImageState {
  images: FakeImage[];
  uploads: FakeUpload[];
  calls: FakeImageCall[];
  failure: Error | undefined;
  hooks: { onChunk?: (chunk: Buffer) => void };
}

function find(state: FakeImageState, ref: string): FakeImage {
  const wanted = normalise(ref);
  const image =
    state.images.find((i) => i.repoTags.includes(wanted)) ??
    state.images.find((i) => i.id === ref || i.id === `sha256:${ref}`) ??
    state.images.find((i) => ref.length >= 4 && i.id.slice(7).startsWith(ref));
  if (image === undefined) throw notFound(`No such image: ${ref}`, 'IMAGE_NOT_FOUND');
  return image;
}

async function receive(state: FakeImageState, tar: Readable): Promise<FakeUpload> {
  const upload: FakeUpload = {
    wasStream: tar instanceof Readable,
    chunkSizes: [],
    bytes: Buffer.alloc(0),
  };
  state.uploads.push(upload);
  const chunks: Buffer[] = [];
  for await (const chunk of tar) {
    const buffer = Buffer.isBuffer(chunk) ? chunk : Buffer.from(String(chunk));
    upload.chunkSizes.push(buffer.length);
    chunks.push(buffer);
    state.hooks.onChunk?.(buffer);
  }
  upload.bytes = Buffer.concat(chunks);
  const failure = state.failure;
  state.failure = undefined;
  if (failure !== undefined) throw failure;
  return upload;
}

function addImage(state: FakeImageState, tags: string[]): FakeImage {
  const image = {
    id: hexId(`${tags[0] ?? ''}#${state.images.length}`),
    repoTags: tags.map(normalise),
  };
  state.images.push(image);
  return image;
}

function untagOrDelete(state: FakeImageState, image: FakeImage, ref: string): ImageDeleteItemDto[] {
  const tag = normalise(ref);
  if (image.repoTags.length > 1 && image.repoTags.includes(tag)) {
    image.repoTags = image.repoTags.filter((t) => t !== tag);
    return [{ Untagged: tag }];
  }
  state.images = state.images.filter((i) => i !== image);
  return [...image.repoTags.map((t) => ({ Untagged: t })), { Deleted: image.id }];
}

function removeImage(
  state: FakeImageState,
  ref: string,
  opts: { force?: boolean; isUsed: (imageId: string) => boolean | string },
): ImageDeleteItemDto[] {
  const image = find(state, ref);
  const user = opts.isUsed(image.id);
  if (user !== false && opts.force !== true) {
    const by = typeof user === 'string' ? ` by running container ${user.slice(0, 12)}` : '';
    throw conflict(`conflict: unable to delete ${ref} - image is being used${by}`, 'IMAGE_IN_USE');
  }
  return untagOrDelete(state, image, ref);
}

function serviceOver(state: FakeImageState): ImageService {
  const record = (method: keyof ImageService, ...args: unknown[]): void => {
    state.calls.push({ method, args });
  };
  return {
    async load(tar: Readable, onProgress?: (p: LoadProgress) => void) {
      record('load', tar, onProgress);
      onProgress?.({ status: 'Loading layer', current: 1, total: 2 });
      const upload = await receive(state, tar);
      onProgress?.({ status: 'Loading layer', current: 2, total: 2 });
      const tag = upload.bytes.toString().split('\n')[0] || 'busybox:latest';
      addImage(state, [tag]);
      onProgress?.({ status: `Loaded image: ${normalise(tag)}` });
      return [`Loaded image: ${normalise(tag)}`];
    },
    async import(
      tar: Readable,
      opts: { repo?: string; tag?: string; message?: string; changes?: string[] },
    ) {
      record('import', tar, opts);
      await receive(state, tar);
      const tags = opts.repo === undefined ? [] : [`${opts.repo}:${opts.tag ?? 'latest'}`];
      const image = addImage(state, tags);
      return image.id;
    },
    list(opts?: { all?: boolean; filters?: Record<string, string[]> }) {
      record('list', opts);
      return state.images.map(summaryOf);
    },
    inspect(ref: string) {
      record('inspect', ref);
      return inspectOf(find(state, ref));
    },
    resolve(ref: string): ResolvedImage {
      record('resolve', ref);
      const image = find(state, ref);
      const config = { env: [], workingDir: '', user: '', exposedPorts: [], labels: {} };
      return { id: image.id, ref: normalise(ref), config, layerDirs: [] };
    },
    tag(ref: string, repo: string, tag?: string) {
      record('tag', ref, repo, tag);
      const image = find(state, ref);
      const full = `${repo}:${tag ?? 'latest'}`;
      for (const other of state.images) other.repoTags = other.repoTags.filter((t) => t !== full);
      image.repoTags.push(full);
    },
    remove(ref: string, opts: { force?: boolean; isUsed: (imageId: string) => boolean | string }) {
      record('remove', ref, opts);
      return removeImage(state, ref, opts);
    },
  } satisfies ImageService;
}

/** Creates an empty fake. */
export function createFakeImageService(): FakeImageService {
  const state: FakeImageState = {
    images: [],
    uploads: [],
    calls: [],
    failure: undefined,
    hooks: {},
  };
  return Object.assign(serviceOver(state), {
    calls: state.calls,
    uploads: state.uploads,
    hooks: state.hooks,
    addImage: (...tags: string[]) => addImage(state, tags),
    failNext: (err: Error) => {
      state.failure = err;
    },
  });
}
