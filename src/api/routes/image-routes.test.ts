import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { request as httpRequest } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { EngineError } from '../../common/errors.js';
import { createTestApp, type TestApp } from '../testing/test-app.js';
import { eventually } from '../testing/raw-client.js';

function messages(body: string): unknown[] {
  assert.ok(body.endsWith('\r\n'), 'every message ends with CRLF');
  return body
    .split('\r\n')
    .filter((line) => line !== '')
    .map((line) => JSON.parse(line) as unknown);
}

describe('GET /images', () => {
  it('GET /images/json lists images and checks filter keys', async () => {
    const t = await createTestApp();
    t.images.addImage('busybox:latest');
    const res = await t.app.inject({
      method: 'GET',
      url: '/v1.41/images/json',
      query: { filters: '{"dangling":["false"]}', all: '1' },
    });
    assert.equal(res.statusCode, 200);
    assert.deepEqual(res.json()[0].RepoTags, ['busybox:latest']);
    assert.deepEqual(t.images.calls[0]?.args[0], {
      all: true,
      filters: { dangling: ['false'] },
    });
    const bad = await t.app.inject({ method: 'GET', url: '/images/json?filters={"foo":["x"]}' });
    assert.equal(bad.statusCode, 400);
    assert.deepEqual(bad.json(), { message: "invalid filter 'foo'" });
  });

  it('GET /images/{name}/json inspects names with slashes and registries', async () => {
    const t = await createTestApp();
    const image = t.images.addImage('library/busybox:1.36', 'localhost:5000/team/app:v1');
    for (const name of ['library/busybox:1.36', 'localhost:5000/team/app:v1', image.id]) {
      const res = await t.app.inject({ method: 'GET', url: `/v1.41/images/${name}/json` });
      assert.equal(res.statusCode, 200, name);
      assert.equal(res.json().Id, image.id);
    }
  });

  it('GET /images/{name}/json returns 404 for an unknown image and for unknown actions', async () => {
    const t = await createTestApp();
    t.images.addImage('busybox');
    const missing = await t.app.inject({ method: 'GET', url: '/images/nope/json' });
    assert.equal(missing.statusCode, 404);
    assert.deepEqual(missing.json(), { message: 'No such image: nope' });
    const history = await t.app.inject({ method: 'GET', url: '/images/busybox/history' });
    assert.equal(history.statusCode, 404);
    assert.deepEqual(history.json(), { message: 'page not found' });
  });
});

describe('POST /images/{name}/tag and DELETE /images/{name}', () => {
  it('POST /images/{name}/tag returns 201 and tags, 400 without repo, 404 when unknown', async () => {
    const t = await createTestApp();
    t.images.addImage('library/busybox:latest');
    const res = await t.app.inject({
      method: 'POST',
      url: '/images/library/busybox:latest/tag?repo=me/box&tag=v1',
    });
    assert.equal(res.statusCode, 201);
    assert.equal(res.body, '');
    assert.deepEqual(t.images.calls[0], {
      method: 'tag',
      args: ['library/busybox:latest', 'me/box', 'v1'],
    });
    const noRepo = await t.app.inject({ method: 'POST', url: '/images/library/busybox/tag' });
    assert.equal(noRepo.statusCode, 400);
    const missing = await t.app.inject({ method: 'POST', url: '/images/nope/tag?repo=x' });
    assert.equal(missing.statusCode, 404);
  });

  it('DELETE /images/{name} returns the untagged and deleted list', async () => {
    const t = await createTestApp();
    const image = t.images.addImage('library/busybox:latest');
    const res = await t.app.inject({ method: 'DELETE', url: '/images/library/busybox:latest' });
    assert.equal(res.statusCode, 200);
    assert.deepEqual(res.json(), [{ Untagged: 'library/busybox:latest' }, { Deleted: image.id }]);
  });

  it('DELETE /images/{name} returns 409 while a container uses it, 200 with force', async () => {
    const t = await createTestApp();
    t.containers.addContainer('web', { config: { Image: 'app:v1' } });
    // The fake container's ImageID is derived from its Image; give the image that ID.
    const used = t.images.addImage('app:v1');
    used.id = t.containers.list({ all: true })[0]?.ImageID ?? '';
    const refused = await t.app.inject({ method: 'DELETE', url: '/images/app:v1' });
    assert.equal(refused.statusCode, 409);
    assert.match(refused.json().message, /image is being used by running container [0-9a-f]{12}$/);
    const forced = await t.app.inject({ method: 'DELETE', url: '/images/app:v1?force=1' });
    assert.equal(forced.statusCode, 200);
  });
});

describe('POST /images/load and /images/create (inject)', () => {
  it('POST /images/load streams progress and Loaded image lines as JSON messages', async () => {
    const t = await createTestApp();
    const res = await t.app.inject({
      method: 'POST',
      url: '/v1.41/images/load',
      headers: { 'content-type': 'application/x-tar' },
      payload: Buffer.from('busybox:latest\n'),
    });
    assert.equal(res.statusCode, 200);
    assert.equal(res.headers['content-type'], 'application/json');
    assert.deepEqual(messages(res.body), [
      { status: 'Loading layer', progressDetail: { current: 1, total: 2 } },
      { status: 'Loading layer', progressDetail: { current: 2, total: 2 } },
      { stream: 'Loaded image: busybox:latest\n' },
    ]);
    assert.equal(t.images.uploads[0]?.wasStream, true);
    assert.equal(t.images.uploads[0]?.bytes.toString(), 'busybox:latest\n');
  });

  it('POST /images/load?quiet=1 sends only the Loaded image lines', async () => {
    const t = await createTestApp();
    const res = await t.app.inject({
      method: 'POST',
      url: '/images/load?quiet=1',
      headers: { 'content-type': 'application/octet-stream' },
      payload: Buffer.from('app:v2\n'),
    });
    assert.deepEqual(messages(res.body), [{ stream: 'Loaded image: app:v2\n' }]);
  });

  it('POST /images/load reports a failure in band once the stream has started', async () => {
    const t = await createTestApp();
    t.images.failNext(new Error('archive/tar: invalid tar header'));
    const res = await t.app.inject({
      method: 'POST',
      url: '/images/load',
      headers: { 'content-type': 'application/x-tar' },
      payload: 'garbage',
    });
    assert.equal(res.statusCode, 200);
    assert.deepEqual(messages(res.body).at(-1), {
      errorDetail: { message: 'archive/tar: invalid tar header' },
      error: 'archive/tar: invalid tar header',
    });
  });

  it('POST /images/load?quiet=1 answers a failure before any output with a status', async () => {
    const t = await createTestApp();
    t.images.failNext(new EngineError('invalid', 'bad'));
    const res = await t.app.inject({
      method: 'POST',
      url: '/images/load?quiet=1',
      headers: { 'content-type': 'application/x-tar' },
      payload: 'garbage',
    });
    assert.equal(res.statusCode, 400);
    assert.deepEqual(res.json(), { message: 'bad' });
  });

  it('POST /images/create?fromSrc=- imports the body (docker import sends text/plain)', async () => {
    const t = await createTestApp();
    const res = await t.app.inject({
      method: 'POST',
      url: '/images/create?fromSrc=-&repo=me/rootfs&tag=v1&message=hi&changes=ENV%20A%3D1&changes=CMD%20sh',
      headers: { 'content-type': 'text/plain' },
      payload: 'rootfs-bytes',
    });
    assert.equal(res.statusCode, 200);
    const [message] = messages(res.body) as Array<{ status: string }>;
    assert.match(message?.status ?? '', /^sha256:[0-9a-f]{64}$/);
    assert.deepEqual(t.images.calls[0]?.args[1], {
      repo: 'me/rootfs',
      tag: 'v1',
      message: 'hi',
      changes: ['ENV A=1', 'CMD sh'],
    });
    assert.equal(t.images.uploads[0]?.bytes.toString(), 'rootfs-bytes');
  });

  it('POST /images/create?fromImage= says pulling is not supported', async () => {
    const t = await createTestApp();
    const res = await t.app.inject({
      method: 'POST',
      url: '/images/create?fromImage=busybox&tag=latest',
    });
    assert.equal(res.statusCode, 404);
    assert.deepEqual(res.json(), {
      message: 'pulling images is not supported: no registry is reachable; use pouch load',
    });
    assert.equal(t.images.calls.length, 0);
  });

  it('POST /images/create returns 400 for a URL source', async () => {
    const t = await createTestApp();
    const res = await t.app.inject({
      method: 'POST',
      url: '/images/create?fromSrc=http://example.com/rootfs.tar',
    });
    assert.equal(res.statusCode, 400);
    assert.equal(t.images.calls.length, 0);
  });
});

describe('POST /images/load over a real socket', () => {
  let dir: string;
  let socketPath: string;
  let t: TestApp;

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'pouch-api-images-'));
    socketPath = join(dir, 'pouchd.sock');
    t = await createTestApp();
    await t.app.listen({ path: socketPath });
  });
  after(async () => {
    await t.app.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('POST /images/load hands the body to the service while it is still arriving', async () => {
    const seen: Buffer[] = [];
    t.images.hooks.onChunk = (chunk) => seen.push(chunk);
    const req = httpRequest({
      socketPath,
      method: 'POST',
      path: '/v1.41/images/load',
      headers: { 'content-type': 'application/x-tar', 'transfer-encoding': 'chunked' },
    });
    const response = new Promise<string>((resolve, reject) => {
      req.on('response', (res) => {
        let body = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => (body += chunk));
        res.on('end', () => resolve(body));
      });
      req.on('error', reject);
    });
    req.write('first-chunk\n');
    // The service reads the first chunk before the client has sent the rest: no buffering.
    await eventually(() => Buffer.concat(seen).toString() === 'first-chunk\n');
    req.end(Buffer.alloc(64 * 1024, 0x61));
    const body = await response;
    assert.match(body, /Loaded image: first-chunk:latest\\n/);
    const upload = t.images.uploads.at(-1);
    assert.equal(upload?.wasStream, true);
    assert.equal(upload?.bytes.length, 'first-chunk\n'.length + 64 * 1024);
    assert.ok((upload?.chunkSizes.length ?? 0) >= 2, 'the body arrived in several chunks');
  });
});
