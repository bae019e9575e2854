import assert from 'node:assert/strict';
import { test } from 'node:test';
import { EngineError } from '../common/errors.js';
import { collect, parseKeyValue, parseKeyValueList } from './key-value.js';

test('parseKeyValue() splits on the first =', () => {
  assert.deepEqual(parseKeyValue('a=b'), ['a', 'b']);
});

test('parseKeyValue() keeps later = in the value, as docker does', () => {
  assert.deepEqual(parseKeyValue('cmd=a=b=c'), ['cmd', 'a=b=c']);
});

test('parseKeyValue() accepts an empty value', () => {
  assert.deepEqual(parseKeyValue('flag='), ['flag', '']);
});

test('parseKeyValue() rejects an item without =', () => {
  assert.throws(
    () => parseKeyValue('x'),
    (err: unknown) =>
      err instanceof EngineError &&
      err.kind === 'invalid' &&
      err.message === 'invalid key-value format: "x"',
  );
});

test('parseKeyValue() rejects an empty key', () => {
  assert.throws(() => parseKeyValue('=v'), /invalid key-value format: "=v"/);
});

test('parseKeyValueList() builds a map where a later key wins', () => {
  assert.deepEqual(parseKeyValueList(['a=1', 'b=2', 'a=3']), { a: '3', b: '2' });
});

test('collect() appends without mutating the previous list', () => {
  const first = collect('a');
  const second = collect('b', first);
  assert.deepEqual(first, ['a']);
  assert.deepEqual(second, ['a', 'b']);
});
