import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { containerListFilters } from './container-filters.js';
import { parseFilters } from './filter-args.js';

describe('containerListFilters()', () => {
  it('containerListFilters() returns every accepted key as a plain record', () => {
    const filters = parseFilters(
      JSON.stringify({
        ancestor: ['busybox'],
        exited: ['0', '137'],
        id: ['abc'],
        label: { 'a=b': true },
        name: ['web'],
        network: ['bridge'],
        status: ['created', 'restarting', 'running', 'removing', 'paused', 'exited', 'dead'],
      }),
    );
    const record = containerListFilters(filters);
    assert.deepEqual(record.label, ['a=b']);
    assert.deepEqual(record.exited, ['0', '137']);
    assert.equal(Object.keys(record).length, 7);
  });

  it('containerListFilters() rejects unknown keys, states and exit codes with Docker text', () => {
    assert.throws(() => containerListFilters(parseFilters('{"before":["x"]}')), {
      kind: 'invalid',
      message: "invalid filter 'before'",
    });
    assert.throws(() => containerListFilters(parseFilters('{"status":["stopped"]}')), {
      message: 'Unrecognised filter value for status: stopped',
    });
    assert.throws(() => containerListFilters(parseFilters('{"exited":["1.5"]}')), {
      message: 'strconv.Atoi: parsing "1.5": invalid syntax',
    });
  });
});
