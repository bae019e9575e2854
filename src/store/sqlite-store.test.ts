import assert from 'node:assert/strict';
import { chmodSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import Database from 'better-sqlite3';
import { BugError, EngineError } from '../common/errors.js';
import { SCHEMA_VERSION, SqliteStore } from './sqlite-store.js';
import { STORE_CONFORMANCE } from './testing/store-conformance.js';

const root = mkdtempSync(join(tmpdir(), 'sqlite-store-test-'));
after(() => rmSync(root, { recursive: true, force: true }));
let dirs = 0;
const freshDir = (): string => join(root, `store-${++dirs}`, 'nested');

describe('SqliteStore conformance', () => {
  for (const c of STORE_CONFORMANCE) {
    it(c.name, () => {
      const dir = freshDir();
      const store = SqliteStore.open(dir);
      const reopen = () => {
        store.close();
        return SqliteStore.open(dir);
      };
      try {
        c.run({ store, reopen });
      } finally {
        store.close();
      }
    });
  }
});

describe('SqliteStore.open()', () => {
  it('creates the directory and a 0600 file, in WAL mode, at the current schema version', () => {
    const dir = freshDir();
    const store = SqliteStore.open(dir, { fileName: 'test.db' });
    store.put('b', 'k', 1);
    store.close();
    assert.equal(store.path, join(dir, 'test.db'));
    assert.equal(statSync(dir).isDirectory(), true);
    assert.equal(statSync(store.path).mode & 0o777, 0o600);
    const db = new Database(store.path, { readonly: true });
    try {
      assert.equal(db.pragma('journal_mode', { simple: true }), 'wal');
      assert.equal(db.pragma('user_version', { simple: true }), SCHEMA_VERSION);
    } finally {
      db.close();
    }
  });

  it('new SqliteStore(file) creates the file and its missing parent directories', () => {
    const file = join(freshDir(), 'deeper', 'engine.db');
    const store = new SqliteStore(file);
    store.put('b', 'k', 'v');
    store.close();
    assert.equal(statSync(file).mode & 0o777, 0o600);
    const again = new SqliteStore(file);
    assert.equal(again.get('b', 'k'), 'v');
    again.close();
  });

  it('tightens the mode of an existing file to 0600', () => {
    const dir = freshDir();
    SqliteStore.open(dir).close();
    const file = join(dir, 'pouchd.db');
    chmodSync(file, 0o644);
    SqliteStore.open(dir).close();
    assert.equal(statSync(file).mode & 0o777, 0o600);
  });

  it('throws unavailable naming the path when the file is not a database', () => {
    const dir = freshDir();
    SqliteStore.open(dir).close();
    const file = join(dir, 'junk.db');
    writeFileSync(file, 'this is not an SQLite database, just some text that is long enough');
    assert.throws(
      () => SqliteStore.open(dir, { fileName: 'junk.db' }),
      (err: unknown) =>
        err instanceof EngineError &&
        err.kind === 'unavailable' &&
        err.message.startsWith(`Cannot open store "${file}": `),
    );
  });

  it('throws unavailable when the directory cannot be created', () => {
    const blocker = join(root, 'a-file');
    writeFileSync(blocker, '');
    assert.throws(() => SqliteStore.open(join(blocker, 'sub')), { name: 'EngineError' });
  });

  it('refuses a database written by a newer schema', () => {
    const dir = freshDir();
    const store = SqliteStore.open(dir);
    store.close();
    const db = new Database(store.path);
    db.pragma(`user_version = ${SCHEMA_VERSION + 1}`);
    db.close();
    assert.throws(() => SqliteStore.open(dir), /newer than/);
  });
});

describe('SqliteStore', () => {
  it('put() refuses undefined and bigint values with BugError', () => {
    const store = SqliteStore.open(freshDir());
    try {
      assert.throws(() => store.put('b', 'k', undefined), BugError);
      assert.throws(() => store.put('b', 'k', 1n), BugError);
    } finally {
      store.close();
    }
  });

  it('close() is idempotent', () => {
    const store = SqliteStore.open(freshDir());
    store.close();
    store.close();
  });
});
