/**
 * Unpacked layers on disk, shared by every image: `<root>/layers/<chainID hex>/diff` (the overlay
 * lowerdir) next to `layer.json` (diff ID and size, so a reused layer needs no re-scan).
 *
 * Atomicity: a layer is unpacked into `<root>/tmp/layer-*` and renamed into `layers/` only when
 * complete and verified, so anything under `layers/` is whole. Removal renames the layer back
 * into `tmp/` (instant, atomic) and deletes it in the background. Whatever a crash leaves in
 * `tmp/` is deleted by `sweep()` at start-up, as are layers no image references.
 *
 * Pins: a load in progress pins the chain IDs it is about to use, so removing another image that
 * shares them cannot delete a layer between "it exists" and "the new image record lists it".
 */
import { randomBytes } from 'node:crypto';
import { mkdirSync, readdirSync, renameSync, rmSync } from 'node:fs';
import { mkdir, mkdtemp, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Readable } from 'node:stream';
import { invalid } from '../common/errors.js';
import { digestHex, sha256Digest } from './digest.js';
import { unpackLayer } from './layer-unpack.js';

/** One unpacked layer. */
export interface LayerInfo {
  /** `sha256:`; names the layer directory. */
  chainId: string;
  diffId: string;
  sizeBytes: number;
}

/** What the unpacked bytes must hash to; a mismatch refuses the layer. */
export interface LayerExpectation {
  parentChainId?: string;
  diffId?: string;
  /** Blob digest of the bytes as read (OCI descriptors). */
  digest?: string;
}

const LAYER_META = 'layer.json';
const DIFF_DIR = 'diff';
const HEX64 = /^[a-f0-9]{64}$/;

const errnoCode = (err: unknown) => (err as { code?: string }).code;

/** The layers directory and its temp area; see the file comment for the invariants. */
export class LayerStore {
  readonly layersDir: string;
  readonly tmpDir: string;
  private readonly pins = new Map<string, number>();
  private readonly removals = new Set<Promise<void>>();

  constructor(root: string) {
    this.layersDir = join(root, 'layers');
    this.tmpDir = join(root, 'tmp');
    mkdirSync(this.layersDir, { recursive: true, mode: 0o700 });
    mkdirSync(this.tmpDir, { recursive: true, mode: 0o700 });
  }

  /** The overlay lowerdir of a layer. */
  diffDir(chainId: string): string {
    return join(this.layersDir, digestHex(chainId), DIFF_DIR);
  }

  /**
   * Start-up crash cleanup (synchronous: it runs before the daemon serves anything): empties
   * `tmp/` and deletes every layer whose chain ID is not in `referenced`. Returns what it removed.
   */
  sweep(referenced: ReadonlySet<string>): string[] {
    for (const name of readdirSync(this.tmpDir)) {
      rmSync(join(this.tmpDir, name), { recursive: true, force: true });
    }
    const removed: string[] = [];
    for (const name of readdirSync(this.layersDir)) {
      if (HEX64.test(name) && referenced.has(`sha256:${name}`)) continue;
      rmSync(join(this.layersDir, name), { recursive: true, force: true });
      removed.push(name);
    }
    return removed;
  }

  /** The layer's recorded info, or undefined when it is not on disk. */
  async find(chainId: string): Promise<LayerInfo | undefined> {
    try {
      const meta = await readFile(join(this.layersDir, digestHex(chainId), LAYER_META), 'utf8');
      return JSON.parse(meta) as LayerInfo;
    } catch (err) {
      if (errnoCode(err) === 'ENOENT') return undefined;
      throw err;
    }
  }

  /** Protects `chainId` from `remove()` until as many `unpin` calls. */
  pin(chainId: string): void {
    this.pins.set(chainId, (this.pins.get(chainId) ?? 0) + 1);
  }

  unpin(chainId: string): void {
    const n = (this.pins.get(chainId) ?? 0) - 1;
    if (n > 0) this.pins.set(chainId, n);
    else this.pins.delete(chainId);
  }

  isPinned(chainId: string): boolean {
    return this.pins.has(chainId);
  }

  /**
   * Unpacks `source`, verifies it against `expect`, and moves it into place under its chain ID
   * (or keeps the copy already there). The result is pinned: the caller unpins it once an image
   * record references it.
   */
  async add(source: Readable, expect: LayerExpectation = {}): Promise<LayerInfo> {
    const work = await mkdtemp(join(this.tmpDir, 'layer-'));
    try {
      await mkdir(join(work, DIFF_DIR), { mode: 0o755 });
      const unpacked = await unpackLayer(source, join(work, DIFF_DIR));
      checkExpectation(unpacked, expect);
      const chainId =
        expect.parentChainId === undefined
          ? unpacked.diffId
          : sha256Digest(`${expect.parentChainId} ${unpacked.diffId}`);
      const info: LayerInfo = { chainId, diffId: unpacked.diffId, sizeBytes: unpacked.sizeBytes };
      await writeFile(join(work, LAYER_META), JSON.stringify(info), { mode: 0o600 });
      this.pin(chainId);
      try {
        return await this.commit(work, info);
      } catch (err) {
        this.unpin(chainId);
        throw err;
      }
    } finally {
      await rm(work, { recursive: true, force: true });
    }
  }

  private async commit(work: string, info: LayerInfo): Promise<LayerInfo> {
    try {
      await rename(work, join(this.layersDir, digestHex(info.chainId)));
      return info;
    } catch (err) {
      const code = errnoCode(err);
      if (code !== 'ENOTEMPTY' && code !== 'EEXIST') throw err;
      // Another load committed the same layer first; content-addressed, so theirs is ours.
      return (await this.find(info.chainId)) ?? info;
    }
  }

  /**
   * Deletes a layer unless it is pinned: an atomic rename out of `layers/`, then a background
   * delete (`settled()` waits for it). Returns false when pinned or absent.
   */
  remove(chainId: string): boolean {
    if (this.isPinned(chainId)) return false;
    const graveyard = join(this.tmpDir, `gone-${randomBytes(6).toString('hex')}`);
    try {
      renameSync(join(this.layersDir, digestHex(chainId)), graveyard);
    } catch (err) {
      if (errnoCode(err) === 'ENOENT') return false;
      throw err;
    }
    const p = rm(graveyard, { recursive: true, force: true })
      .catch(() => undefined)
      .finally(() => this.removals.delete(p));
    this.removals.add(p);
    return true;
  }

  /** Resolves when every background delete has finished. */
  async settled(): Promise<void> {
    await Promise.all([...this.removals]);
  }
}

function checkExpectation(got: { diffId: string; digest: string }, expect: LayerExpectation): void {
  if (expect.digest !== undefined && got.digest !== expect.digest) {
    throw invalid(
      `Cannot load layer "${expect.digest}": content has digest ${got.digest}`,
      'LAYER_DIGEST_MISMATCH',
    );
  }
  if (expect.diffId !== undefined && got.diffId !== expect.diffId) {
    throw invalid(
      `Cannot load layer: the image config expects diff ID ${expect.diffId} but the layer tar ` +
        `hashes to ${got.diffId}`,
      'LAYER_DIFF_ID_MISMATCH',
    );
  }
}
