import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createTestApp } from '../testing/test-app.js';

const CREATE = '/v1.41/networks/create';

async function post(payload: unknown, headers: Record<string, string> = {}) {
  const { app, networks } = await createTestApp();
  const body = typeof payload === 'string' ? payload : JSON.stringify(payload);
  const res = await app.inject({
    method: 'POST',
    url: CREATE,
    headers: { 'content-type': 'application/json', ...headers },
    body,
  });
  return { res, networks };
}

describe('POST /networks/create', () => {
  it('POST /networks/create returns 201 with Id and Warning', async () => {
    const { res, networks } = await post({ Name: 'web' });
    assert.equal(res.statusCode, 201);
    const body = res.json();
    assert.deepEqual(Object.keys(body), ['Id', 'Warning']);
    assert.match(body.Id, /^[0-9a-f]{64}$/);
    assert.equal(body.Warning, '');
    assert.equal(networks.getNetwork('web').id, body.Id);
  });

  it('POST /networks/create passes Docker defaults and every field to the controller', async () => {
    const { res, networks } = await post({
      Name: 'full',
      CheckDuplicate: true,
      EnableIPv6: true,
      Internal: true,
      Attachable: true,
      Scope: 'local',
      IPAM: {
        Options: { foo: 'bar' },
        Config: [{ Subnet: '10.1.0.0/24', IPRange: '', Gateway: '10.1.0.1' }],
      },
      Options: { 'com.docker.network.bridge.name': 'br-full' },
      Labels: { env: 'prod' },
      Unknown: { ignored: 1 },
    });
    assert.equal(res.statusCode, 201);
    assert.deepEqual(networks.calls[0]?.args[0], {
      name: 'full',
      driver: 'bridge',
      enableIPv6: true,
      internal: true,
      attachable: true,
      ipam: {
        driver: 'default',
        options: { foo: 'bar' },
        config: [{ subnet: '10.1.0.0/24', gateway: '10.1.0.1' }],
      },
      options: { 'com.docker.network.bridge.name': 'br-full' },
      labels: { env: 'prod' },
    });
  });

  it('POST /networks/create accepts Pouch AuxAddress and Go nulls', async () => {
    const { res, networks } = await post({
      Name: 'aux',
      Driver: 'macvlan',
      IPAM: {
        Driver: 'default',
        Options: null,
        Config: [{ Subnet: '10.2.0.0/24', AuxAddress: { r: '10.2.0.5' } }],
      },
      Options: null,
      Labels: null,
      ConfigFrom: null,
    });
    assert.equal(res.statusCode, 201);
    const inspect = networks.getNetwork('aux');
    assert.equal(inspect.driver, 'macvlan');
    assert.deepEqual(inspect.ipam.config, [
      { subnet: '10.2.0.0/24', auxAddresses: { r: '10.2.0.5' } },
    ]);
  });

  it('POST /networks/create accepts a body without Content-Type, as Docker does', async () => {
    const { app } = await createTestApp();
    const res = await app.inject({ method: 'POST', url: CREATE, body: '{"Name":"plain"}' });
    assert.equal(res.statusCode, 201);
  });

  it('POST /networks/create returns 409 for a duplicate name', async () => {
    const { app } = await createTestApp();
    await app.inject({ method: 'POST', url: CREATE, payload: { Name: 'dup' } });
    const res = await app.inject({ method: 'POST', url: CREATE, payload: { Name: 'dup' } });
    assert.equal(res.statusCode, 409);
    assert.deepEqual(res.json(), { message: 'network with name dup already exists' });
  });

  it('POST /networks/create returns 409 for the name of a predefined network', async () => {
    const { res } = await post({ Name: 'bridge' });
    assert.equal(res.statusCode, 409);
  });

  it('POST /networks/create returns 403 when the controller reports an overlapping pool', async () => {
    const { res } = await post({
      Name: 'overlap',
      IPAM: { Config: [{ Subnet: '172.17.0.0/16' }] },
    });
    assert.equal(res.statusCode, 403);
    assert.match(res.json().message, /overlaps with network "bridge"/);
  });
});

/** Each case: body, expected message. None of them may reach the controller. */
const REJECTED: Array<[string, string, string]> = [
  ['malformed JSON', '{"Name": ', 'invalid JSON: Unexpected end of JSON input'],
  ['an empty body', '', 'invalid JSON: got EOF while reading request body'],
  ['a JSON array body', '[]', 'invalid JSON: request body must be a JSON object'],
  ['a JSON null body', 'null', 'invalid JSON: request body must be a JSON object'],
  ['a missing Name', '{}', 'invalid JSON: field "Name": must be a non-empty string'],
  ['an empty Name', '{"Name":""}', 'invalid JSON: field "Name": must be a non-empty string'],
  ['a numeric Name', '{"Name":5}', 'invalid JSON: field "Name": must be a non-empty string'],
  ['a null Name', '{"Name":null}', 'invalid JSON: field "Name": must be a non-empty string'],
  [
    'a string boolean',
    '{"Name":"n","Internal":"true"}',
    'invalid JSON: field "Internal": must be a boolean',
  ],
  ['a numeric Driver', '{"Name":"n","Driver":1}', 'invalid JSON: field "Driver": must be a string'],
  [
    'a non-string label',
    '{"Name":"n","Labels":{"a":1}}',
    'invalid JSON: field "Labels.a": must be a string',
  ],
  [
    'a dotted label key with a bad value',
    '{"Name":"n","Labels":{"com.x":true}}',
    `invalid JSON: field "Labels['com.x']": must be a string`,
  ],
  [
    'Options as a list',
    '{"Name":"n","Options":["a"]}',
    'invalid JSON: field "Options": must be an object of strings or null',
  ],
  [
    'IPAM as a string',
    '{"Name":"n","IPAM":"x"}',
    'invalid JSON: field "IPAM": must be an object or null',
  ],
  [
    'IPAM.Config as an object',
    '{"Name":"n","IPAM":{"Config":{}}}',
    'invalid JSON: field "IPAM.Config": must be an array of objects or null',
  ],
  [
    'an IPAM.Config entry that is a string',
    '{"Name":"n","IPAM":{"Config":["10.0.0.0/8"]}}',
    'invalid JSON: field "IPAM.Config[0]": must be an object',
  ],
  [
    'a numeric Subnet',
    '{"Name":"n","IPAM":{"Config":[{"Subnet":10}]}}',
    'invalid JSON: field "IPAM.Config[0].Subnet": must be a string',
  ],
  [
    'both aux address spellings',
    '{"Name":"n","IPAM":{"Config":[{"AuxAddress":{},"AuxiliaryAddresses":{}}]}}',
    'invalid JSON: field "IPAM.Config[0]": give AuxiliaryAddresses or its alias AuxAddress, not both',
  ],
  [
    'a swarm scope',
    '{"Name":"n","Scope":"swarm"}',
    'Cannot create network "n": scope "swarm" is not supported; pouchd networks are local',
  ],
  [
    'an ingress network',
    '{"Name":"n","Ingress":true}',
    'Cannot create network "n": ingress networks need swarm mode',
  ],
  [
    'a config-only network',
    '{"Name":"n","ConfigOnly":true}',
    'Cannot create network "n": config-only networks are not supported',
  ],
  [
    'a prototype key',
    '{"Name":"n","__proto__":{"x":1}}',
    'invalid JSON: forbidden property "__proto__"',
  ],
];

describe('POST /networks/create rejections', () => {
  for (const [what, body, message] of REJECTED) {
    it(`POST /networks/create returns 400 for ${what} without calling the controller`, async () => {
      const { res, networks } = await post(body);
      assert.equal(res.statusCode, 400);
      assert.deepEqual(res.json(), { message });
      assert.deepEqual(networks.calls, []);
    });
  }

  it('POST /networks/create returns 400 for a non-JSON Content-Type', async () => {
    const { res, networks } = await post('{"Name":"n"}', { 'content-type': 'text/plain' });
    assert.equal(res.statusCode, 400);
    assert.deepEqual(res.json(), {
      message: "unsupported Content-Type header (text/plain): must be 'application/json'",
    });
    assert.deepEqual(networks.calls, []);
  });

  it('POST /networks/create returns 400 for no body at all', async () => {
    const { app, networks } = await createTestApp();
    const res = await app.inject({ method: 'POST', url: CREATE });
    assert.equal(res.statusCode, 400);
    assert.deepEqual(res.json(), { message: 'invalid JSON: got EOF while reading request body' });
    assert.deepEqual(networks.calls, []);
  });
});
