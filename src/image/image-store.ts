/**
 * The engine's image store: `docker load`/`import`/`images`/`inspect`/`tag`/`rmi` over layers
 * unpacked once under `<root>/layers/<chainID>` (LayerStore) and metadata in the Store
 * (ImageRecords). Layers are shared by every image that has them; a layer is deleted when the
 * last image record listing it is, which is why reference counts are derived, never stored.
 *
 * Ordering for crash safety: layers are committed to disk before the record that lists them is
 * written, and records are deleted before their layers are, so a crash can only leave layers
 * nothing references (swept at construction), never a record pointing at a missing layer.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { join } from 'node:path';
import type { Readable } from 'node:stream';
import type { ImageDeleteItemDto, ImageInspectDto, ImageSummaryDto } from '../api-types/image.js';
import { notFound } from '../common/errors.js';
import type { Store } from '../store/store.js';
import { extractArchive } from './archive-files.js';
import { readArchiveImages } from './archive-reader.js';
import { applyChanges } from './changes.js';
import { sha256Digest } from './digest.js';
import { parseImageConfig, toRuntimeConfig, type ImageConfigFile } from './image-config.js';
import { createdSeconds, toImageInspect, toImageSummary } from './image-dto.js';
import { filterImages, type FilterCandidate } from './image-filters.js';
import { loadArchiveImage, type LoadedImage } from './image-loader.js';
import { IMAGES_BUCKET, ImageRecords, TAGS_BUCKET, type ImageRecord } from './image-records.js';
import { planRemoval, type RemovalPlan } from './image-removal.js';
import type { ImageService, LoadProgress, ResolvedImage } from './image-service.js';
import { LayerStore } from './layer-store.js';
import { familiarTagged, parseReference, parseTagTarget } from './reference.js';

/** Options of `new ImageStore()`. */
export interface ImageStoreOptions {
  /** `<home>/image`: holds `layers/` and `tmp/`. */
  root: string;
  store: Store;
  /** Clock for `created` and tag times. @default () => new Date() */
  now?: () => Date;
}

/** What a reference resolved to, and whether it named a tag (which `remove` untags). */
interface Lookup {
  rec: ImageRecord;
  /** The familiar `name:tag` when the reference was a name. */
  tag?: string;
}

const FULL_ID = /^(?:sha256:)?([a-f0-9]{64})$/;
const ID_PREFIX = /^(?:sha256:)?([a-f0-9]{4,63})$/;

/** `ImageService` on disk and in the Store; see the file comment. */
export class ImageStore implements ImageService {
  private readonly records: ImageRecords;
  private readonly layers: LayerStore;
  private readonly now: () => Date;
  private readonly configs = new Map<string, ImageConfigFile>();

  /** Opens the store and removes what a crash left behind (temp dirs, unreferenced layers). */
  constructor(opts: ImageStoreOptions) {
    this.records = new ImageRecords(opts.store);
    this.layers = new LayerStore(opts.root);
    this.now = opts.now ?? (() => new Date());
    this.records.dropDanglingTags();
    this.layers.sweep(this.records.referencedLayers());
  }

  async load(tar: Readable, onProgress?: (p: LoadProgress) => void): Promise<string[]> {
    const dir = await mkdtemp(join(this.layers.tmpDir, 'load-'));
    try {
      await extractArchive(tar, dir);
      const images = await readArchiveImages(dir);
      // Validate every tag before unpacking anything.
      const tagged = images.map((image) => ({
        image,
        tags: image.tags.map((t) => parseTagTarget(t)),
      }));
      const lines: string[] = [];
      for (const { image, tags } of tagged) {
        const loaded = await loadArchiveImage({ layers: this.layers, dir, onProgress }, image);
        lines.push(...this.record(loaded, tags, onProgress));
      }
      return lines;
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  }

  async import(
    tar: Readable,
    opts: { repo?: string; tag?: string; message?: string; changes?: string[] },
  ): Promise<string> {
    const target =
      opts.repo === undefined || opts.repo === '' ? undefined : parseTagTarget(opts.repo, opts.tag);
    const exec = applyChanges({}, opts.changes ?? []);
    const layer = await this.layers.add(tar);
    const created = this.now().toISOString();
    const comment =
      opts.message === undefined || opts.message === '' ? 'Imported from -' : opts.message;
    const config = Buffer.from(
      JSON.stringify({
        architecture: 'amd64',
        comment,
        config: exec,
        created,
        history: [{ created, comment }],
        os: 'linux',
        rootfs: { type: 'layers', diff_ids: [layer.diffId] },
      }),
    );
    const loaded = {
      id: sha256Digest(config),
      configJson: config.toString('utf8'),
      layers: [layer],
    };
    this.record(loaded, target === undefined ? [] : [target]);
    return loaded.id;
  }

  list(opts: { all?: boolean; filters?: Record<string, string[]> } = {}): ImageSummaryDto[] {
    const tagsBy = this.records.tagsByImage();
    const candidates = this.records
      .all()
      .map((rec) => this.candidate(rec, tagsBy.get(rec.id) ?? []));
    const lookup = (ref: string) => this.candidate(this.lookup(ref).rec, []);
    return filterImages(candidates, opts.filters ?? {}, lookup)
      .sort((a, b) => b.created - a.created || a.rec.id.localeCompare(b.rec.id))
      .map((c) => toImageSummary(c.rec, c.cfg, c.tags));
  }

  inspect(ref: string): ImageInspectDto {
    const { rec } = this.lookup(ref);
    return toImageInspect(rec, this.configOf(rec), this.records.tagsOf(rec.id));
  }

  resolve(ref: string): ResolvedImage {
    const { rec, tag } = this.lookup(ref);
    return {
      id: rec.id,
      ref: tag ?? rec.id,
      config: toRuntimeConfig(this.configOf(rec)),
      layerDirs: rec.layers.map((l) => this.layers.diffDir(l.chainId)).reverse(),
    };
  }

  tag(ref: string, repo: string, tag?: string): void {
    const target = parseTagTarget(repo, tag);
    const { rec } = this.lookup(ref);
    const now = this.now().toISOString();
    this.records.transaction((tx) => this.records.setTag(tx, target, rec.id, now));
  }

  remove(
    ref: string,
    opts: { force?: boolean; isUsed: (imageId: string) => boolean | string },
  ): ImageDeleteItemDto[] {
    const { rec, tag } = this.lookup(ref);
    const plan = planRemoval({
      ref,
      imageId: rec.id,
      ...(tag === undefined ? {} : { tag }),
      tags: this.records.tagsOf(rec.id),
      usedBy: opts.isUsed(rec.id),
      force: opts.force === true,
    });
    return this.applyRemoval(rec, plan);
  }

  /** Waits for background layer deletions (tests, daemon shutdown). */
  async dispose(): Promise<void> {
    await this.layers.settled();
  }

  /** Writes the record and moves tags onto it; unpins its layers. Returns the `Loaded` lines. */
  private record(
    loaded: LoadedImage,
    tags: string[],
    onProgress?: (p: LoadProgress) => void,
  ): string[] {
    const now = this.now().toISOString();
    const moved: [string, string][] = [];
    try {
      this.records.transaction((tx) => {
        const existing = tx.get<ImageRecord>(IMAGES_BUCKET, loaded.id);
        tx.put<ImageRecord>(IMAGES_BUCKET, loaded.id, {
          ...loaded,
          loadedAt: existing?.loadedAt ?? now,
          lastTagTime: existing?.lastTagTime ?? '',
        });
        for (const t of tags) {
          const previous = this.records.setTag(tx, t, loaded.id, now);
          if (previous !== undefined) moved.push([t, previous]);
        }
      });
    } finally {
      for (const l of loaded.layers) this.layers.unpin(l.chainId);
    }
    for (const [t, previous] of moved) {
      onProgress?.({
        status: `The image ${t} already exists, renaming the old one with ID ${previous} to empty string`,
      });
    }
    const lines =
      tags.length > 0 ? tags.map((t) => `Loaded image: ${t}`) : [`Loaded image ID: ${loaded.id}`];
    for (const status of lines) onProgress?.({ status });
    return lines;
  }

  private applyRemoval(rec: ImageRecord, plan: RemovalPlan): ImageDeleteItemDto[] {
    const items: ImageDeleteItemDto[] = plan.untag.map((t) => ({ Untagged: t }));
    this.records.transaction((tx) => {
      for (const t of plan.untag) tx.delete(TAGS_BUCKET, t);
      if (plan.deleteImage) tx.delete(IMAGES_BUCKET, rec.id);
    });
    if (!plan.deleteImage) return items;
    this.configs.delete(rec.id);
    items.push({ Deleted: rec.id });
    const keep = this.records.referencedLayers();
    for (const layer of [...rec.layers].reverse()) {
      if (keep.has(layer.chainId) || !this.layers.remove(layer.chainId)) continue;
      items.push({ Deleted: layer.chainId });
    }
    return items;
  }

  private candidate(rec: ImageRecord, tags: string[]): FilterCandidate {
    const cfg = this.configOf(rec);
    return { rec, cfg, tags, created: createdSeconds(cfg) };
  }

  private configOf(rec: ImageRecord): ImageConfigFile {
    let cfg = this.configs.get(rec.id);
    if (cfg === undefined) {
      cfg = parseImageConfig(rec.configJson);
      this.configs.set(rec.id, cfg);
    }
    return cfg;
  }

  /**
   * Docker's lookup order: a full ID; a name (`busybox` = `busybox:latest`); a unique ID prefix
   * of at least 4 hex digits. `not_found` with Docker's `No such image: x` otherwise; a string
   * that is neither a valid reference nor an ID prefix is `invalid`.
   */
  private lookup(ref: string): Lookup {
    const full = FULL_ID.exec(ref);
    if (full !== null) {
      const rec = this.records.get(`sha256:${full[1]}`);
      if (rec !== undefined) return { rec };
      throw notFound(`No such image: ${ref}`, 'IMAGE_NOT_FOUND');
    }
    let parseError: unknown;
    try {
      const parsed = parseReference(ref);
      if (parsed.digest === undefined) {
        const tag = familiarTagged(parsed);
        const rec = this.byTag(tag);
        if (rec !== undefined) return { rec, tag };
      }
    } catch (err) {
      parseError = err;
    }
    const prefix = ID_PREFIX.exec(ref);
    if (prefix !== null) {
      const matches = this.records.all().filter((r) => r.id.startsWith(`sha256:${prefix[1]}`));
      const only = matches[0];
      if (matches.length === 1 && only !== undefined) return { rec: only };
    }
    if (parseError !== undefined) throw parseError;
    throw notFound(`No such image: ${ref}`, 'IMAGE_NOT_FOUND');
  }

  private byTag(tag: string): ImageRecord | undefined {
    const t = this.records.tag(tag);
    return t === undefined ? undefined : this.records.get(t.imageId);
  }
}
