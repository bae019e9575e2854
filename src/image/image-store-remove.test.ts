import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { isKind } from '../common/errors.js';
import { SqliteStore } from '../store/sqlite-store.js';
import { digestHex } from './digest.js';
import { dockerArchive } from './testing/archive-builder.js';
import { fileLayer, ImageFixture } from './testing/image-fixture.js';

const fixtures: ImageFixture[] = [];
const dbDirs: string[] = [];
const fixture = (f = new ImageFixture()) => {
  fixtures.push(f);
  return f;
};
const unused = { isUsed: () => false };

after(async () => {
  for (const f of fixtures) {
    await f.dispose();
    f.store.close();
  }
  for (const d of dbDirs) rmSync(d, { recursive: true, force: true });
});

/** A fixture with `base:1` (layer B) and `app:1` (layers B, T) loaded. */
async function twoImages() {
  const f = fixture();
  const base = await fileLayer('base', 'b');
  await f.load(await dockerArchive([{ layers: [base], tags: ['base:1'] }]));
  await f.load(
    await dockerArchive([{ layers: [base, await fileLayer('top', 't')], tags: ['app:1'] }]),
  );
  return f;
}

describe('ImageStore tag()', () => {
  it('tag() adds a name that resolves to the same image', async () => {
    const f = await twoImages();
    f.images.tag('base:1', 'me/base');
    f.images.tag('base:1', 'quay.io/x/base', 'v2');
    const id = f.images.resolve('base:1').id;
    assert.equal(f.images.resolve('me/base:latest').id, id);
    assert.equal(f.images.resolve('quay.io/x/base:v2').id, id);
    assert.deepEqual(f.images.inspect(id).RepoTags, [
      'base:1',
      'me/base:latest',
      'quay.io/x/base:v2',
    ]);
  });

  it('tag() moves an existing tag and refuses bad names', async () => {
    const f = await twoImages();
    f.images.tag('app:1', 'base', '1');
    assert.equal(f.images.resolve('base:1').id, f.images.resolve('app:1').id);
    assert.throws(
      () => f.images.tag('app:1', 'Bad'),
      (e) => isKind(e, 'invalid'),
    );
    assert.throws(
      () => f.images.tag('app:1', 'ok', '-bad'),
      (e) => isKind(e, 'invalid'),
    );
    assert.throws(
      () => f.images.tag('missing', 'ok'),
      (e) => isKind(e, 'not_found'),
    );
  });
});

describe('ImageStore remove()', () => {
  it('remove() of one of several tags only untags', async () => {
    const f = await twoImages();
    f.images.tag('app:1', 'app', '2');
    assert.deepEqual(f.images.remove('app:1', unused), [{ Untagged: 'app:1' }]);
    assert.deepEqual(f.images.inspect('app:2').RepoTags, ['app:2']);
  });

  it('remove() keeps shared layers for the image still using them, then deletes them last', async () => {
    const f = await twoImages();
    const app = f.images.resolve('app:1');
    const base = f.images.resolve('base:1');
    const chainOf = (dir: string | undefined) => `sha256:${dir?.split('/').at(-2) ?? ''}`;
    const [topChain, baseChain] = app.layerDirs.map(chainOf);
    assert.deepEqual(f.images.remove('app:1', unused), [
      { Untagged: 'app:1' },
      { Deleted: app.id },
      { Deleted: topChain },
    ]);
    await f.images.dispose();
    assert.deepEqual(f.layerDirs(), [digestHex(baseChain ?? '')]);
    assert.throws(
      () => f.images.resolve('app:1'),
      (e) => isKind(e, 'not_found'),
    );
    assert.deepEqual(f.images.remove(base.id, unused), [
      { Untagged: 'base:1' },
      { Deleted: base.id },
      { Deleted: baseChain },
    ]);
    await f.images.dispose();
    assert.deepEqual(f.layerDirs(), []);
    assert.deepEqual(f.tmpEntries(), []);
  });

  it('remove() by ID refuses an image with several tags unless forced', async () => {
    const f = await twoImages();
    f.images.tag('base:1', 'base', '2');
    const id = f.images.resolve('base:1').id;
    assert.throws(
      () => f.images.remove(id, unused),
      (e) =>
        isKind(e, 'conflict') && /referenced in multiple repositories/.test((e as Error).message),
    );
    const items = f.images.remove(digestHex(id).slice(0, 8), { ...unused, force: true });
    assert.deepEqual(items.slice(0, 3), [
      { Untagged: 'base:1' },
      { Untagged: 'base:2' },
      { Deleted: id },
    ]);
    assert.equal(items.length, 3, 'the base layer stays: app:1 uses it');
  });

  it('remove() of an image a container uses is a conflict; forced, the image stays', async () => {
    const f = await twoImages();
    const id = f.images.resolve('app:1').id;
    const used = { isUsed: (imageId: string) => (imageId === id ? 'f'.repeat(64) : false) };
    assert.throws(
      () => f.images.remove('app:1', used),
      (e) =>
        isKind(e, 'conflict') &&
        (e as Error).message ===
          `conflict: unable to remove repository reference "app:1" (must force) - container ` +
            `ffffffffffff is using its referenced image ${digestHex(id).slice(0, 12)}`,
    );
    assert.throws(
      () => f.images.remove(id, used),
      (e) => isKind(e, 'conflict'),
    );
    assert.deepEqual(f.images.remove('app:1', { ...used, force: true }), [{ Untagged: 'app:1' }]);
    assert.equal(f.images.resolve(id).layerDirs.length, 2, 'layers kept for the container');
  });

  it('remove() of an unknown image is not_found', async () => {
    const f = await twoImages();
    assert.throws(() => f.images.remove('nope', unused), { message: 'No such image: nope' });
  });
});

describe('ImageStore restart', () => {
  it('a new ImageStore on the same store and root keeps images and tags', async () => {
    const db = mkdtempSync(join(tmpdir(), 'image-db-test-'));
    dbDirs.push(db);
    const f = fixture(new ImageFixture(SqliteStore.open(db)));
    await f.load(await dockerArchive([{ layers: [await fileLayer('a', 'a')], tags: ['keep:1'] }]));
    const before = f.images.resolve('keep:1');
    f.store.close();
    f.store = SqliteStore.open(db);
    const after = f.reopen().resolve('keep:1');
    assert.deepEqual(after, before);
    assert.deepEqual(
      f.images.list().map((i) => i.RepoTags),
      [['keep:1']],
    );
  });

  it('construction removes temp dirs and layers no image references', async () => {
    const f = fixture();
    await f.load(await dockerArchive([{ layers: [await fileLayer('a', 'a')], tags: ['keep:1'] }]));
    const kept = f.layerDirs();
    const orphan = join(f.root, 'layers', 'e'.repeat(64));
    mkdirSync(join(orphan, 'diff'), { recursive: true });
    mkdirSync(join(f.root, 'layers', 'not-a-layer'));
    mkdirSync(join(f.root, 'tmp', 'layer-half'), { recursive: true });
    writeFileSync(join(f.root, 'tmp', 'load-x'), 'partial archive');
    f.reopen();
    assert.deepEqual(f.layerDirs(), kept);
    assert.deepEqual(f.tmpEntries(), []);
    assert.equal(f.images.resolve('keep:1').layerDirs.length, 1);
  });
});
