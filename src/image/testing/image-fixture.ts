/**
 * Small layers and a throwaway ImageStore for the image unit tests: each fixture gets its own
 * temp root, and `dispose()` (call it from `after`) waits for background deletes and removes it.
 */
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import type { Store } from '../../store/store.js';
import { MemoryStore } from '../../store/testing/memory-store.js';
import { ImageStore } from '../image-store.js';
import { tarOf } from './archive-builder.js';

/** A layer tar holding one file `name` with `content` (and its parent directories). */
export function fileLayer(name: string, content: string): Promise<Buffer> {
  const dirs = name
    .split('/')
    .slice(0, -1)
    .map((_, i, parts) => ({
      name: `${parts.slice(0, i + 1).join('/')}/`,
      type: 'directory' as const,
    }));
  return tarOf([...dirs, { name, content }]);
}

/** An ImageStore on a temp root. */
export class ImageFixture {
  readonly root: string;
  store: Store;
  images: ImageStore;

  constructor(store: Store = new MemoryStore()) {
    this.root = mkdtempSync(join(tmpdir(), 'image-store-test-'));
    this.store = store;
    this.images = new ImageStore({ root: this.root, store });
  }

  /** `load()` of an in-memory archive. */
  load(archive: Buffer): Promise<string[]> {
    return this.images.load(Readable.from(archive));
  }

  /** Names under `<root>/layers` (chain ID hex) and `<root>/tmp`. */
  layerDirs(): string[] {
    return readdirSync(join(this.root, 'layers')).sort();
  }

  tmpEntries(): string[] {
    return readdirSync(join(this.root, 'tmp'));
  }

  /** A fresh ImageStore on the same root and store, as after a daemon restart. */
  reopen(): ImageStore {
    this.images = new ImageStore({ root: this.root, store: this.store });
    return this.images;
  }

  async dispose(): Promise<void> {
    await this.images.dispose();
    rmSync(this.root, { recursive: true, force: true });
  }
}
