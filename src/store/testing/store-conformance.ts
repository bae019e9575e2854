/**
 * The behaviour every `Store` must have, as a table of cases that each implementation's test file
 * runs (`sqlite-store.test.ts`, `memory-store.test.ts`), so the fake cannot drift from the real
 * store. A case receives a fresh store and, when the implementation persists, a way to reopen it.
 */
import assert from 'node:assert/strict';
import type { Store } from '../store.js';

/** What a conformance case gets: a fresh empty store, and `reopen` for persistent stores. */
export interface StoreHarness {
  store: Store;
  /** Closes `store` and opens the same data again. Undefined for in-memory stores. */
  reopen?: () => Store;
}

/** One named behaviour; `persistent` cases are skipped for stores without `reopen`. */
export interface StoreConformanceCase {
  name: string;
  persistent?: boolean;
  run(harness: StoreHarness): void;
}

const boom = new Error('boom');

/** The cases. Names read as test titles. */
export const STORE_CONFORMANCE: readonly StoreConformanceCase[] = [
  {
    name: 'get() returns what put() stored and undefined for a missing key',
    run({ store }) {
      store.put('b', 'k', { n: 1, s: 'x', list: [1, 2], nested: { ok: true } });
      assert.deepEqual(store.get('b', 'k'), { n: 1, s: 'x', list: [1, 2], nested: { ok: true } });
      assert.equal(store.get('b', 'missing'), undefined);
      assert.equal(store.get('other', 'k'), undefined);
    },
  },
  {
    name: 'put() overwrites and stores a copy, not a reference',
    run({ store }) {
      const value = { n: 1 };
      store.put('b', 'k', value);
      value.n = 2;
      assert.deepEqual(store.get('b', 'k'), { n: 1 });
      store.put('b', 'k', 'string values work too');
      assert.equal(store.get('b', 'k'), 'string values work too');
    },
  },
  {
    name: 'list() returns one bucket ordered by key in byte order',
    run({ store }) {
      for (const key of ['b', 'a/2', 'a/10', 'B', '\u{1f600}', '\uffff', 'a'])
        store.put('x', key, key);
      store.put('xy', 'zz', 'other bucket');
      store.put('w', '0', 'other bucket');
      const keys = store.list<string>('x').map((e) => e.key);
      assert.deepEqual(keys, ['B', 'a', 'a/10', 'a/2', 'b', '\uffff', '\u{1f600}']);
      assert.deepEqual(
        store.list('x').map((e) => e.value),
        keys,
      );
      assert.deepEqual(store.list('empty'), []);
    },
  },
  {
    name: 'delete() is idempotent and reports whether something was deleted',
    run({ store }) {
      store.put('b', 'k', 1);
      assert.equal(store.delete('b', 'k'), true);
      assert.equal(store.delete('b', 'k'), false);
      assert.equal(store.delete('never', 'k'), false);
      assert.equal(store.get('b', 'k'), undefined);
      assert.deepEqual(store.list('b'), []);
    },
  },
  {
    name: 'transaction() commits all writes and returns the result',
    run({ store }) {
      const result = store.transaction((tx) => {
        tx.put('b', '1', 1);
        tx.put('b', '2', 2);
        assert.equal(tx.get('b', '1'), 1, 'writes are visible inside the transaction');
        return 'done';
      });
      assert.equal(result, 'done');
      assert.deepEqual(
        store.list('b').map((e) => e.value),
        [1, 2],
      );
    },
  },
  {
    name: 'transaction() rolls back puts and deletes when the function throws',
    run({ store }) {
      store.put('b', 'keep', 'old');
      store.put('b', 'gone', 'old');
      assert.throws(
        () =>
          store.transaction((tx) => {
            tx.put('b', 'keep', 'new');
            tx.put('b', 'added', 'new');
            tx.delete('b', 'gone');
            throw boom;
          }),
        boom,
      );
      assert.deepEqual(store.list('b'), [
        { key: 'gone', value: 'old' },
        { key: 'keep', value: 'old' },
      ]);
    },
  },
  {
    name: 'transaction() nests: an inner failure caught inside keeps the outer writes',
    run({ store }) {
      store.transaction((tx) => {
        tx.put('b', 'outer', 1);
        assert.throws(() =>
          store.transaction((inner) => {
            inner.put('b', 'inner', 2);
            throw boom;
          }),
        );
        tx.put('b', 'after', 3);
      });
      assert.deepEqual(
        store.list('b').map((e) => e.key),
        ['after', 'outer'],
      );
      assert.throws(() =>
        store.transaction(() => {
          store.transaction((inner) => inner.put('b', 'nested-committed', 1));
          throw boom;
        }),
      );
      assert.equal(store.get('b', 'nested-committed'), undefined, 'the outer rollback wins');
    },
  },
  {
    name: 'data survives close() and reopening',
    persistent: true,
    run({ store, reopen }) {
      store.put('b', 'k', { v: 1 });
      store.transaction((tx) => tx.put('b', 'tx', { v: 2 }));
      store.put('b', 'deleted', 0);
      store.delete('b', 'deleted');
      const again = reopen?.();
      assert.ok(again);
      try {
        assert.deepEqual(again.list('b'), [
          { key: 'k', value: { v: 1 } },
          { key: 'tx', value: { v: 2 } },
        ]);
      } finally {
        again.close();
      }
    },
  },
];
