import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createTestApp, type TestApp } from '../testing/test-app.js';

async function execCreate(t: TestApp, ref: string, body: unknown) {
  return t.app.inject({
    method: 'POST',
    url: `/v1.41/containers/${ref}/exec`,
    headers: { 'content-type': 'application/json' },
    payload: JSON.stringify(body),
  });
}

describe('exec routes', () => {
  it('POST /containers/{id}/exec returns 201 with Id, and GET /exec/{id}/json shows it', async () => {
    const t = await createTestApp();
    t.containers.addContainer('web');
    const res = await execCreate(t, 'web', { Cmd: ['ls', '-l'], AttachStdout: true, Tty: false });
    assert.equal(res.statusCode, 201, res.body);
    assert.deepEqual(Object.keys(res.json()), ['Id']);
    const inspect = await t.app.inject({ method: 'GET', url: `/exec/${res.json().Id}/json` });
    assert.equal(inspect.statusCode, 200);
    assert.equal(inspect.json().ProcessConfig.entrypoint, 'ls');
    assert.deepEqual(inspect.json().ProcessConfig.arguments, ['-l']);
  });

  const BAD: Array<[string, unknown, string]> = [
    ['no Cmd', {}, 'invalid JSON: field "Cmd": must be a non-empty array of strings'],
    [
      'an empty Cmd',
      { Cmd: [] },
      'invalid JSON: field "Cmd": must be a non-empty array of strings',
    ],
    [
      'a string Cmd',
      { Cmd: 'ls' },
      'invalid JSON: field "Cmd": must be a non-empty array of strings',
    ],
    ['a bad Env', { Cmd: ['ls'], Env: [1] }, 'invalid JSON: field "Env[0]": must be a string'],
    ['a bad Tty', { Cmd: ['ls'], Tty: 1 }, 'invalid JSON: field "Tty": must be a boolean'],
  ];
  for (const [what, body, message] of BAD) {
    it(`POST /containers/{id}/exec returns 400 for ${what}`, async () => {
      const t = await createTestApp();
      t.containers.addContainer('web');
      const res = await execCreate(t, 'web', body);
      assert.equal(res.statusCode, 400);
      assert.deepEqual(res.json(), { message });
      assert.equal(t.containers.calls.length, 0);
    });
  }

  it('POST /containers/{id}/exec returns 404 for an unknown and 409 for a stopped container', async () => {
    const t = await createTestApp();
    t.containers.addContainer('db', { status: 'exited' });
    assert.equal((await execCreate(t, 'nope', { Cmd: ['ls'] })).statusCode, 404);
    assert.equal((await execCreate(t, 'db', { Cmd: ['ls'] })).statusCode, 409);
  });

  it('POST /exec/{id}/start with Detach returns an empty 200', async () => {
    const t = await createTestApp();
    t.containers.addContainer('web');
    const { Id } = (await execCreate(t, 'web', { Cmd: ['sleep', '1'] })).json();
    const res = await t.app.inject({
      method: 'POST',
      url: `/exec/${Id}/start`,
      headers: { 'content-type': 'application/json' },
      payload: '{"Detach":true,"Tty":false}',
    });
    assert.equal(res.statusCode, 200);
    assert.equal(res.body, '');
    assert.deepEqual(t.containers.calls.at(-1), {
      method: 'execStart',
      args: [Id, { detach: true, tty: false }],
    });
    const again = await t.app.inject({
      method: 'POST',
      url: `/exec/${Id}/start`,
      payload: { Detach: true },
    });
    assert.equal(again.statusCode, 409);
  });

  it('POST /exec/{id}/start returns 404 for an unknown exec and 400 for a bad body', async () => {
    const t = await createTestApp();
    const missing = await t.app.inject({ method: 'POST', url: '/exec/nope/start', payload: {} });
    assert.equal(missing.statusCode, 404);
    assert.deepEqual(missing.json(), { message: 'No such exec instance: nope' });
    const bad = await t.app.inject({
      method: 'POST',
      url: '/exec/nope/start',
      payload: { Detach: 'no' },
    });
    assert.equal(bad.statusCode, 400);
    assert.equal(bad.json().message, 'invalid JSON: field "Detach": must be a boolean');
  });

  it('POST /exec/{id}/resize passes h and w; GET /exec/{id}/json is 404 when unknown', async () => {
    const t = await createTestApp();
    t.containers.addContainer('web');
    const { Id } = (await execCreate(t, 'web', { Cmd: ['sh'] })).json();
    const res = await t.app.inject({ method: 'POST', url: `/exec/${Id}/resize?h=24&w=80` });
    assert.equal(res.statusCode, 200);
    assert.deepEqual(t.containers.calls.at(-1), { method: 'execResize', args: [Id, 24, 80] });
    const bad = await t.app.inject({ method: 'POST', url: `/exec/${Id}/resize?h=-1&w=80` });
    assert.equal(bad.statusCode, 400);
    const missing = await t.app.inject({ method: 'GET', url: '/exec/nope/json' });
    assert.equal(missing.statusCode, 404);
  });
});
