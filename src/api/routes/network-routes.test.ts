import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createTestApp, type TestApp } from '../testing/test-app.js';

const DAY_MS = 24 * 3600 * 1000;

/** An app with `web` (labelled, in use), `db` (labelled, unused) and `old` (macvlan, unused). */
async function seeded(): Promise<TestApp> {
  const t = await createTestApp();
  t.networks.addNetwork({ name: 'web', labels: { env: 'prod', tier: 'front' } });
  t.networks.addNetwork({ name: 'db', labels: { env: 'dev' } });
  t.networks.addNetwork({
    name: 'old',
    driver: 'macvlan',
    created: new Date(Date.now() - 3 * DAY_MS).toISOString(),
  });
  t.networks.attachEndpoint('web', { name: 'c1', ipv4Address: '10.0.0.2/24' });
  return t;
}

async function listNames(t: TestApp, filters: unknown): Promise<string[]> {
  const query = { filters: typeof filters === 'string' ? filters : JSON.stringify(filters) };
  const res = await t.app.inject({ method: 'GET', url: '/v1.41/networks', query });
  assert.equal(res.statusCode, 200, res.body);
  return (res.json() as Array<{ Name: string }>).map((n) => n.Name).sort();
}

describe('GET /networks', () => {
  it('GET /networks lists every network with empty Containers', async () => {
    const t = await seeded();
    const res = await t.app.inject({ method: 'GET', url: '/networks' });
    assert.equal(res.statusCode, 200);
    const list = res.json() as Array<{ Name: string; Containers: object }>;
    assert.deepEqual(list.map((n) => n.Name).sort(), [
      'bridge',
      'db',
      'host',
      'none',
      'old',
      'web',
    ]);
    assert.ok(list.every((n) => Object.keys(n.Containers).length === 0));
  });

  it('GET /v1.27/networks still fills Containers, as Docker did before API 1.28', async () => {
    const t = await seeded();
    const res = await t.app.inject({ method: 'GET', url: '/v1.27/networks' });
    const web = (res.json() as Array<{ Name: string; Containers: object }>).find(
      (n) => n.Name === 'web',
    );
    assert.equal(Object.keys(web?.Containers ?? {}).length, 1);
  });

  const CASES: Array<[string, unknown, string[]]> = [
    ['name (substring)', { name: ['e'] }, ['bridge', 'none', 'web']],
    ['several names (any)', { name: ['db', 'ol'] }, ['db', 'old']],
    ['driver (exact)', { driver: ['macvlan'] }, ['old']],
    ['scope', { scope: ['local'] }, ['bridge', 'db', 'host', 'none', 'old', 'web']],
    ['label key', { label: ['env'] }, ['db', 'web']],
    ['label key=value', { label: ['env=prod'] }, ['web']],
    ['several labels (all)', { label: ['env', 'tier=front'] }, ['web']],
    ['type=custom', { type: ['custom'] }, ['db', 'old', 'web']],
    ['type=builtin', { type: ['builtin'] }, ['bridge', 'host', 'none']],
    ['dangling=true (unused, user-defined)', { dangling: ['true'] }, ['db', 'old']],
    ['dangling=0', { dangling: ['0'] }, ['bridge', 'host', 'none', 'web']],
    ['the old map form', { label: { 'env=dev': true }, driver: { bridge: true } }, ['db']],
    ['an empty object', {}, ['bridge', 'db', 'host', 'none', 'old', 'web']],
    ['an empty string', '', ['bridge', 'db', 'host', 'none', 'old', 'web']],
  ];
  for (const [what, filters, expected] of CASES) {
    it(`GET /networks filters by ${what}`, async () => {
      assert.deepEqual(await listNames(await seeded(), filters), expected);
    });
  }

  it('GET /networks filters by id prefix', async () => {
    const t = await seeded();
    const id = t.networks.getNetwork('db').id;
    assert.deepEqual(await listNames(t, { id: [id.slice(0, 12)] }), ['db']);
  });

  const BAD: Array<[string, string, string]> = [
    ['an unknown key', '{"foo":["x"]}', "invalid filter 'foo'"],
    ['a bad type', '{"type":["xyz"]}', "invalid filter: 'type'='xyz'"],
    [
      'a bad dangling value',
      '{"dangling":["maybe"]}',
      `invalid value for filter 'dangling', must be "true" (or "1"), or "false" (or "0")`,
    ],
    [
      'two dangling values',
      '{"dangling":["1","0"]}',
      'got more than one value for filter key "dangling"',
    ],
  ];
  for (const [what, filters, message] of BAD) {
    it(`GET /networks returns 400 for ${what}`, async () => {
      const t = await seeded();
      const res = await t.app.inject({ method: 'GET', url: '/networks', query: { filters } });
      assert.equal(res.statusCode, 400);
      assert.deepEqual(res.json(), { message });
    });
  }

  for (const malformed of ['{"name":', '["name"]', '{"name":"web"}', '{"name":[1]}', '"x"']) {
    it(`GET /networks returns 400 for malformed filters ${malformed}`, async () => {
      const t = await seeded();
      const res = await t.app.inject({
        method: 'GET',
        url: '/networks',
        query: { filters: malformed },
      });
      assert.equal(res.statusCode, 400);
      assert.match(res.json().message, /^invalid filter: "filters" must be a JSON object/);
      assert.equal(t.networks.calls.length, 0);
    });
  }
});

describe('GET /networks/{id}', () => {
  it('GET /networks/{name} returns Docker NetworkResource field names in order', async () => {
    const t = await seeded();
    const web = t.networks.getNetwork('web');
    const endpoint = web.endpoints[0];
    const res = await t.app.inject({ method: 'GET', url: '/v1.41/networks/web' });
    assert.equal(res.statusCode, 200);
    const body = res.json();
    assert.deepEqual(Object.keys(body), [
      'Name',
      'Id',
      'Created',
      'Scope',
      'Driver',
      'EnableIPv6',
      'IPAM',
      'Internal',
      'Attachable',
      'Ingress',
      'ConfigFrom',
      'ConfigOnly',
      'Containers',
      'Options',
      'Labels',
    ]);
    assert.equal(body.Id, web.id);
    assert.deepEqual(body.ConfigFrom, { Network: '' });
    assert.equal(body.Ingress, false);
    assert.equal(body.ConfigOnly, false);
    assert.deepEqual(body.Containers, {
      [endpoint?.containerId ?? '']: {
        Name: 'c1',
        EndpointID: endpoint?.endpointId,
        MacAddress: '02:42:ac:11:00:02',
        IPv4Address: '10.0.0.2/24',
        IPv6Address: '',
      },
    });
  });

  it('GET /networks/{id} finds a network by full ID and by ID prefix', async () => {
    const t = await seeded();
    const id = t.networks.getNetwork('bridge').id;
    for (const ref of [id, id.slice(0, 12)]) {
      const res = await t.app.inject({ method: 'GET', url: `/networks/${ref}` });
      assert.equal(res.statusCode, 200);
      assert.equal(res.json().Name, 'bridge');
      assert.deepEqual(res.json().IPAM, {
        Driver: 'default',
        Options: {},
        Config: [{ Subnet: '172.17.0.0/16', Gateway: '172.17.0.1' }],
      });
    }
  });

  it('GET /networks/{id} returns 404 for an unknown network', async () => {
    const t = await seeded();
    const res = await t.app.inject({ method: 'GET', url: '/networks/nothere' });
    assert.equal(res.statusCode, 404);
    assert.deepEqual(res.json(), { message: 'network nothere not found' });
  });

  it('GET /networks/{id} accepts verbose and scope, and 404s for another scope', async () => {
    const t = await seeded();
    const ok = await t.app.inject({ method: 'GET', url: '/networks/db?verbose=true&scope=local' });
    assert.equal(ok.statusCode, 200);
    const other = await t.app.inject({ method: 'GET', url: '/networks/db?scope=swarm' });
    assert.equal(other.statusCode, 404);
    const bad = await t.app.inject({ method: 'GET', url: '/networks/db?verbose=maybe' });
    assert.equal(bad.statusCode, 400);
    assert.deepEqual(bad.json(), { message: 'invalid value for verbose: maybe' });
  });
});

describe('DELETE /networks/{id}', () => {
  it('DELETE /networks/{id} returns 204 with no body', async () => {
    const t = await seeded();
    const res = await t.app.inject({ method: 'DELETE', url: '/v1.41/networks/db' });
    assert.equal(res.statusCode, 204);
    assert.equal(res.body, '');
    assert.throws(() => t.networks.getNetwork('db'));
  });

  it('DELETE /networks/{id} returns 404 for an unknown network', async () => {
    const t = await seeded();
    const res = await t.app.inject({ method: 'DELETE', url: '/networks/nothere' });
    assert.equal(res.statusCode, 404);
  });

  it('DELETE /networks/{id} returns 403 for a predefined network', async () => {
    const t = await seeded();
    for (const name of ['bridge', 'host', 'none']) {
      const res = await t.app.inject({ method: 'DELETE', url: `/networks/${name}` });
      assert.equal(res.statusCode, 403);
      assert.deepEqual(res.json(), {
        message: `${name} is a pre-defined network and cannot be removed`,
      });
    }
  });

  it('DELETE /networks/{id} returns 403 for a network with active endpoints', async () => {
    const t = await seeded();
    const res = await t.app.inject({ method: 'DELETE', url: '/networks/web' });
    assert.equal(res.statusCode, 403);
    assert.deepEqual(res.json(), { message: 'network web has active endpoints' });
  });
});

describe('POST /networks/prune', () => {
  async function prune(t: TestApp, filters?: unknown) {
    const query = filters === undefined ? undefined : { filters: JSON.stringify(filters) };
    return t.app.inject({
      method: 'POST',
      url: '/v1.41/networks/prune',
      ...(query ? { query } : {}),
    });
  }

  it('POST /networks/prune removes unused user-defined networks only', async () => {
    const t = await seeded();
    const res = await prune(t);
    assert.equal(res.statusCode, 200);
    assert.deepEqual(res.json().NetworksDeleted.sort(), ['db', 'old']);
    assert.deepEqual(await listNames(t, {}), ['bridge', 'host', 'none', 'web']);
  });

  it('POST /networks/prune returns NetworksDeleted null when nothing was removed', async () => {
    const t = await createTestApp();
    const res = await prune(t);
    assert.deepEqual(res.json(), { NetworksDeleted: null });
  });

  const CASES: Array<[string, unknown, string[]]> = [
    ['label', { label: ['env=dev'] }, ['db']],
    ['label key only', { label: ['env'] }, ['db']],
    ['label!', { 'label!': ['env'] }, ['old']],
    ['label! with a value', { 'label!': ['env=dev'] }, ['old']],
    ['until as a Go duration', { until: ['24h'] }, ['old']],
    [
      'until as Unix seconds',
      { until: [String(Math.floor((Date.now() - DAY_MS) / 1000))] },
      ['old'],
    ],
    ['until as RFC 3339', { until: [new Date(Date.now() - DAY_MS).toISOString()] }, ['old']],
    ['until in the old map form', { until: { '1h30m': true } }, ['old']],
  ];
  for (const [what, filters, expected] of CASES) {
    it(`POST /networks/prune filters by ${what}`, async () => {
      const t = await seeded();
      const res = await prune(t, filters);
      assert.equal(res.statusCode, 200, res.body);
      assert.deepEqual(res.json().NetworksDeleted, expected);
    });
  }

  const BAD: Array<[string, unknown, string]> = [
    ['an unknown key', { dangling: ['true'] }, "invalid filter 'dangling'"],
    [
      'an unreadable until',
      { until: ['yesterday'] },
      'failed to parse value as time or duration: "yesterday"',
    ],
    ['two until values', { until: ['1h', '2h'] }, 'more than one until filter specified'],
  ];
  for (const [what, filters, message] of BAD) {
    it(`POST /networks/prune returns 400 for ${what} without calling the controller`, async () => {
      const t = await seeded();
      const res = await prune(t, filters);
      assert.equal(res.statusCode, 400);
      assert.deepEqual(res.json(), { message });
      assert.equal(t.networks.calls.length, 0);
    });
  }
});
