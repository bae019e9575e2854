import assert from 'node:assert/strict';
import { test } from 'node:test';
import { buildFilterArgs, encodeFilters } from './filters.js';

test('buildFilterArgs() groups repeated keys into lists', () => {
  assert.deepEqual(buildFilterArgs(['name=a', 'driver=bridge', 'name=b']), {
    name: ['a', 'b'],
    driver: ['bridge'],
  });
});

test('buildFilterArgs() keeps = inside label values', () => {
  assert.deepEqual(buildFilterArgs(['label=env=prod']), { label: ['env=prod'] });
});

test('encodeFilters() omits the parameter when no filter is given', () => {
  assert.equal(encodeFilters([]), undefined);
  assert.equal(encodeFilters(['dangling=true']), '{"dangling":["true"]}');
});
