import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createTestApp, type TestApp } from '../testing/test-app.js';

const JSON_HEADERS = { 'content-type': 'application/json' };

async function create(t: TestApp, body: unknown, query = '') {
  return t.app.inject({
    method: 'POST',
    url: `/v1.41/containers/create${query}`,
    headers: JSON_HEADERS,
    payload: typeof body === 'string' ? body : JSON.stringify(body),
  });
}

describe('POST /containers/create', () => {
  it('POST /containers/create returns 201 with Id and Warnings and passes the body', async () => {
    const t = await createTestApp();
    const body = {
      Image: 'busybox',
      Cmd: ['sh', '-c', 'echo hi'],
      Env: ['A=1'],
      ExposedPorts: { '80/tcp': {} },
      HostConfig: { NetworkMode: 'bridge', PortBindings: { '80/tcp': [{ HostPort: '8080' }] } },
      NetworkingConfig: { EndpointsConfig: { bridge: { IPAMConfig: { IPv4Address: '' } } } },
      SomethingNew: { ignored: true },
    };
    const res = await create(t, body, '?name=web');
    assert.equal(res.statusCode, 201, res.body);
    assert.deepEqual(Object.keys(res.json()), ['Id', 'Warnings']);
    assert.deepEqual(res.json().Warnings, []);
    assert.deepEqual(t.containers.calls[0], { method: 'create', args: [body, 'web'] });
  });

  it('POST /containers/create accepts null for nil slices, maps and structs', async () => {
    const t = await createTestApp();
    const res = await create(t, {
      Image: 'busybox',
      Cmd: null,
      Entrypoint: null,
      Env: null,
      Labels: null,
      ExposedPorts: null,
      HostConfig: null,
      NetworkingConfig: { EndpointsConfig: null },
    });
    assert.equal(res.statusCode, 201, res.body);
  });

  const BAD_BODIES: Array<[string, unknown, string]> = [
    [
      'Env as a string',
      { Image: 'b', Env: 'A=1' },
      'field "Env": must be an array of strings or null',
    ],
    ['Cmd with a number', { Image: 'b', Cmd: ['sh', 1] }, 'field "Cmd[1]": must be a string'],
    ['Entrypoint as a string', { Image: 'b', Entrypoint: 'sh' }, 'field "Entrypoint"'],
    ['ExposedPorts as an array', { Image: 'b', ExposedPorts: ['80/tcp'] }, 'field "ExposedPorts"'],
    ['Tty as a string', { Image: 'b', Tty: 'true' }, 'field "Tty": must be a boolean'],
    [
      'a bad HostConfig.Dns',
      { Image: 'b', HostConfig: { Dns: '8.8.8.8' } },
      'field "HostConfig.Dns": must be an array of strings or null',
    ],
    [
      'a bad restart policy',
      { Image: 'b', HostConfig: { RestartPolicy: { Name: 'sometimes' } } },
      'field "HostConfig.RestartPolicy.Name"',
    ],
    [
      'a bad port binding',
      { Image: 'b', HostConfig: { PortBindings: { '80/tcp': [{ HostPort: 8080 }] } } },
      `field "HostConfig.PortBindings['80/tcp'][0].HostPort": must be a string`,
    ],
    [
      'a bad endpoint config',
      { Image: 'b', NetworkingConfig: { EndpointsConfig: { net1: { Aliases: 'a' } } } },
      'field "NetworkingConfig.EndpointsConfig.net1.Aliases"',
    ],
    ['an array body', [], 'request body must be a JSON object'],
  ];
  for (const [what, body, message] of BAD_BODIES) {
    it(`POST /containers/create returns 400 for ${what}`, async () => {
      const t = await createTestApp();
      const res = await create(t, body);
      assert.equal(res.statusCode, 400);
      assert.ok(res.json().message.includes(message), res.json().message);
      assert.equal(t.containers.calls.length, 0);
    });
  }

  it('POST /containers/create returns 400 for an empty body and for bad JSON', async () => {
    const t = await createTestApp();
    const empty = await t.app.inject({ method: 'POST', url: '/containers/create' });
    assert.equal(empty.statusCode, 400);
    assert.equal(empty.json().message, 'invalid JSON: got EOF while reading request body');
    const bad = await create(t, '{"Image":');
    assert.equal(bad.statusCode, 400);
    assert.match(bad.json().message, /^invalid JSON: /);
  });

  for (const name of ['a', '-web', 'we b', 'web/1', 'ü']) {
    it(`POST /containers/create returns 400 for the name ${JSON.stringify(name)}`, async () => {
      const t = await createTestApp();
      const res = await create(t, { Image: 'busybox' }, `?name=${encodeURIComponent(name)}`);
      assert.equal(res.statusCode, 400);
      assert.equal(
        res.json().message,
        `Invalid container name (${name}), only [a-zA-Z0-9][a-zA-Z0-9_.-] are allowed`,
      );
      assert.equal(t.containers.calls.length, 0);
    });
  }

  it('POST /containers/create accepts /name and returns 409 when the name is taken', async () => {
    const t = await createTestApp();
    assert.equal((await create(t, { Image: 'busybox' }, '?name=/web.1_a-b')).statusCode, 201);
    const res = await create(t, { Image: 'busybox' }, '?name=web.1_a-b');
    assert.equal(res.statusCode, 409);
    assert.match(res.json().message, /is already in use/);
  });
});

describe('GET /containers/json', () => {
  async function seeded(): Promise<TestApp> {
    const t = await createTestApp();
    t.containers.addContainer('web', { config: { Image: 'nginx', Labels: { tier: 'front' } } });
    t.containers.addContainer('db', { status: 'exited', exitCode: 1 });
    return t;
  }

  it('GET /containers/json lists running containers, all=1 every one', async () => {
    const t = await seeded();
    const running = await t.app.inject({ method: 'GET', url: '/containers/json' });
    assert.deepEqual(
      running.json().map((c: { Names: string[] }) => c.Names[0]),
      ['/web'],
    );
    const all = await t.app.inject({ method: 'GET', url: '/v1.41/containers/json?all=1' });
    assert.equal(all.json().length, 2);
  });

  it('GET /containers/json passes validated filters and the limit to the manager', async () => {
    const t = await seeded();
    const filters = JSON.stringify({ status: ['exited'], exited: ['1'], label: { a: true } });
    const res = await t.app.inject({
      method: 'GET',
      url: '/containers/json',
      query: { filters, limit: '5', all: 'true' },
    });
    assert.equal(res.statusCode, 200);
    assert.deepEqual(t.containers.calls[0]?.args[0], {
      all: true,
      filters: { status: ['exited'], exited: ['1'], label: ['a'] },
      limit: 5,
    });
  });

  const BAD: Array<[string, Record<string, string>, string]> = [
    ['an unknown filter', { filters: '{"foo":["x"]}' }, "invalid filter 'foo'"],
    [
      'an unknown status',
      { filters: '{"status":["up"]}' },
      'Unrecognised filter value for status: up',
    ],
    [
      'a non-integer exited',
      { filters: '{"exited":["x"]}' },
      'strconv.Atoi: parsing "x": invalid syntax',
    ],
    ['a bad limit', { limit: 'ten' }, 'strconv.Atoi: parsing "ten": invalid syntax'],
    ['a bad all', { all: 'yes' }, 'invalid value for all: yes'],
  ];
  for (const [what, query, message] of BAD) {
    it(`GET /containers/json returns 400 for ${what}`, async () => {
      const t = await seeded();
      const res = await t.app.inject({ method: 'GET', url: '/containers/json', query });
      assert.equal(res.statusCode, 400);
      assert.deepEqual(res.json(), { message });
      assert.equal(t.containers.calls.length, 0);
    });
  }
});

describe('container lifecycle routes', () => {
  it('GET /containers/{id}/json returns the manager answer, 404 for an unknown one', async () => {
    const t = await createTestApp();
    const c = t.containers.addContainer('web');
    const res = await t.app.inject({ method: 'GET', url: `/containers/${c.id.slice(0, 12)}/json` });
    assert.equal(res.statusCode, 200);
    assert.equal(res.json().Id, c.id);
    assert.equal(res.json().Name, '/web');
    const missing = await t.app.inject({ method: 'GET', url: '/v1.41/containers/nope/json' });
    assert.equal(missing.statusCode, 404);
    assert.deepEqual(missing.json(), { message: 'No such container: nope' });
  });

  it('POST /containers/{id}/start returns 204, then 304 with no body', async () => {
    const t = await createTestApp();
    t.containers.addContainer('web', { status: 'created' });
    // Docker's Go client labels a body-less POST text/plain.
    const headers = { 'content-type': 'text/plain' };
    const first = await t.app.inject({ method: 'POST', url: '/containers/web/start', headers });
    assert.equal(first.statusCode, 204);
    assert.equal(first.body, '');
    const again = await t.app.inject({ method: 'POST', url: '/v1.41/containers/web/start' });
    assert.equal(again.statusCode, 304);
    assert.equal(again.body, '');
  });

  it('POST /containers/{id}/stop passes t and returns 204, then 304', async () => {
    const t = await createTestApp();
    t.containers.addContainer('web');
    const res = await t.app.inject({ method: 'POST', url: '/containers/web/stop?t=3' });
    assert.equal(res.statusCode, 204);
    assert.deepEqual(t.containers.calls[0], { method: 'stop', args: ['web', 3] });
    const again = await t.app.inject({ method: 'POST', url: '/containers/web/stop' });
    assert.equal(again.statusCode, 304);
  });

  it('POST /containers/{id}/stop returns 400 for a non-integer t', async () => {
    const t = await createTestApp();
    t.containers.addContainer('web');
    const res = await t.app.inject({ method: 'POST', url: '/containers/web/stop?t=soon' });
    assert.equal(res.statusCode, 400);
    assert.equal(t.containers.calls.length, 0);
  });

  it('POST /containers/{id}/kill passes the signal, 409 when not running', async () => {
    const t = await createTestApp();
    t.containers.addContainer('web');
    const res = await t.app.inject({ method: 'POST', url: '/containers/web/kill?signal=SIGHUP' });
    assert.equal(res.statusCode, 204);
    assert.deepEqual(t.containers.calls[0], { method: 'kill', args: ['web', 'SIGHUP'] });
    const again = await t.app.inject({ method: 'POST', url: '/containers/web/kill' });
    assert.equal(again.statusCode, 409);
    assert.match(again.json().message, /is not running$/);
  });

  it('POST /containers/{id}/restart passes t and returns 204', async () => {
    const t = await createTestApp();
    t.containers.addContainer('web', { status: 'exited' });
    const res = await t.app.inject({ method: 'POST', url: '/containers/web/restart?t=0' });
    assert.equal(res.statusCode, 204);
    assert.deepEqual(t.containers.calls[0], { method: 'restart', args: ['web', 0] });
  });

  it('DELETE /containers/{id} returns 409 for a running container, 204 with force', async () => {
    const t = await createTestApp();
    t.containers.addContainer('web');
    const refused = await t.app.inject({ method: 'DELETE', url: '/containers/web' });
    assert.equal(refused.statusCode, 409);
    const res = await t.app.inject({ method: 'DELETE', url: '/containers/web?force=1&v=1' });
    assert.equal(res.statusCode, 204);
    assert.deepEqual(t.containers.calls[1], { method: 'remove', args: ['web', { force: true }] });
    const gone = await t.app.inject({ method: 'DELETE', url: '/containers/web' });
    assert.equal(gone.statusCode, 404);
  });

  it('POST /containers/{id}/resize passes h and w, 400 when one is missing', async () => {
    const t = await createTestApp();
    t.containers.addContainer('web');
    const res = await t.app.inject({ method: 'POST', url: '/containers/web/resize?h=40&w=120' });
    assert.equal(res.statusCode, 200);
    assert.deepEqual(t.containers.calls[0], { method: 'resize', args: ['web', 40, 120] });
    const bad = await t.app.inject({ method: 'POST', url: '/containers/web/resize?h=40' });
    assert.equal(bad.statusCode, 400);
    assert.deepEqual(bad.json(), { message: 'strconv.Atoi: parsing "": invalid syntax' });
  });

  it('a body sent with the wrong Content-Type is still a 400', async () => {
    const t = await createTestApp();
    t.containers.addContainer('web', { status: 'created' });
    const res = await t.app.inject({
      method: 'POST',
      url: '/containers/web/start',
      headers: { 'content-type': 'text/plain' },
      payload: 'hello',
    });
    assert.equal(res.statusCode, 400);
    assert.match(res.json().message, /^unsupported Content-Type header \(text\/plain\)/);
  });

  it('container routes are absent when the daemon has no container service', async () => {
    const t = await createTestApp({ withoutEngine: true });
    const res = await t.app.inject({ method: 'GET', url: '/containers/json' });
    assert.equal(res.statusCode, 404);
    assert.deepEqual(res.json(), { message: 'page not found' });
  });
});
