/**
 * Persistence behind one small interface. The local implementation is SQLite on disk
 * (`sqlite-store.ts`); a global-scope implementation (etcd) can come behind the same shape.
 *
 * Values are JSON-serialisable objects stored under (bucket, key). Every call is synchronous:
 * better-sqlite3 is synchronous and a write is a few microseconds in WAL mode, and keeping the
 * store synchronous makes "read, decide, write" atomic on the daemon's single JS thread.
 */
export interface StoreEntry<T> {
  key: string;
  value: T;
}

export interface StoreReader {
  get<T>(bucket: string, key: string): T | undefined;
  /** All entries of a bucket, ordered by key. */
  list<T>(bucket: string): StoreEntry<T>[];
}

export interface StoreWriter extends StoreReader {
  put<T>(bucket: string, key: string, value: T): void;
  /** Idempotent: returns false when there was nothing to delete. */
  delete(bucket: string, key: string): boolean;
}

export interface Store extends StoreWriter {
  /** Runs `fn` in one transaction: all of its writes land, or none (when it throws). */
  transaction<R>(fn: (tx: StoreWriter) => R): R;
  close(): void;
}
