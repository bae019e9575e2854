import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { hasSysResource, parseNofileHardLimit } from './host-limits.js';

describe('parseNofileHardLimit()', () => {
  it('parseNofileHardLimit() reads the hard column of Max open files', () => {
    const limits =
      'Limit                     Soft Limit           Hard Limit           Units\n' +
      'Max processes             63704                63704                processes\n' +
      'Max open files            1024                 20000                files\n';
    assert.equal(parseNofileHardLimit(limits), 20000);
    assert.equal(
      parseNofileHardLimit('Max open files  1 unlimited files'),
      Number.MAX_SAFE_INTEGER,
    );
    assert.equal(parseNofileHardLimit(''), undefined);
  });
});

describe('hasSysResource()', () => {
  it('hasSysResource() tests bit 24 of CapEff', () => {
    assert.equal(hasSysResource('CapEff:\t000001ffffffffff\n'), true);
    assert.equal(hasSysResource('CapEff:\t000001fffeffffff\n'), false);
    assert.equal(hasSysResource('nothing'), false);
  });
});
