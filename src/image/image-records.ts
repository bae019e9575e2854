/**
 * Image metadata in the Store: bucket `images` (`sha256:<id>` → ImageRecord) and bucket `tags`
 * (familiar `name:tag` → TagRecord). Layer reference counts are not stored: they are derived from
 * the image records, so they cannot drift from them after a crash.
 */
import type { Store, StoreWriter } from '../store/store.js';
import type { LayerInfo } from './layer-store.js';

export const IMAGES_BUCKET = 'images';
export const TAGS_BUCKET = 'tags';

/** One image as persisted. */
export interface ImageRecord {
  /** `sha256:` of `configJson`'s bytes. */
  id: string;
  /** The config file, verbatim (the ID is its hash; `docker save` would write it back). */
  configJson: string;
  /** Bottom first. */
  layers: LayerInfo[];
  /** When it was loaded or imported (ISO 8601). */
  loadedAt: string;
  /** When a tag last moved onto it; '' when never tagged. */
  lastTagTime: string;
}

/** One tag. */
export interface TagRecord {
  imageId: string;
  taggedAt: string;
}

/** Typed access to the two buckets. */
export class ImageRecords {
  constructor(private readonly store: Store) {}

  get(id: string): ImageRecord | undefined {
    return this.store.get<ImageRecord>(IMAGES_BUCKET, id);
  }

  all(): ImageRecord[] {
    return this.store.list<ImageRecord>(IMAGES_BUCKET).map((e) => e.value);
  }

  tag(key: string): TagRecord | undefined {
    return this.store.get<TagRecord>(TAGS_BUCKET, key);
  }

  /** Tags by image ID, each list sorted. One scan, for listing many images. */
  tagsByImage(): Map<string, string[]> {
    const out = new Map<string, string[]>();
    for (const { key, value } of this.store.list<TagRecord>(TAGS_BUCKET)) {
      out.set(value.imageId, [...(out.get(value.imageId) ?? []), key]);
    }
    return out;
  }

  tagsOf(id: string): string[] {
    return this.tagsByImage().get(id) ?? [];
  }

  /** Chain IDs referenced by any image: the layers that must stay. */
  referencedLayers(): Set<string> {
    return new Set(this.all().flatMap((r) => r.layers.map((l) => l.chainId)));
  }

  /**
   * Points `key` at `imageId` in `tx` and stamps the image's `lastTagTime`. Returns the image the
   * tag moved away from, if any.
   */
  setTag(tx: StoreWriter, key: string, imageId: string, now: string): string | undefined {
    const previous = tx.get<TagRecord>(TAGS_BUCKET, key)?.imageId;
    tx.put<TagRecord>(TAGS_BUCKET, key, { imageId, taggedAt: now });
    const rec = tx.get<ImageRecord>(IMAGES_BUCKET, imageId);
    if (rec !== undefined)
      tx.put<ImageRecord>(IMAGES_BUCKET, imageId, { ...rec, lastTagTime: now });
    return previous !== undefined && previous !== imageId ? previous : undefined;
  }

  transaction<R>(fn: (tx: StoreWriter) => R): R {
    return this.store.transaction(fn);
  }

  /** Drops tags whose image is gone (a record written by an older, buggier build). */
  dropDanglingTags(): void {
    this.store.transaction((tx) => {
      for (const { key, value } of tx.list<TagRecord>(TAGS_BUCKET)) {
        if (tx.get(IMAGES_BUCKET, value.imageId) === undefined) tx.delete(TAGS_BUCKET, key);
      }
    });
  }
}
