import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { BugError } from '../../common/errors.js';
import { compareKeys, MemoryStore } from './memory-store.js';
import { STORE_CONFORMANCE } from './store-conformance.js';

describe('MemoryStore conformance', () => {
  for (const c of STORE_CONFORMANCE.filter((c) => c.persistent !== true)) {
    it(c.name, () => c.run({ store: new MemoryStore() }));
  }
});

describe('MemoryStore', () => {
  it('put() refuses values JSON cannot hold, like SqliteStore', () => {
    const store = new MemoryStore();
    assert.throws(() => store.put('b', 'k', undefined), BugError);
    assert.throws(() => store.put('b', 'k', 1n), BugError);
  });

  it('transaction() refuses an async function and rolls it back', async () => {
    const store = new MemoryStore();
    assert.throws(
      () =>
        store.transaction(async (tx) => {
          tx.put('b', 'k', 1);
        }),
      BugError,
    );
    assert.equal(store.get('b', 'k'), undefined);
  });

  it('close() makes later calls throw', () => {
    const store = new MemoryStore();
    store.close();
    assert.throws(() => store.get('b', 'k'), BugError);
  });

  it('compareKeys() orders by code point, not UTF-16 unit', () => {
    assert.ok(compareKeys('\uffff', '\u{1f600}') < 0);
    assert.ok(compareKeys('a', 'ab') < 0);
    assert.equal(compareKeys('x', 'x'), 0);
  });
});
