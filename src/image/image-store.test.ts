import assert from 'node:assert/strict';
import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { after, describe, it } from 'node:test';
import { gzipSync } from 'node:zlib';
import { isKind } from '../common/errors.js';
import { chainIds, digestHex, sha256Digest } from './digest.js';
import {
  configFor,
  dockerArchive,
  legacyArchive,
  ociArchive,
  tarOf,
} from './testing/archive-builder.js';
import { fileLayer, ImageFixture } from './testing/image-fixture.js';

const fixtures: ImageFixture[] = [];
const fixture = () => {
  const f = new ImageFixture();
  fixtures.push(f);
  return f;
};
const diffId = (tar: Buffer) => sha256Digest(tar);
const notFound = (e: unknown) => isKind(e, 'not_found');
const invalid = (e: unknown) => isKind(e, 'invalid');

after(async () => {
  for (const f of fixtures) await f.dispose();
});

describe('ImageStore load()', () => {
  it('load() reads a docker save archive and resolve() finds it by every spelling', async () => {
    const f = fixture();
    const layer = await fileLayer('etc/motd', 'hi');
    const config = configFor([layer]);
    const lines = await f.load(
      await dockerArchive([{ layers: [layer], tags: ['busybox:latest'] }]),
    );
    assert.deepEqual(lines, ['Loaded image: busybox:latest']);
    const id = sha256Digest(config);
    for (const ref of [
      'busybox',
      'busybox:latest',
      'library/busybox',
      'docker.io/library/busybox:latest',
      id,
      digestHex(id),
      digestHex(id).slice(0, 4),
      `sha256:${digestHex(id).slice(0, 10)}`,
    ]) {
      assert.equal(f.images.resolve(ref).id, id, ref);
    }
    const r = f.images.resolve('busybox');
    assert.equal(r.ref, 'busybox:latest');
    assert.deepEqual(r.config.cmd, ['sh']);
    assert.deepEqual(r.layerDirs, [join(f.root, 'layers', digestHex(diffId(layer)), 'diff')]);
    assert.equal(readFileSync(join(r.layerDirs[0] ?? '', 'etc/motd'), 'utf8'), 'hi');
    assert.deepEqual(f.tmpEntries(), [], 'the spooled archive is gone');
  });

  it('resolve() is not_found for unknown names, short prefixes and digests', async () => {
    const f = fixture();
    await f.load(await dockerArchive([{ layers: [await fileLayer('a', 'a')], tags: ['a:1'] }]));
    const id = f.images.resolve('a:1').id;
    for (const ref of [
      'a',
      'a:2',
      'nope',
      digestHex(id).slice(0, 3),
      `a@sha256:${'0'.repeat(64)}`,
    ]) {
      assert.throws(() => f.images.resolve(ref), notFound, ref);
    }
    assert.throws(() => f.images.resolve('nope'), { message: 'No such image: nope' });
    assert.throws(() => f.images.resolve('Bad Ref'), invalid);
  });

  it('load() lists layers top first and keys them by chain ID', async () => {
    const f = fixture();
    const layers = [
      await fileLayer('a', '1'),
      await fileLayer('b', '2'),
      await fileLayer('a', '3'),
    ];
    await f.load(await dockerArchive([{ layers, tags: ['three:layers'] }]));
    const chains = chainIds(layers.map(diffId));
    const dirs = f.images.resolve('three:layers').layerDirs;
    assert.deepEqual(
      dirs,
      [...chains].reverse().map((c) => join(f.root, 'layers', digestHex(c), 'diff')),
    );
    assert.equal(readFileSync(join(dirs[0] ?? '', 'a'), 'utf8'), '3');
  });

  it('load() reads an OCI layout with gzip layers to the same image ID', async () => {
    const f = fixture();
    const layers = [await fileLayer('x', 'x'), await fileLayer('y', 'y')];
    const lines = await f.load(await ociArchive([{ layers, tags: ['oci:v1'] }]));
    assert.deepEqual(lines, ['Loaded image: oci:v1']);
    assert.equal(f.images.resolve('oci:v1').id, sha256Digest(configFor(layers)));
    assert.equal(f.images.inspect('oci:v1').RootFS.Layers[1], diffId(layers[1] ?? Buffer.alloc(0)));
  });

  it('load() of an untagged image reports its ID', async () => {
    const f = fixture();
    const layers = [await fileLayer('u', 'u')];
    const lines = await f.load(await ociArchive([{ layers, tags: [] }]));
    assert.deepEqual(lines, [`Loaded image ID: ${sha256Digest(configFor(layers))}`]);
  });

  it('load() reads the legacy repositories format', async () => {
    const f = fixture();
    const layers = [await fileLayer('old', '1'), await fileLayer('older', '2')];
    assert.deepEqual(await f.load(await legacyArchive(layers, 'legacy', 'v1')), [
      'Loaded image: legacy:v1',
    ]);
    const inspect = f.images.inspect('legacy:v1');
    assert.deepEqual(inspect.RootFS.Layers, layers.map(diffId));
    assert.deepEqual(inspect.Config.Cmd, ['sh']);
  });

  it('load() reports progress per layer', async () => {
    const f = fixture();
    const layers = [await fileLayer('p', '1'), await fileLayer('q', '2')];
    const seen: string[] = [];
    await f.images.load(Readable.from(await dockerArchive([{ layers, tags: ['p:1'] }])), (p) =>
      seen.push(p.status),
    );
    assert.deepEqual(seen, ['Loading layer 1/2', 'Loading layer 2/2', 'Loaded image: p:1']);
  });

  it('load() shares a layer between two images and unpacks it once', async () => {
    const f = fixture();
    const base = await fileLayer('base', 'b');
    await f.load(await dockerArchive([{ layers: [base], tags: ['base:1'] }]));
    const baseDir = f.images.resolve('base:1').layerDirs[0] ?? '';
    const inode = statSync(baseDir).ino;
    const top = await fileLayer('top', 't');
    await f.load(await dockerArchive([{ layers: [base, top], tags: ['app:1'] }]));
    assert.equal(f.layerDirs().length, 2);
    assert.equal(f.images.resolve('app:1').layerDirs[1], baseDir);
    assert.equal(statSync(baseDir).ino, inode, 'the shared layer was not unpacked again');
  });

  it('load() of several images in one archive loads them all', async () => {
    const f = fixture();
    const base = await fileLayer('base', 'b');
    const lines = await f.load(
      await dockerArchive([
        { layers: [base], tags: ['one:1', 'one:2'] },
        { layers: [base, await fileLayer('t', 't')], tags: ['two:1'] },
      ]),
    );
    assert.deepEqual(lines, ['Loaded image: one:1', 'Loaded image: one:2', 'Loaded image: two:1']);
  });

  it('load() refuses a layer whose hash is not the diff ID in the config', async () => {
    const f = fixture();
    const real = await fileLayer('a', 'real');
    const claimed = await fileLayer('a', 'claimed');
    const archive = await dockerArchive([
      { layers: [real], tags: ['bad:1'], config: configFor([claimed]) },
    ]);
    await assert.rejects(
      f.load(archive),
      (e) => invalid(e) && (e as Error).message.includes(diffId(claimed)),
    );
    assert.deepEqual(f.layerDirs(), []);
    assert.deepEqual(f.tmpEntries(), []);
    assert.throws(() => f.images.resolve('bad:1'), notFound);
  });

  it('load() refuses an OCI layer blob that does not match its digest', async () => {
    const f = fixture();
    const layer = await fileLayer('a', '1');
    const [gz, other] = [gzipSync(layer), gzipSync(await fileLayer('a', '2'))];
    const config = configFor([layer]);
    const desc = (b: Buffer) => ({ mediaType: 'x', digest: sha256Digest(b), size: b.length });
    const manifest = Buffer.from(JSON.stringify({ config: desc(config), layers: [desc(gz)] }));
    const blob = (b: Buffer, content = b) => ({
      name: `blobs/sha256/${digestHex(sha256Digest(b))}`,
      content,
    });
    const archive = await tarOf([
      blob(config),
      blob(manifest),
      blob(gz, other),
      { name: 'index.json', content: JSON.stringify({ manifests: [desc(manifest)] }) },
      { name: 'oci-layout', content: '{"imageLayoutVersion":"1.0.0"}' },
    ]);
    await assert.rejects(
      f.load(archive),
      (e) => invalid(e) && /content has digest/.test((e as Error).message),
    );
    assert.deepEqual(f.layerDirs(), []);
  });

  it('load() refuses a layer with path traversal and keeps nothing of it', async () => {
    const f = fixture();
    const evil = await tarOf([{ name: '../../evil', content: 'x' }]);
    await assert.rejects(
      f.load(await dockerArchive([{ layers: [evil], tags: ['evil:1'] }])),
      /path escapes the layer/,
    );
    assert.deepEqual(f.layerDirs(), []);
    assert.deepEqual(f.tmpEntries(), []);
  });

  it('load() refuses streams that are no image archive', async () => {
    const f = fixture();
    await assert.rejects(f.load(Buffer.from('garbage'.repeat(200))), invalid);
    await assert.rejects(
      f.load(await tarOf([{ name: 'hello', content: 'x' }])),
      /no manifest\.json/,
    );
    const layer = await fileLayer('a', 'a');
    const badTag = await dockerArchive([{ layers: [layer], tags: ['Upper:case'] }]);
    await assert.rejects(f.load(badTag), invalid);
    assert.deepEqual(f.layerDirs(), [], 'tags are checked before unpacking');
    const countMismatch = await dockerArchive([
      { layers: [layer], tags: ['x:1'], config: configFor([layer, layer]) },
    ]);
    await assert.rejects(f.load(countMismatch), /lists 2 layers/);
  });

  it('load() moves a tag to the new image and leaves the old one dangling', async () => {
    const f = fixture();
    await f.load(
      await dockerArchive([{ layers: [await fileLayer('v', '1')], tags: ['app:latest'] }]),
    );
    const old = f.images.resolve('app').id;
    await f.load(
      await dockerArchive([{ layers: [await fileLayer('v', '2')], tags: ['app:latest'] }]),
    );
    assert.notEqual(f.images.resolve('app').id, old);
    const dangling = f.images.list({ filters: { dangling: ['true'] } });
    assert.deepEqual(
      dangling.map((i) => [i.Id, i.RepoTags]),
      [[old, ['<none>:<none>']]],
    );
  });
});

describe('ImageStore import()', () => {
  it('import() makes a one-layer image with the changes applied', async () => {
    const f = fixture();
    const rootfs = await fileLayer('bin/tool', 'tool');
    const id = await f.images.import(Readable.from(rootfs), {
      repo: 'me/rootfs',
      tag: 'v1',
      message: 'from a tarball',
      changes: [
        'CMD ["/bin/tool"]',
        'ENV A=1',
        'WORKDIR /srv',
        'EXPOSE 8080',
        'USER 1000',
        'LABEL k=v',
      ],
    });
    const inspect = f.images.inspect('me/rootfs:v1');
    assert.equal(inspect.Id, id);
    assert.match(id, /^sha256:[a-f0-9]{64}$/);
    assert.deepEqual(inspect.RootFS.Layers, [diffId(rootfs)]);
    assert.equal(inspect.Architecture, 'amd64');
    assert.equal(inspect.Os, 'linux');
    assert.equal(inspect.Comment, 'from a tarball');
    assert.deepEqual(inspect.Config.Cmd, ['/bin/tool']);
    assert.deepEqual(inspect.Config.Env, ['A=1']);
    assert.equal(inspect.Config.WorkingDir, '/srv');
    assert.deepEqual(inspect.Config.ExposedPorts, { '8080/tcp': {} });
    assert.equal(inspect.Config.User, '1000');
    assert.deepEqual(inspect.Config.Labels, { k: 'v' });
    assert.ok(Math.abs(Date.parse(inspect.Created) - Date.now()) < 60_000);
    const dir = f.images.resolve(id).layerDirs[0] ?? '';
    assert.equal(readFileSync(join(dir, 'bin/tool'), 'utf8'), 'tool');
  });

  it('import() without a repo leaves the image untagged', async () => {
    const f = fixture();
    const id = await f.images.import(Readable.from(await fileLayer('f', 'f')), {});
    assert.deepEqual(f.images.inspect(id).RepoTags, []);
    assert.equal(f.images.inspect(id).Comment, 'Imported from -');
  });

  it('import() validates repo and changes before reading the tarball', async () => {
    const f = fixture();
    let read = false;
    const src = () =>
      new Readable({
        read() {
          read = true;
          this.push(null);
        },
      });
    await assert.rejects(f.images.import(src(), { repo: 'Bad' }), invalid);
    await assert.rejects(
      f.images.import(src(), { changes: ['RUN rm -rf /'] }),
      /unknown instruction/,
    );
    assert.equal(read, false);
  });

  it('import() refuses a tarball with an unsafe entry', async () => {
    const f = fixture();
    const evil = await tarOf([{ name: '/etc/shadow', content: 'x' }]);
    await assert.rejects(f.images.import(Readable.from(evil), { repo: 'evil' }), /absolute paths/);
    assert.deepEqual(f.layerDirs(), []);
  });
});

describe('ImageStore list() and inspect()', () => {
  it('inspect() reports Docker fields and the sum of layer sizes', async () => {
    const f = fixture();
    const layers = [await fileLayer('a', '12345'), await fileLayer('b', '123')];
    await f.load(await dockerArchive([{ layers, tags: ['sz:1', 'sz:2'] }]));
    const i = f.images.inspect('sz:1');
    assert.equal(i.Size, 8);
    assert.equal(i.VirtualSize, 8);
    assert.deepEqual(i.RepoTags, ['sz:1', 'sz:2']);
    assert.equal(i.Created, '2024-01-01T00:00:00.000Z');
    assert.match(i.Metadata.LastTagTime, /^\d{4}-/);
    assert.deepEqual(i.Config.Env, ['PATH=/bin']);
  });

  it('list() filters by reference, label and dangling, newest first', async () => {
    const f = fixture();
    const mk = async (tag: string, created: string, labels: Record<string, string>) => {
      const layers = [await fileLayer(tag, tag)];
      const config = configFor(layers, { created: new Date(created), exec: { Labels: labels } });
      await f.load(await dockerArchive([{ layers, tags: [tag], config }]));
    };
    await mk('web:1', '2024-01-01T00:00:00Z', { tier: 'front' });
    await mk('me/db:1', '2024-02-01T00:00:00Z', { tier: 'back' });
    await mk('web:2', '2024-03-01T00:00:00Z', {});
    const tags = (filters?: Record<string, string[]>) =>
      f.images.list({ ...(filters === undefined ? {} : { filters }) }).map((i) => i.RepoTags[0]);
    assert.deepEqual(tags(), ['web:2', 'me/db:1', 'web:1']);
    assert.deepEqual(tags({ reference: ['web'] }), ['web:2', 'web:1']);
    assert.deepEqual(tags({ reference: ['*:1'] }), ['web:1']);
    assert.deepEqual(tags({ reference: ['me/*'] }), ['me/db:1']);
    assert.deepEqual(tags({ label: ['tier'] }), ['me/db:1', 'web:1']);
    assert.deepEqual(tags({ label: ['tier=front'] }), ['web:1']);
    assert.deepEqual(tags({ before: ['me/db:1'] }), ['web:1']);
    assert.deepEqual(tags({ since: ['me/db:1'] }), ['web:2']);
    assert.deepEqual(tags({ dangling: ['true'] }), []);
    assert.throws(() => tags({ bogus: ['x'] }), invalid);
    const summary = f.images.list()[0];
    assert.equal(summary?.Created, Date.parse('2024-03-01T00:00:00Z') / 1000);
    assert.equal(summary?.Containers, -1);
  });
});
