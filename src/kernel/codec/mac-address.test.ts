import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { formatMac, parseMac } from './mac-address.js';

describe('mac-address', () => {
  it('parseMac() and formatMac() round-trip, printing lower case', () => {
    const bytes = parseMac('02:42:AC:11:00:0a');
    assert.equal(bytes?.toString('hex'), '0242ac11000a');
    assert.equal(formatMac(bytes ?? Buffer.alloc(0)), '02:42:ac:11:00:0a');
  });

  it('parseMac() rejects other separators and lengths', () => {
    for (const bad of ['02-42-ac-11-00-0a', '02:42:ac:11:00', '0242.ac11.000a', '']) {
      assert.equal(parseMac(bad), undefined, bad);
    }
  });
});
