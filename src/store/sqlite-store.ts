/**
 * `Store` on one SQLite file through better-sqlite3 (synchronous, so "read, decide, write" is
 * atomic on the daemon's JS thread; see `store.ts`).
 *
 * Layout: a single key-value table, `(bucket, key) → JSON text`, WITHOUT ROWID so rows are stored
 * in primary-key order and `list(bucket)` is one index range scan already sorted by key. Schema
 * changes are migrations keyed by `PRAGMA user_version` (see `MIGRATIONS`).
 *
 * Durability: WAL journal with `synchronous = NORMAL`. In WAL mode NORMAL never corrupts the
 * database and loses nothing when the daemon crashes; only a power loss or kernel panic can roll
 * back the last few commits, because commits skip fsync and the WAL is synced at checkpoints.
 * That trade is safe for an engine's state: a power loss also kills every container and network
 * namespace, so a lost lease or record can only describe something that no longer exists, and
 * FULL would cost an fsync (milliseconds) on every `docker run`.
 */
import { chmodSync, closeSync, mkdirSync, openSync } from 'node:fs';
import { dirname, join } from 'node:path';
import Database from 'better-sqlite3';
import { EngineError } from '../common/errors.js';
import { encodeValue } from './internal/encode-value.js';
import type { Store, StoreEntry, StoreWriter } from './store.js';

/** Options for `SqliteStore.open`. */
export interface SqliteStoreOptions {
  /** Database file name inside the directory. @default 'pouchd.db' */
  fileName?: string;
}

/**
 * Schema migrations: entry `i` upgrades a database from `user_version` i to i + 1. Append only;
 * never edit a released entry, since databases in the field have already run it.
 */
const MIGRATIONS: readonly string[] = [
  `CREATE TABLE kv (
     bucket TEXT NOT NULL,
     key    TEXT NOT NULL,
     value  TEXT NOT NULL,
     PRIMARY KEY (bucket, key)
   ) WITHOUT ROWID`,
];

/** The schema version this build writes; a newer database is refused rather than misread. */
export const SCHEMA_VERSION = MIGRATIONS.length;

interface Row {
  key: string;
  value: string;
}

/** Creates (if needed) the store's directory and file, readable by the owner only. */
function createPrivateFile(file: string): void {
  mkdirSync(dirname(file), { recursive: true, mode: 0o700 });
  closeSync(openSync(file, 'a', 0o600));
  // The file may predate us with wider permissions; it holds every network's configuration.
  chmodSync(file, 0o600);
}

function migrate(db: Database.Database): void {
  const version = db.pragma('user_version', { simple: true });
  if (typeof version !== 'number' || version > SCHEMA_VERSION) {
    throw new Error(
      `schema version ${String(version)} is newer than this build's ${SCHEMA_VERSION}`,
    );
  }
  db.transaction(() => {
    for (let v = version; v < SCHEMA_VERSION; v++) {
      db.exec(MIGRATIONS[v] ?? '');
      db.pragma(`user_version = ${v + 1}`);
    }
  }).immediate();
}

/**
 * Opens the database file, creating it and its directory if needed, and migrates it.
 * @throws EngineError `unavailable` naming the file when it cannot be created, opened or migrated.
 */
function openDatabase(file: string): Database.Database {
  let db: Database.Database | undefined;
  try {
    createPrivateFile(file);
    db = new Database(file, { fileMustExist: true });
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = NORMAL');
    // Another process (a second daemon, the sqlite3 CLI) holding the lock: wait, then fail.
    db.pragma('busy_timeout = 5000');
    migrate(db);
    return db;
  } catch (err) {
    db?.close();
    const detail = err instanceof Error ? err.message : String(err);
    throw new EngineError('unavailable', `Cannot open store "${file}": ${detail}`, {
      code: 'STORE_UNAVAILABLE',
      cause: err,
    });
  }
}

/** The SQLite implementation of `Store`. */
export class SqliteStore implements Store {
  /** The database file. */
  readonly path: string;
  private readonly db: Database.Database;
  private readonly getStmt: Database.Statement<[string, string], Row>;
  private readonly listStmt: Database.Statement<[string], Row>;
  private readonly putStmt: Database.Statement<[string, string, string]>;
  private readonly deleteStmt: Database.Statement<[string, string]>;

  /**
   * Opens the database `file` (created with mode 0600, its directory with mode 0700), enables
   * WAL and runs pending migrations. Synchronous because it runs once at daemon start-up.
   * @throws EngineError `unavailable` naming the file when it cannot be created, opened or migrated.
   */
  constructor(file: string) {
    this.path = file;
    this.db = openDatabase(file);
    // Prepared once: preparing parses and plans SQL, which costs more than running it.
    this.getStmt = this.db.prepare('SELECT key, value FROM kv WHERE bucket = ? AND key = ?');
    this.listStmt = this.db.prepare('SELECT key, value FROM kv WHERE bucket = ? ORDER BY key');
    this.putStmt = this.db.prepare(
      'INSERT INTO kv (bucket, key, value) VALUES (?, ?, ?) ' +
        'ON CONFLICT (bucket, key) DO UPDATE SET value = excluded.value',
    );
    this.deleteStmt = this.db.prepare('DELETE FROM kv WHERE bucket = ? AND key = ?');
  }

  /** Opens the store file `options.fileName` (default `pouchd.db`) in directory `dir`. */
  static open(dir: string, options: SqliteStoreOptions = {}): SqliteStore {
    return new SqliteStore(join(dir, options.fileName ?? 'pouchd.db'));
  }

  get<T>(bucket: string, key: string): T | undefined {
    const row = this.getStmt.get(bucket, key);
    return row === undefined ? undefined : (JSON.parse(row.value) as T);
  }

  list<T>(bucket: string): StoreEntry<T>[] {
    return this.listStmt
      .all(bucket)
      .map((row) => ({ key: row.key, value: JSON.parse(row.value) as T }));
  }

  put<T>(bucket: string, key: string, value: T): void {
    this.putStmt.run(bucket, key, encodeValue(bucket, key, value));
  }

  delete(bucket: string, key: string): boolean {
    return this.deleteStmt.run(bucket, key).changes > 0;
  }

  /**
   * better-sqlite3's transaction: BEGIN/COMMIT, or a SAVEPOINT when nested, rolled back when `fn`
   * throws. `fn` must be synchronous; better-sqlite3 rejects a function returning a promise.
   */
  transaction<R>(fn: (tx: StoreWriter) => R): R {
    return this.db.transaction(() => fn(this))();
  }

  /** Idempotent. Checkpoints the WAL into the main file as SQLite does on the last close. */
  close(): void {
    if (this.db.open) this.db.close();
  }
}
