import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createTestApp, TEST_DAEMON_VERSION } from './testing/test-app.js';

const COMMON_HEADERS = {
  'api-version': '1.41',
  server: `Pouch/${TEST_DAEMON_VERSION} (linux)`,
  ostype: 'linux',
  'docker-experimental': 'false',
};

function assertCommonHeaders(headers: Record<string, unknown>): void {
  for (const [name, value] of Object.entries(COMMON_HEADERS)) {
    assert.equal(headers[name], value, `header ${name}`);
  }
}

describe('createApiServer()', () => {
  it('GET /_ping returns OK with no-cache and version headers', async () => {
    const { app } = await createTestApp();
    const res = await app.inject({ method: 'GET', url: '/_ping' });
    assert.equal(res.statusCode, 200);
    assert.equal(res.body, 'OK');
    assert.match(String(res.headers['content-type']), /^text\/plain/);
    assert.equal(res.headers['cache-control'], 'no-cache, no-store, must-revalidate');
    assert.equal(res.headers.pragma, 'no-cache');
    assert.equal(res.headers['builder-version'], '1');
    assertCommonHeaders(res.headers);
  });

  it('HEAD /_ping returns the ping headers and no body', async () => {
    const { app } = await createTestApp();
    const res = await app.inject({ method: 'HEAD', url: '/v1.41/_ping' });
    assert.equal(res.statusCode, 200);
    assert.equal(res.body, '');
    assert.match(String(res.headers['content-type']), /^text\/plain/);
    assert.equal(res.headers['cache-control'], 'no-cache, no-store, must-revalidate');
    assertCommonHeaders(res.headers);
  });

  it('serves every route both unversioned and under /v{version}/', async () => {
    const { app } = await createTestApp();
    for (const url of ['/version', '/v1.41/version', '/v1.24/version', '/v1.30/version']) {
      const res = await app.inject({ method: 'GET', url });
      assert.equal(res.statusCode, 200, url);
      assert.equal(res.json().ApiVersion, '1.41');
      assert.equal(res.json().MinAPIVersion, '1.24');
    }
  });

  it('GET /info returns the SystemService answer', async () => {
    const { app } = await createTestApp();
    const res = await app.inject({ method: 'GET', url: '/v1.41/info' });
    assert.equal(res.statusCode, 200);
    assert.equal(res.json().Name, 'testhost');
    assert.equal(res.json().ServerVersion, TEST_DAEMON_VERSION);
  });

  it('returns 400 for a client version that is too new', async () => {
    const { app } = await createTestApp();
    const res = await app.inject({ method: 'GET', url: '/v1.99/networks' });
    assert.equal(res.statusCode, 400);
    assert.deepEqual(res.json(), {
      message: 'client version 1.99 is too new. Maximum supported API version is 1.41',
    });
    assertCommonHeaders(res.headers);
  });

  it('returns 400 for a client version that is too old', async () => {
    const { app } = await createTestApp();
    const res = await app.inject({ method: 'GET', url: '/v1.12/_ping' });
    assert.equal(res.statusCode, 400);
    assert.deepEqual(res.json(), {
      message:
        'client version 1.12 is too old. Minimum supported API version is 1.24, ' +
        'please upgrade your client to a newer version',
    });
  });

  it('compares versions numerically, so 1.100 is too new and 1.9 too old', async () => {
    const { app } = await createTestApp();
    assert.equal((await app.inject({ url: '/v1.100/version' })).statusCode, 400);
    assert.equal((await app.inject({ url: '/v1.9/version' })).statusCode, 400);
    assert.equal((await app.inject({ url: '/v1.41.0/version' })).statusCode, 200);
  });

  it('returns 404 page not found for a non-numeric version', async () => {
    const { app } = await createTestApp();
    const res = await app.inject({ method: 'GET', url: '/vabc/networks' });
    assert.equal(res.statusCode, 404);
    assert.deepEqual(res.json(), { message: 'page not found' });
  });

  it('returns 404 page not found with the common headers for an unknown route', async () => {
    const { app } = await createTestApp();
    for (const url of ['/nope', '/v1.41/nope', '/v1.99/nope']) {
      const res = await app.inject({ method: 'GET', url });
      assert.equal(res.statusCode, 404, url);
      assert.deepEqual(res.json(), { message: 'page not found' });
      assertCommonHeaders(res.headers);
    }
  });

  it('returns 404 page not found for a known path with the wrong method, as Docker does', async () => {
    const { app, networks } = await createTestApp();
    const res = await app.inject({ method: 'PUT', url: '/v1.41/networks' });
    assert.equal(res.statusCode, 404);
    assert.deepEqual(res.json(), { message: 'page not found' });
    assert.equal(networks.calls.length, 0);
  });

  it('writes exactly one debug line per request and never the body', async () => {
    const { app, logLines } = await createTestApp();
    await app.inject({
      method: 'POST',
      url: '/v1.41/networks/create',
      payload: { Name: 'secret-net', Labels: { token: 'hunter2' } },
    });
    assert.equal(logLines.length, 1);
    const [line] = logLines;
    assert.equal(line?.level, 20);
    assert.equal(line?.msg, 'request completed');
    assert.equal(line?.statusCode, 201);
    assert.equal(line?.url, '/v1.41/networks/create');
    assert.doesNotMatch(JSON.stringify(logLines), /hunter2/);
  });

  it('logs an unexpected error with its stack and answers 500 with its message', async () => {
    const { app, networks, logLines } = await createTestApp();
    networks.listNetworks = () => {
      throw new TypeError('boom');
    };
    const res = await app.inject({ method: 'GET', url: '/networks' });
    assert.equal(res.statusCode, 500);
    assert.deepEqual(res.json(), { message: 'boom' });
    const errorLine = logLines.find((l) => l.level === 50);
    const err = errorLine?.err as { stack?: string } | undefined;
    assert.match(String(err?.stack), /TypeError: boom/);
  });
});
