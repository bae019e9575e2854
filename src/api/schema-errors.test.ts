import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import {
  formatValidationError,
  pointerToFieldPath,
  schemaErrorFormatter,
} from './schema-errors.js';

describe('schema-errors', () => {
  it('pointerToFieldPath() renders JSON pointers as dotted paths', () => {
    assert.equal(pointerToFieldPath(''), '');
    assert.equal(pointerToFieldPath('/Name'), 'Name');
    assert.equal(pointerToFieldPath('/IPAM/Config/0/Subnet'), 'IPAM.Config[0].Subnet');
    assert.equal(pointerToFieldPath('/Labels/com.example~1x'), "Labels['com.example/x']");
    assert.equal(pointerToFieldPath("/Labels/it's"), "Labels['it\\'s']");
  });

  it('formatValidationError() uses the failing schema description', () => {
    const message = formatValidationError({
      keyword: 'type',
      instancePath: '/Internal',
      schemaPath: '#/properties/Internal/type',
      params: { type: 'boolean' },
      parentSchema: { type: 'boolean', description: 'a boolean' },
    } as Parameters<typeof formatValidationError>[0]);
    assert.equal(message, 'invalid JSON: field "Internal": must be a boolean');
  });

  it("formatValidationError() falls back to ajv's message without a description", () => {
    const message = formatValidationError({
      keyword: 'minimum',
      instancePath: '/X',
      schemaPath: '#/properties/X/minimum',
      params: {},
      message: 'must be >= 1',
    });
    assert.equal(message, 'invalid JSON: field "X": must be >= 1');
  });

  it('schemaErrorFormatter() returns an invalid EngineError', () => {
    assert.equal(schemaErrorFormatter([]).kind, 'invalid');
  });
});
