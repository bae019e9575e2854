import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { after, describe, it } from 'node:test';
import { isKind } from '../common/errors.js';
import { sha256Digest } from './digest.js';
import { LayerStore } from './layer-store.js';
import { fileLayer } from './testing/image-fixture.js';

const roots: string[] = [];
const newStore = () => {
  const root = mkdtempSync(join(tmpdir(), 'layer-store-test-'));
  roots.push(root);
  return new LayerStore(root);
};

after(() => {
  for (const r of roots) rmSync(r, { recursive: true, force: true });
});

describe('LayerStore', () => {
  it('add() commits under the chain ID and find() reads it back', async () => {
    const layers = newStore();
    const tar = await fileLayer('f', 'abc');
    const parent = sha256Digest('parent');
    const info = await layers.add(Readable.from(tar), { parentChainId: parent });
    assert.equal(info.chainId, sha256Digest(`${parent} ${sha256Digest(tar)}`));
    assert.deepEqual(await layers.find(info.chainId), info);
    assert.ok(existsSync(join(layers.diffDir(info.chainId), 'f')));
    assert.equal(await layers.find(sha256Digest('other')), undefined);
  });

  it('add() refuses a diff ID mismatch and leaves no temp dir', async () => {
    const layers = newStore();
    await assert.rejects(
      layers.add(Readable.from(await fileLayer('f', 'x')), { diffId: sha256Digest('y') }),
      (e) => isKind(e, 'invalid') && e.code === 'LAYER_DIFF_ID_MISMATCH',
    );
    assert.equal(layers.sweep(new Set()).length, 0);
  });

  it('add() of a layer already on disk keeps the existing copy', async () => {
    const layers = newStore();
    const tar = await fileLayer('f', 'same');
    const a = await layers.add(Readable.from(tar));
    const b = await layers.add(Readable.from(tar));
    assert.deepEqual(a, b);
  });

  it('remove() skips pinned layers and deletes unpinned ones', async () => {
    const layers = newStore();
    const info = await layers.add(Readable.from(await fileLayer('f', 'p')));
    assert.equal(layers.remove(info.chainId), false, 'add() leaves it pinned');
    layers.unpin(info.chainId);
    assert.equal(layers.remove(info.chainId), true);
    assert.equal(layers.remove(info.chainId), false, 'twice is fine');
    await layers.settled();
    assert.equal(await layers.find(info.chainId), undefined);
  });

  it('sweep() keeps referenced layers only', async () => {
    const layers = newStore();
    const keep = await layers.add(Readable.from(await fileLayer('k', 'k')));
    const drop = await layers.add(Readable.from(await fileLayer('d', 'd')));
    const removed = layers.sweep(new Set([keep.chainId]));
    assert.deepEqual(removed, [drop.chainId.slice('sha256:'.length)]);
    assert.ok(await layers.find(keep.chainId));
  });
});
