import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import {
  existsSync,
  lstatSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  readlinkSync,
  rmSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { after, beforeEach, describe, it } from 'node:test';
import { gzipSync } from 'node:zlib';
import { isKind } from '../common/errors.js';
import { unpackLayer } from './layer-unpack.js';
import { tarOf, type TestTarEntry } from './testing/archive-builder.js';

const TMP = mkdtempSync(join(tmpdir(), 'layer-unpack-test-'));
let n = 0;
let dest = '';

const unpack = async (entries: TestTarEntry[]) =>
  unpackLayer(Readable.from(await tarOf(entries)), dest);
const invalidLayer = (e: unknown) => isKind(e, 'invalid') && e.code === 'INVALID_LAYER';

/** The `trusted.overlay.opaque` xattr, through python3 (Node cannot read xattrs). */
function opaqueXattr(path: string): string | undefined {
  const r = spawnSync(
    'python3',
    ['-c', 'import os,sys;print(os.getxattr(sys.argv[1],"trusted.overlay.opaque").decode())', path],
    { encoding: 'utf8' },
  );
  return r.status === 0 ? r.stdout.trim() : undefined;
}

describe('unpackLayer()', () => {
  beforeEach(() => {
    dest = join(TMP, `d${n++}`);
    mkdirSync(dest);
  });
  after(() => rmSync(TMP, { recursive: true, force: true }));

  it('keeps modes, owners, symlinks, hard links and mtimes', async () => {
    const mtime = new Date('2020-02-02T02:02:02Z');
    await unpack([
      { name: './', type: 'directory', mode: 0o755 },
      { name: 'bin/', type: 'directory', mode: 0o750, uid: 7, gid: 8, mtime },
      { name: 'bin/tool', mode: 0o4755, uid: 1000, gid: 1000, content: 'x', mtime },
      { name: 'bin/alias', type: 'symlink', linkname: 'tool', uid: 5, gid: 6 },
      { name: 'bin/hard', type: 'link', linkname: 'bin/tool' },
      { name: 'abs', type: 'symlink', linkname: '/etc/passwd' },
    ]);
    const dir = lstatSync(join(dest, 'bin'));
    assert.equal(dir.mode & 0o7777, 0o750);
    assert.deepEqual([dir.uid, dir.gid], [7, 8]);
    assert.equal(dir.mtimeMs, mtime.getTime());
    const tool = lstatSync(join(dest, 'bin/tool'));
    assert.equal(tool.mode & 0o7777, 0o4755, 'setuid survives chown');
    assert.deepEqual([tool.uid, tool.gid], [1000, 1000]);
    assert.equal(tool.mtimeMs, mtime.getTime());
    assert.equal(readlinkSync(join(dest, 'bin/alias')), 'tool');
    assert.equal(lstatSync(join(dest, 'bin/alias')).uid, 5);
    assert.equal(lstatSync(join(dest, 'bin/hard')).ino, tool.ino);
    assert.equal(readlinkSync(join(dest, 'abs')), '/etc/passwd', 'absolute link targets are kept');
  });

  it('returns the diff ID of the uncompressed tar, also for gzip layers', async () => {
    const tar = await tarOf([{ name: 'f', content: 'hello' }]);
    const plain = await unpackLayer(Readable.from(tar), dest);
    const sha = `sha256:${createHash('sha256').update(tar).digest('hex')}`;
    assert.deepEqual(plain, { diffId: sha, digest: sha, sizeBytes: 5 });
    const other = join(TMP, `d${n++}`);
    mkdirSync(other);
    const gz = gzipSync(tar);
    const zipped = await unpackLayer(Readable.from(gz), other);
    assert.equal(zipped.diffId, sha);
    assert.equal(zipped.digest, `sha256:${createHash('sha256').update(gz).digest('hex')}`);
    assert.equal(readFileSync(join(other, 'f'), 'utf8'), 'hello');
  });

  it('turns .wh. files into overlay whiteouts and .wh..wh..opq into opaque dirs', async () => {
    await unpack([
      { name: 'etc/', type: 'directory' },
      { name: 'etc/gone', content: 'replaced by the whiteout' },
      { name: 'etc/.wh.gone', content: '' },
      { name: 'etc/.wh.never-existed', content: '' },
      { name: 'data/.wh..wh..opq', content: '' },
      { name: 'data/.wh..wh.plnk', content: '' },
      { name: 'data/kept', content: 'k' },
    ]);
    for (const name of ['etc/gone', 'etc/never-existed']) {
      const st = lstatSync(join(dest, name));
      assert.ok(st.isCharacterDevice(), name);
      assert.equal(st.rdev, 0);
    }
    assert.ok(!existsSync(join(dest, 'etc/.wh.gone')));
    assert.deepEqual(
      ['.wh..wh..opq', '.wh..wh.plnk'].map((f) => existsSync(join(dest, 'data', f))),
      [false, false],
    );
    const xattr = opaqueXattr(join(dest, 'data'));
    if (xattr !== undefined) assert.equal(xattr, 'y');
  });

  it('lets a later entry replace an earlier one without following it', async () => {
    await unpack([
      { name: 'x', type: 'symlink', linkname: '/etc/hostname' },
      { name: 'x', content: 'file now' },
      { name: 'd', content: 'file first' },
      { name: 'd/', type: 'directory' },
    ]);
    assert.equal(readFileSync(join(dest, 'x'), 'utf8'), 'file now');
    assert.ok(lstatSync(join(dest, 'd')).isDirectory());
  });

  it('refuses absolute paths and .. with a clear error', async () => {
    await assert.rejects(
      unpack([{ name: '/etc/evil', content: 'x' }]),
      (e) => invalidLayer(e) && /absolute/.test((e as Error).message),
    );
    await assert.rejects(
      unpack([{ name: 'a/../../evil', content: 'x' }]),
      (e) => invalidLayer(e) && /"\.\."/.test((e as Error).message),
    );
  });

  it('refuses writing through a symlink that leaves the layer', async () => {
    const outside = join(TMP, `outside${n++}`);
    mkdirSync(outside);
    await assert.rejects(
      unpack([
        { name: 'escape', type: 'symlink', linkname: outside },
        { name: 'escape/pwned', content: 'x' },
      ]),
      (e) => invalidLayer(e) && /through symlink "escape"/.test((e as Error).message),
    );
    assert.ok(!existsSync(join(outside, 'pwned')));
  });

  it('refuses hard links that leave the layer or pass a symlink', async () => {
    await assert.rejects(
      unpack([{ name: 'h', type: 'link', linkname: '../../etc/passwd' }]),
      invalidLayer,
    );
    await assert.rejects(
      unpack([{ name: 'h', type: 'link', linkname: '/etc/passwd' }]),
      invalidLayer,
    );
    await assert.rejects(
      unpack([
        { name: 'etc', type: 'symlink', linkname: '/etc' },
        { name: 'h', type: 'link', linkname: 'etc/passwd' },
      ]),
      invalidLayer,
    );
  });

  it('refuses streams that are not tars', async () => {
    await assert.rejects(unpackLayer(Readable.from(Buffer.alloc(700, 7)), dest), (e) =>
      isKind(e, 'invalid'),
    );
    await assert.rejects(
      unpackLayer(Readable.from(gzipSync(Buffer.from('not a tar at all'))), dest),
      (e) => isKind(e, 'invalid'),
    );
    await assert.rejects(unpackLayer(Readable.from([]), dest), /stream is empty/);
    const zstd = Buffer.from([0x28, 0xb5, 0x2f, 0xfd, 0, 0]);
    await assert.rejects(unpackLayer(Readable.from(zstd), dest), /zstd/);
  });
});
