import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { checkApiVersion, compareApiVersions, splitVersionPrefix } from './api-version.js';

describe('api-version', () => {
  it('splitVersionPrefix() strips a numeric /vX.Y prefix and keeps the query', () => {
    assert.deepEqual(splitVersionPrefix('/v1.41/networks?filters=x'), {
      version: '1.41',
      url: '/networks?filters=x',
    });
    assert.deepEqual(splitVersionPrefix('/networks'), { url: '/networks' });
    assert.deepEqual(splitVersionPrefix('/vx/networks'), { url: '/vx/networks' });
    assert.deepEqual(splitVersionPrefix('/version'), { url: '/version' });
  });

  it('compareApiVersions() compares segments as numbers', () => {
    assert.equal(compareApiVersions('1.9', '1.10'), -1);
    assert.equal(compareApiVersions('1.41', '1.41.0'), 0);
    assert.equal(compareApiVersions('2', '1.99'), 1);
  });

  it('checkApiVersion() accepts the supported range and rejects both sides', () => {
    assert.doesNotThrow(() => checkApiVersion('1.24'));
    assert.doesNotThrow(() => checkApiVersion('1.41'));
    assert.throws(() => checkApiVersion('1.42'), { kind: 'invalid', code: 'API_VERSION_TOO_NEW' });
    assert.throws(() => checkApiVersion('1.23'), { kind: 'invalid', code: 'API_VERSION_TOO_OLD' });
  });
});
