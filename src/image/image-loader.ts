/**
 * Turns one image of an extracted archive into unpacked, verified layers plus the data of its
 * record. Layers already on disk (same chain ID) are reused without reading their tar again;
 * new ones are unpacked and must hash to the diff IDs the config lists, so a corrupt or
 * tampered archive is refused before any image record points at it.
 *
 * Every chain ID in the result is pinned in the LayerStore; the caller unpins them once the
 * image record is written (see LayerStore). On failure the function unpins what it pinned.
 */
import { createReadStream } from 'node:fs';
import { invalid } from '../common/errors.js';
import { archiveFile, type ArchiveImage } from './archive-files.js';
import { chainIds, sha256Digest } from './digest.js';
import { parseImageConfig } from './image-config.js';
import type { LoadProgress } from './image-service.js';
import type { LayerInfo, LayerStore } from './layer-store.js';
import { legacyConfig } from './legacy-archive.js';

/** A loaded image, ready to be recorded. */
export interface LoadedImage {
  id: string;
  configJson: string;
  /** Bottom first; each pinned. */
  layers: LayerInfo[];
}

interface LoadContext {
  layers: LayerStore;
  dir: string;
  onProgress?: (p: LoadProgress) => void;
}

function report(ctx: LoadContext, current: number, total: number): void {
  ctx.onProgress?.({ status: `Loading layer ${current}/${total}`, current, total });
}

async function openLayer(ctx: LoadContext, path: string) {
  return createReadStream(await archiveFile(ctx.dir, path));
}

/** Layers of an image whose config (and so diff IDs) is known up front. */
async function loadWithConfig(ctx: LoadContext, image: ArchiveImage, config: Buffer) {
  const diffIds = parseImageConfig(config).rootfs.diff_ids;
  if (diffIds.length !== image.layers.length) {
    throw invalid(
      `Cannot load image: its config lists ${diffIds.length} layers, the archive has ` +
        `${image.layers.length}`,
      'INVALID_ARCHIVE',
    );
  }
  const chains = chainIds(diffIds);
  const out: LayerInfo[] = [];
  try {
    for (const [i, layer] of image.layers.entries()) {
      const chainId = chains[i] ?? '';
      report(ctx, i + 1, image.layers.length);
      ctx.layers.pin(chainId);
      out.push({ chainId, diffId: '', sizeBytes: 0 });
      const existing = await ctx.layers.find(chainId);
      const info =
        existing ??
        (await ctx.layers.add(await openLayer(ctx, layer.path), {
          ...(i === 0 ? {} : { parentChainId: chains[i - 1] }),
          diffId: diffIds[i],
          ...(layer.digest === undefined ? {} : { digest: layer.digest }),
        }));
      if (existing === undefined) ctx.layers.unpin(chainId); // add() pinned it a second time
      out[i] = info;
    }
  } catch (err) {
    for (const l of out) ctx.layers.unpin(l.chainId);
    throw err;
  }
  return { id: sha256Digest(config), configJson: config.toString('utf8'), layers: out };
}

/** Layers of a legacy v1 image: diff IDs are learnt by unpacking, then the config is made. */
async function loadLegacy(ctx: LoadContext, image: ArchiveImage, v1: Record<string, unknown>) {
  const out: LayerInfo[] = [];
  try {
    for (const [i, layer] of image.layers.entries()) {
      report(ctx, i + 1, image.layers.length);
      const parent = out[i - 1]?.chainId;
      const stream = await openLayer(ctx, layer.path);
      out.push(await ctx.layers.add(stream, parent === undefined ? {} : { parentChainId: parent }));
    }
  } catch (err) {
    for (const l of out) ctx.layers.unpin(l.chainId);
    throw err;
  }
  const config = legacyConfig(
    v1,
    out.map((l) => l.diffId),
  );
  return { id: sha256Digest(config), configJson: config.toString('utf8'), layers: out };
}

/** Unpacks (or reuses) the layers of `image`; see the file comment for pinning. */
export async function loadArchiveImage(
  ctx: LoadContext,
  image: ArchiveImage,
): Promise<LoadedImage> {
  if (image.config !== undefined) return loadWithConfig(ctx, image, image.config);
  return loadLegacy(ctx, image, image.legacyV1 ?? {});
}
