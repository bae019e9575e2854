import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FakeSession } from '../testing/fake-container-service.js';
import { createTestApp, type TestApp } from '../testing/test-app.js';
import { decodeFrames, eventually, rawRequest, type RawResponse } from '../testing/raw-client.js';

const UPGRADE = 'Connection: Upgrade\r\nUpgrade: tcp\r\n';

function attachRequest(ref: string, query: string, upgrade = true): string {
  return (
    `POST /v1.41/containers/${ref}/attach?${query} HTTP/1.1\r\nHost: d\r\n` +
    `Content-Type: text/plain\r\n${upgrade ? UPGRADE : ''}\r\n`
  );
}

function execStartRequest(id: string, body: object): string {
  const json = JSON.stringify(body);
  return (
    `POST /v1.41/exec/${id}/start HTTP/1.1\r\nHost: d\r\nContent-Type: application/json\r\n` +
    `Content-Length: ${Buffer.byteLength(json)}\r\n${UPGRADE}\r\n${json}`
  );
}

function lastSession(t: TestApp): FakeSession {
  const session = t.containers.sessions.at(-1);
  assert.ok(session !== undefined, 'the manager handed out a session');
  return session;
}

describe('hijacked attach and exec over a real unix socket', () => {
  let dir: string;
  let socketPath: string;
  let t: TestApp;

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'pouch-api-attach-'));
    socketPath = join(dir, 'pouchd.sock');
    t = await createTestApp();
    await t.app.listen({ path: socketPath });
  });
  after(async () => {
    try {
      await t.app.close();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('POST /containers/{id}/attach answers 101 UPGRADED with Docker headers', async () => {
    t.containers.addContainer('a1');
    const res = await rawRequest(socketPath, attachRequest('a1', 'stream=1&stdout=1&stderr=1'));
    assert.equal(res.statusLine, 'HTTP/1.1 101 UPGRADED');
    assert.equal(res.headers['content-type'], 'application/vnd.docker.raw-stream');
    assert.equal(res.headers.connection, 'Upgrade');
    assert.equal(res.headers.upgrade, 'tcp');
    assert.equal(res.headers['api-version'], '1.41');
    t.containers.exit('a1', 0);
    await res.ended;
  });

  it('POST /containers/{id}/attach multiplexes stdout and stderr and feeds stdin', async () => {
    t.containers.addContainer('a2', { config: { Image: 'busybox', OpenStdin: true } });
    const res = await rawRequest(
      socketPath,
      attachRequest('a2', 'stream=1&stdin=1&stdout=1&stderr=1'),
    );
    const session = lastSession(t);
    session.stdout.write('hello\n');
    await eventually(() => res.body().length >= 14);
    session.stderr?.write('oops\n');
    await eventually(() => res.body().length >= 27);
    assert.deepEqual(decodeFrames(res.body()), [
      { stream: 1, payload: 'hello\n' },
      { stream: 2, payload: 'oops\n' },
    ]);
    res.socket.write('echo hi\n');
    // Bytes that look like HTTP must reach stdin too, not node's HTTP parser.
    res.socket.write('GET / HTTP/1.1\r\n\r\n');
    await eventually(() => session.stdinText() === 'echo hi\nGET / HTTP/1.1\r\n\r\n');
    res.socket.end();
    await eventually(() => session.stdinEnded());
    assert.equal(res.socket.destroyed, false, 'output still flows after the half-close');
    session.stdout.write('bye\n');
    t.containers.exit('a2', 0);
    await res.ended;
    assert.deepEqual(decodeFrames(res.body()).at(-1), { stream: 1, payload: 'bye\n' });
    await eventually(() => session.closed);
  });

  it('POST /containers/{id}/attach without Upgrade answers 200 OK and still streams', async () => {
    t.containers.addContainer('a3');
    const res = await rawRequest(
      socketPath,
      attachRequest('a3', 'stream=1&stdin=1&stdout=1', false),
    );
    assert.equal(res.statusLine, 'HTTP/1.1 200 OK');
    assert.equal(res.headers['content-type'], 'application/vnd.docker.raw-stream');
    assert.equal(res.headers.upgrade, undefined);
    const session = lastSession(t);
    res.socket.write('typed\n');
    await eventually(() => session.stdinText() === 'typed\n');
    session.stdout.end('done\n');
    session.stderr?.end();
    await res.ended;
    assert.deepEqual(decodeFrames(res.body()), [{ stream: 1, payload: 'done\n' }]);
  });

  it('POST /containers/{id}/attach sends raw bytes for a TTY container', async () => {
    t.containers.addContainer('a4', { config: { Image: 'busybox', Tty: true } });
    const res = await rawRequest(socketPath, attachRequest('a4', 'stream=1&stdin=1&stdout=1'));
    const session = lastSession(t);
    assert.equal(session.stderr, undefined);
    session.stdout.write('\x1b[1mbold\x1b[0m\r\n');
    await eventually(() => res.body().toString() === '\x1b[1mbold\x1b[0m\r\n');
    res.socket.write('\x03');
    await eventually(() => session.stdinText() === '\x03');
    t.containers.exit('a4', 0);
    await res.ended;
  });

  it('POST /containers/{id}/attach leaves out streams the client did not ask for', async () => {
    t.containers.addContainer('a5');
    const res = await rawRequest(socketPath, attachRequest('a5', 'stream=1&stderr=1'));
    const session = lastSession(t);
    session.stdout.write('not wanted\n');
    session.stderr?.write('wanted\n');
    t.containers.exit('a5', 0);
    await res.ended;
    assert.deepEqual(decodeFrames(res.body()), [{ stream: 2, payload: 'wanted\n' }]);
  });

  it('POST /containers/{id}/attach?logs=1 replays the log, then ends without stream=1', async () => {
    t.containers.addContainer('a6', { status: 'exited' });
    t.containers.addLog('a6', 'stdout', 'earlier\n');
    t.containers.addLog('a6', 'stderr', 'problem\n');
    const res = await rawRequest(socketPath, attachRequest('a6', 'logs=1&stdout=1&stderr=1'));
    await res.ended;
    assert.deepEqual(decodeFrames(res.body()), [
      { stream: 1, payload: 'earlier\n' },
      { stream: 2, payload: 'problem\n' },
    ]);
  });

  it('POST /containers/{id}/attach releases the streams when the client goes away', async () => {
    t.containers.addContainer('a7');
    const res = await rawRequest(socketPath, attachRequest('a7', 'stream=1&stdout=1'));
    const session = lastSession(t);
    // Docker's CLI half-closes at once when it sends no stdin, so EOF alone ends nothing: the
    // session learns the client is gone from the next failed write, as Docker's does.
    res.socket.end();
    await new Promise((resolve) => setTimeout(resolve, 20));
    assert.equal(session.closed, false);
    res.socket.destroy();
    await eventually(() => {
      session.stdout.write('anyone there?\n');
      return session.closed;
    });
  });

  it('POST /exec/{id}/start hijacks, multiplexes and passes stdin to the exec', async () => {
    t.containers.addContainer('e1');
    const id = await t.containers.execCreate('e1', { Cmd: ['cat'], AttachStdin: true });
    const res = await rawRequest(socketPath, execStartRequest(id, { Detach: false, Tty: false }));
    assert.equal(res.statusLine, 'HTTP/1.1 101 UPGRADED');
    assert.equal(res.headers['content-type'], 'application/vnd.docker.raw-stream');
    const session = lastSession(t);
    assert.equal(session.ownerId, id);
    res.socket.end('line\n');
    await eventually(() => session.stdinEnded());
    assert.equal(session.stdinText(), 'line\n');
    session.stdout.end('line\n');
    session.stderr?.end('warn\n');
    await res.ended;
    const frames = decodeFrames(res.body()).sort((a, b) => a.stream - b.stream);
    assert.deepEqual(frames, [
      { stream: 1, payload: 'line\n' },
      { stream: 2, payload: 'warn\n' },
    ]);
  });

  it('POST /exec/{id}/start with Tty streams raw output', async () => {
    t.containers.addContainer('e2');
    const id = await t.containers.execCreate('e2', { Cmd: ['sh'], Tty: true });
    const res = await rawRequest(socketPath, execStartRequest(id, { Tty: true }));
    const session = lastSession(t);
    assert.equal(session.tty, true);
    session.stdout.end('# ');
    await res.ended;
    assert.equal(res.body().toString(), '# ');
  });

  it('POST /exec/{id}/start answers an ordinary 409 before hijacking', async () => {
    t.containers.addContainer('e3');
    const id = await t.containers.execCreate('e3', { Cmd: ['true'] });
    await t.containers.execStart(id, { detach: true });
    const res: RawResponse = await rawRequest(socketPath, execStartRequest(id, {}));
    assert.match(res.statusLine, /^HTTP\/1\.1 409 /);
    assert.equal(res.headers['content-type'], 'application/json; charset=utf-8');
    res.socket.destroy();
  });
});

describe('attach through a daemon-style server (app.routing)', () => {
  it('POST /containers/{id}/attach works when the daemon owns the http.Server', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'pouch-api-routing-'));
    const socketPath = join(dir, 'pouchd.sock');
    const t = await createTestApp();
    const server: Server = createServer((req, res) => t.app.routing(req, res));
    await new Promise<void>((resolve) => server.listen(socketPath, resolve));
    try {
      t.containers.addContainer('r1');
      const res = await rawRequest(socketPath, attachRequest('r1', 'stream=1&stdin=1&stdout=1'));
      assert.equal(res.statusLine, 'HTTP/1.1 101 UPGRADED');
      const session = lastSession(t);
      res.socket.write('ping\n');
      await eventually(() => session.stdinText() === 'ping\n');
      session.stdout.write('pong\n');
      t.containers.exit('r1', 0);
      await res.ended;
      assert.deepEqual(decodeFrames(res.body()), [{ stream: 1, payload: 'pong\n' }]);
    } finally {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
      await t.app.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('attach errors (inject)', () => {
  it('POST /containers/{id}/attach returns 404 for an unknown container', async () => {
    const t = await createTestApp();
    const res = await t.app.inject({
      method: 'POST',
      url: '/containers/nope/attach?stream=1&stdout=1',
      headers: { 'content-type': 'text/plain' },
    });
    assert.equal(res.statusCode, 404);
    assert.deepEqual(res.json(), { message: 'No such container: nope' });
  });

  it('POST /containers/{id}/attach returns 409 for a paused container and 400 for bad flags', async () => {
    const t = await createTestApp();
    t.containers.addContainer('p', { status: 'paused' });
    const paused = await t.app.inject({ method: 'POST', url: '/containers/p/attach?stream=1' });
    assert.equal(paused.statusCode, 409);
    const bad = await t.app.inject({ method: 'POST', url: '/containers/p/attach?stdin=maybe' });
    assert.equal(bad.statusCode, 400);
    assert.deepEqual(bad.json(), { message: 'invalid value for stdin: maybe' });
  });
});
