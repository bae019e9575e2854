import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { parseJsonBody } from './json-body.js';
import { createTestApp } from './testing/test-app.js';

describe('parseJsonBody()', () => {
  it('parseJsonBody() accepts no Content-Type and application/json with parameters', () => {
    for (const ct of [undefined, '', 'application/json', 'Application/JSON; charset=utf-8']) {
      assert.deepEqual(parseJsonBody('{"a":1}', ct), { a: 1 });
    }
  });

  it('parseJsonBody() rejects other content types with Docker text', () => {
    assert.throws(() => parseJsonBody('{}', 'application/x-www-form-urlencoded'), {
      kind: 'invalid',
      message:
        "unsupported Content-Type header (application/x-www-form-urlencoded): must be 'application/json'",
    });
  });

  it('parseJsonBody() reports EOF, syntax errors and trailing content as invalid JSON', () => {
    assert.throws(() => parseJsonBody('  ', undefined), {
      message: 'invalid JSON: got EOF while reading request body',
    });
    assert.throws(() => parseJsonBody('{"a":}', undefined), { message: /^invalid JSON: / });
    assert.throws(() => parseJsonBody('{} {}', undefined), { message: /^invalid JSON: / });
  });

  it('parseJsonBody() refuses __proto__ keys at any depth', () => {
    assert.throws(() => parseJsonBody('{"a":{"__proto__":{"polluted":true}}}', undefined), {
      message: 'invalid JSON: forbidden property "__proto__"',
    });
  });

  it('a body over the size limit returns 413 with a message body', async () => {
    const { app, networks } = await createTestApp();
    const res = await app.inject({
      method: 'POST',
      url: '/networks/create',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ Name: 'big', Labels: { pad: 'x'.repeat(2 * 1024 * 1024) } }),
    });
    assert.equal(res.statusCode, 413);
    assert.equal(typeof res.json().message, 'string');
    assert.deepEqual(networks.calls, []);
  });
});
