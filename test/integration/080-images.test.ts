/**
 * The image store against the real kernel (root only): a `docker save` tarball of the host's
 * busybox is loaded into an ImageStore (temp root, SQLite store), its layers are mounted as an
 * overlay the way the container layer will mount them, and busybox must run from the mount.
 * A two-layer image checks that unpacked whiteouts hide lower files through overlayfs. Every
 * mount is detached and the temp directory removed in `after`, also when a test fails.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import {
  createReadStream,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { ImageStore } from '../../src/image/image-store.js';
import { mountOverlay, unmount } from '../../src/kernel/fs-ops.js';
import { SqliteStore } from '../../src/store/sqlite-store.js';
import { buildBusyboxImage, buildWhiteoutImage } from '../helpers/busybox-image.js';

const isRoot = process.getuid?.() === 0;

describe('image store with overlayfs', { skip: isRoot ? false : 'needs root' }, () => {
  let dir = '';
  let store: SqliteStore | undefined;
  let images: ImageStore;
  const mounts: string[] = [];
  let mountCount = 0;

  /** Mounts `ref`'s layers with a fresh upper dir; returns the mount point. */
  function mountImage(ref: string): string {
    const base = join(dir, `mnt-${mountCount++}`);
    const [upper, work, target] = ['upper', 'work', 'root'].map((d) => join(base, d)) as [
      string,
      string,
      string,
    ];
    for (const d of [upper, work, target]) mkdirSync(d, { recursive: true });
    mountOverlay(target, { lower: images.resolve(ref).layerDirs, upper, work });
    mounts.push(target);
    return target;
  }

  function unmountAll(): void {
    for (const m of mounts.splice(0).reverse()) unmount(m, { detach: true });
  }

  const chrootSh = (root: string, script: string) =>
    spawnSync('chroot', [root, '/bin/sh', '-c', script], { encoding: 'utf8', timeout: 10_000 });

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'pouch-080-'));
    store = SqliteStore.open(join(dir, 'db'));
    images = new ImageStore({ root: join(dir, 'image'), store });
    const lines = await images.load(createReadStream(buildBusyboxImage(dir)));
    assert.deepEqual(lines, ['Loaded image: busybox:latest']);
    await images.load(createReadStream(buildWhiteoutImage(dir)));
  });

  after(async () => {
    unmountAll();
    await images?.dispose();
    store?.close();
    if (dir !== '') rmSync(dir, { recursive: true, force: true });
  });

  it('busybox runs from an overlay of the loaded layers', () => {
    const root = mountImage('busybox');
    const r = chrootSh(root, 'echo ok; id -u; cat /etc/hostname | wc -c');
    assert.equal(r.status, 0, r.stderr);
    assert.deepEqual(r.stdout.trim().split('\n'), ['ok', '0', '0']);
    for (const d of ['proc', 'sys', 'dev', 'tmp', 'root', 'etc/resolv.conf', 'etc/passwd']) {
      assert.ok(existsSync(join(root, d)), d);
    }
    assert.deepEqual(images.resolve('busybox').config.cmd, ['sh']);
  });

  it('writes land in the upper dir, never in the shared layer', () => {
    const root = mountImage('busybox:latest');
    const r = chrootSh(root, 'echo changed > /etc/hostname && rm /bin/wc');
    assert.equal(r.status, 0, r.stderr);
    const [layer] = images.resolve('busybox').layerDirs;
    assert.ok(existsSync(join(layer ?? '', 'bin/wc')));
    assert.equal(readFileSync(join(layer ?? '', 'etc/hostname'), 'utf8'), '');
    assert.equal(readFileSync(join(root, 'etc/hostname'), 'utf8'), 'changed\n');
  });

  it('the OCI layout of the same image loads to the same ID', async () => {
    const oci = buildBusyboxImage(dir, { tag: 'busybox:oci', format: 'oci' });
    assert.deepEqual(await images.load(createReadStream(oci)), ['Loaded image: busybox:oci']);
    assert.equal(images.resolve('busybox:oci').id, images.resolve('busybox').id);
  });

  it('a whiteout in the top layer hides the file of the layer below', () => {
    const resolved = images.resolve('whiteout');
    assert.equal(resolved.layerDirs.length, 2);
    assert.ok(existsSync(join(resolved.layerDirs[1] ?? '', 'etc/secret')), 'lower layer has it');
    const root = mountImage('whiteout');
    assert.ok(!existsSync(join(root, 'etc/secret')));
    assert.deepEqual(readdirSync(join(root, 'data')), ['c'], 'opaque dir hides a and b');
    const r = chrootSh(root, 'cat /etc/secret');
    assert.notEqual(r.status, 0);
    assert.ok(existsSync(join(root, 'etc/passwd')), 'the rest of /etc shows through');
  });

  it('remove() of an unmounted image deletes its layers', async () => {
    unmountAll();
    const id = images.resolve('whiteout').id;
    const items = images.remove('whiteout', { isUsed: () => false });
    assert.deepEqual(items.slice(0, 2), [{ Untagged: 'whiteout:latest' }, { Deleted: id }]);
    assert.equal(items.length, 4, 'both of its layers are its own');
    await images.dispose();
    assert.equal(readdirSync(join(dir, 'image', 'layers')).length, 1, 'busybox layer remains');
  });
});
