import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { checkFilterKeys, matchAny, matchLabels, parseFilters } from './filter-args.js';

describe('filter-args', () => {
  it('parseFilters() reads the list form and the set form alike', () => {
    const list = parseFilters('{"label":["a=1","b"],"name":["x"]}');
    const set = parseFilters('{"label":{"a=1":true,"b":true},"name":{"x":true}}');
    assert.deepEqual([...list], [...set]);
    assert.deepEqual(list.get('label'), ['a=1', 'b']);
  });

  it('parseFilters() treats absent, empty and null as no filters', () => {
    for (const p of [undefined, '', '  ', 'null', '{}']) assert.equal(parseFilters(p).size, 0);
  });

  it('parseFilters() throws invalid for malformed input', () => {
    for (const p of ['{', '[]', '1', '{"a":"b"}', '{"a":[1]}', '{"a":{"b":"c"}}']) {
      assert.throws(() => parseFilters(p), { kind: 'invalid', code: 'INVALID_FILTER' }, p);
    }
  });

  it('checkFilterKeys() names the first unknown key', () => {
    assert.throws(() => checkFilterKeys(parseFilters('{"name":[],"foo":[]}'), ['name']), {
      message: "invalid filter 'foo'",
    });
  });

  it('matchLabels() needs every key or key=value to hold', () => {
    const f = parseFilters('{"label":["a","b=2"]}');
    assert.equal(matchLabels(f, 'label', { a: 'x', b: '2' }), true);
    assert.equal(matchLabels(f, 'label', { a: 'x', b: '3' }), false);
    assert.equal(matchLabels(f, 'label', {}), false);
    assert.equal(matchLabels(f, 'other', {}), true);
    assert.equal(matchLabels(parseFilters('{"label":["k=a=b"]}'), 'label', { k: 'a=b' }), true);
  });

  it('matchAny() passes when the key is absent or any value matches', () => {
    const f = parseFilters('{"name":["a","b"]}');
    assert.equal(
      matchAny(f, 'name', (v) => v === 'b'),
      true,
    );
    assert.equal(
      matchAny(f, 'name', () => false),
      false,
    );
    assert.equal(
      matchAny(f, 'id', () => false),
      true,
    );
  });
});
