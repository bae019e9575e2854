import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createTestApp, type TestApp } from '../testing/test-app.js';
import { decodeFrames, eventually, rawRequest } from '../testing/raw-client.js';

const T0 = new Date('2024-01-02T03:04:05.678Z');
const T1 = new Date('2024-01-02T03:04:06Z');

async function withLogs(tty = false): Promise<TestApp> {
  const t = await createTestApp();
  t.containers.addContainer('web', { config: { Image: 'busybox', Tty: tty } });
  t.containers.addLog('web', 'stdout', 'out 1\n', T0);
  t.containers.addLog('web', 'stderr', 'err 1\n', T1);
  return t;
}

describe('GET /containers/{id}/logs', () => {
  it('GET /containers/{id}/logs frames stdout and stderr as a raw-stream', async () => {
    const t = await withLogs();
    const res = await t.app.inject({
      method: 'GET',
      url: '/v1.41/containers/web/logs?stdout=1&stderr=1',
    });
    assert.equal(res.statusCode, 200);
    assert.equal(res.headers['content-type'], 'application/vnd.docker.raw-stream');
    assert.equal(res.headers['api-version'], '1.41');
    assert.deepEqual(decodeFrames(res.rawPayload), [
      { stream: 1, payload: 'out 1\n' },
      { stream: 2, payload: 'err 1\n' },
    ]);
  });

  it('GET /containers/{id}/logs prefixes RFC3339Nano timestamps and honours stream choice', async () => {
    const t = await withLogs();
    const res = await t.app.inject({
      method: 'GET',
      url: '/containers/web/logs?stderr=1&timestamps=true',
    });
    assert.deepEqual(decodeFrames(res.rawPayload), [
      { stream: 2, payload: '2024-01-02T03:04:06.000000000Z err 1\n' },
    ]);
  });

  it('GET /containers/{id}/logs sends raw bytes for a TTY container', async () => {
    const t = await withLogs(true);
    const res = await t.app.inject({
      method: 'GET',
      url: '/containers/web/logs?stdout=1&stderr=1',
    });
    assert.equal(res.body, 'out 1\nerr 1\n');
    assert.equal(res.headers['content-type'], 'application/vnd.docker.raw-stream');
  });

  it('GET /containers/{id}/logs passes tail, since and until in Unix seconds', async () => {
    const t = await withLogs();
    await t.app.inject({
      method: 'GET',
      url: '/containers/web/logs?stdout=1&tail=1&since=1704164645.5&until=2024-01-02T03:04:06Z',
    });
    const query = t.containers.calls.find((c) => c.method === 'logs')?.args[1];
    assert.deepEqual(
      { ...(query as object), signal: undefined },
      {
        stdout: true,
        stderr: false,
        follow: false,
        since: 1704164645.5,
        until: 1704164646,
        tail: 1,
        signal: undefined,
      },
    );
  });

  it('GET /containers/{id}/logs treats tail=all and unreadable tails as every line', async () => {
    const t = await withLogs();
    for (const tail of ['all', 'x', '-1']) {
      await t.app.inject({ method: 'GET', url: `/containers/web/logs?stdout=1&tail=${tail}` });
    }
    const tails = t.containers.calls.filter((c) => c.method === 'logs').map((c) => c.args[1]);
    assert.ok(tails.every((q) => (q as { tail?: number }).tail === undefined));
  });

  it('GET /containers/{id}/logs returns 400 without a stream and 404 for an unknown container', async () => {
    const t = await withLogs();
    const none = await t.app.inject({ method: 'GET', url: '/containers/web/logs' });
    assert.equal(none.statusCode, 400);
    assert.deepEqual(none.json(), {
      message: 'Bad parameters: you must choose at least one stream',
    });
    const badSince = await t.app.inject({
      method: 'GET',
      url: '/containers/web/logs?stdout=1&since=x',
    });
    assert.equal(badSince.statusCode, 400);
    const missing = await t.app.inject({ method: 'GET', url: '/containers/nope/logs?stdout=1' });
    assert.equal(missing.statusCode, 404);
  });
});

describe('POST /containers/{id}/wait', () => {
  it('POST /containers/{id}/wait returns StatusCode and Error null for a stopped container', async () => {
    const t = await createTestApp();
    t.containers.addContainer('db', { status: 'exited', exitCode: 3 });
    const res = await t.app.inject({ method: 'POST', url: '/v1.41/containers/db/wait' });
    assert.equal(res.statusCode, 200);
    assert.equal(res.headers['content-type'], 'application/json');
    assert.equal(res.body, '{"StatusCode":3,"Error":null}\n');
  });

  it('POST /containers/{id}/wait returns 404 for an unknown container and 400 for a bad condition', async () => {
    const t = await createTestApp();
    t.containers.addContainer('web');
    const missing = await t.app.inject({ method: 'POST', url: '/containers/nope/wait' });
    assert.equal(missing.statusCode, 404);
    const bad = await t.app.inject({ method: 'POST', url: '/containers/web/wait?condition=soon' });
    assert.equal(bad.statusCode, 400);
    assert.equal(
      t.containers.calls.some((c) => c.method === 'wait'),
      false,
    );
  });
});

describe('streaming over a real unix socket', () => {
  let dir: string;
  let t: TestApp;
  let socketPath: string;

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'pouch-api-stream-'));
    socketPath = join(dir, 'pouchd.sock');
    t = await createTestApp();
    await t.app.listen({ path: socketPath });
  });
  after(async () => {
    await t.app.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('POST /containers/{id}/wait sends the headers at once and the body when the container exits', async () => {
    t.containers.addContainer('waiter');
    const res = await rawRequest(
      socketPath,
      'POST /v1.41/containers/waiter/wait?condition=next-exit HTTP/1.1\r\nHost: d\r\nContent-Length: 0\r\n\r\n',
    );
    assert.equal(res.statusLine, 'HTTP/1.1 200 OK');
    assert.equal(res.headers['content-type'], 'application/json');
    assert.equal(res.headers['transfer-encoding'], 'chunked');
    assert.equal(res.body().length, 0);
    t.containers.exit('waiter', 7);
    await eventually(() => res.body().includes('"StatusCode":7'));
    assert.match(res.body().toString(), /{"StatusCode":7,"Error":null}\n/);
    res.socket.destroy();
  });

  it('GET /containers/{id}/logs?follow=1 flushes headers, streams new lines and ends on exit', async () => {
    t.containers.addContainer('follower');
    t.containers.addLog('follower', 'stdout', 'old\n', T0);
    const res = await rawRequest(
      socketPath,
      'GET /containers/follower/logs?follow=1&stdout=1&stderr=1 HTTP/1.1\r\nHost: d\r\n\r\n',
    );
    assert.equal(res.statusLine, 'HTTP/1.1 200 OK');
    assert.equal(res.headers['content-type'], 'application/vnd.docker.raw-stream');
    t.containers.addLog('follower', 'stderr', 'new\n', T1);
    await eventually(() => res.body().includes('new\n'));
    t.containers.exit('follower', 0);
    // The chunked body is terminated; the connection itself stays open (keep-alive).
    await eventually(() => res.body().toString('latin1').endsWith('\r\n0\r\n\r\n'));
    res.socket.destroy();
  });
});
