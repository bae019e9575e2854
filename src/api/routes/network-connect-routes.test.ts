import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createTestApp, type TestApp } from '../testing/test-app.js';

async function post(t: TestApp, url: string, body: unknown) {
  return t.app.inject({
    method: 'POST',
    url,
    headers: { 'content-type': 'application/json' },
    payload: typeof body === 'string' ? body : JSON.stringify(body),
  });
}

describe('POST /networks/{id}/connect', () => {
  it('POST /networks/{id}/connect returns 200 with no body and passes the endpoint config', async () => {
    const t = await createTestApp();
    t.containers.addContainer('web');
    const config = { IPAMConfig: { IPv4Address: '10.0.0.5' }, Aliases: ['w'] };
    const res = await post(t, '/v1.41/networks/net1/connect', {
      Container: 'web',
      EndpointConfig: config,
    });
    assert.equal(res.statusCode, 200, res.body);
    assert.equal(res.body, '');
    assert.deepEqual(t.containers.calls[0], { method: 'connect', args: ['net1', 'web', config] });
  });

  it('POST /networks/{id}/connect passes an empty config when EndpointConfig is null', async () => {
    const t = await createTestApp();
    t.containers.addContainer('web');
    const res = await post(t, '/networks/net1/connect', { Container: 'web', EndpointConfig: null });
    assert.equal(res.statusCode, 200);
    assert.deepEqual(t.containers.calls[0]?.args, ['net1', 'web', {}]);
  });

  const BAD: Array<[string, unknown, string]> = [
    ['no Container', {}, 'invalid JSON: field "Container": must be a non-empty string'],
    [
      'an empty Container',
      { Container: '' },
      'invalid JSON: field "Container": must be a non-empty string',
    ],
    [
      'a bad IPAMConfig',
      { Container: 'web', EndpointConfig: { IPAMConfig: { IPv4Address: 5 } } },
      'invalid JSON: field "EndpointConfig.IPAMConfig.IPv4Address": must be a string',
    ],
    ['bad JSON', '{"Container":', 'invalid JSON'],
  ];
  for (const [what, body, message] of BAD) {
    it(`POST /networks/{id}/connect returns 400 for ${what}`, async () => {
      const t = await createTestApp();
      const res = await post(t, '/networks/net1/connect', body);
      assert.equal(res.statusCode, 400);
      assert.ok(res.json().message.startsWith(message), res.json().message);
      assert.equal(t.containers.calls.length, 0);
    });
  }

  it('POST /networks/{id}/connect returns 404 for an unknown container or network', async () => {
    const t = await createTestApp();
    t.containers.addContainer('web');
    const noContainer = await post(t, '/networks/net1/connect', { Container: 'nope' });
    assert.equal(noContainer.statusCode, 404);
    const noNetwork = await post(t, '/networks/missing/connect', { Container: 'web' });
    assert.equal(noNetwork.statusCode, 404);
  });
});

describe('POST /networks/{id}/disconnect', () => {
  it('POST /networks/{id}/disconnect returns 200 and passes Force', async () => {
    const t = await createTestApp();
    t.containers.addContainer('web');
    const res = await post(t, '/networks/net1/disconnect', { Container: 'web', Force: true });
    assert.equal(res.statusCode, 200);
    assert.deepEqual(t.containers.calls[0], { method: 'disconnect', args: ['net1', 'web', true] });
  });

  it('POST /networks/{id}/disconnect returns 400 for a bad Force and for an empty body', async () => {
    const t = await createTestApp();
    const bad = await post(t, '/networks/net1/disconnect', { Container: 'web', Force: 'yes' });
    assert.equal(bad.statusCode, 400);
    assert.equal(bad.json().message, 'invalid JSON: field "Force": must be a boolean');
    const empty = await t.app.inject({ method: 'POST', url: '/networks/net1/disconnect' });
    assert.equal(empty.statusCode, 400);
    assert.equal(empty.json().message, 'invalid JSON: got EOF while reading request body');
  });
});
