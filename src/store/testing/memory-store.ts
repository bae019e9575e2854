/**
 * In-memory `Store` for unit tests of anything that persists (IPAM, network and container
 * records). It mirrors SqliteStore's observable behaviour: values are kept as JSON text, so a
 * caller mutating an object after `put` or `get` never changes what is stored; `list` orders
 * keys as SQLite's BINARY collation does; `transaction` rolls back on throw and nests.
 *
 * The rollback snapshot is taken lazily: each write inside a transaction first records the value
 * it replaces (an undo log), so a transaction costs O(writes), not O(store size); a test that
 * leases 60,000 addresses one transaction at a time stays linear.
 */
import { BugError } from '../../common/errors.js';
import { encodeValue } from '../internal/encode-value.js';
import type { Store, StoreEntry, StoreWriter } from '../store.js';

type Buckets = Map<string, Map<string, string>>;

/** A value a write replaced: `previous` undefined means the key was absent. */
interface UndoEntry {
  bucket: string;
  key: string;
  previous: string | undefined;
}

/**
 * Orders strings by Unicode code point, which is the byte order of their UTF-8 encoding and so
 * SQLite's BINARY collation. Plain `<` compares UTF-16 code units and differs above U+FFFF.
 */
export function compareKeys(a: string, b: string): number {
  const x = Array.from(a);
  const y = Array.from(b);
  for (let i = 0; i < Math.min(x.length, y.length); i++) {
    const d = (x[i]?.codePointAt(0) ?? 0) - (y[i]?.codePointAt(0) ?? 0);
    if (d !== 0) return d;
  }
  return x.length - y.length;
}

/** A `Store` kept in memory; `close()` makes every later call throw, like a closed database. */
export class MemoryStore implements Store {
  private readonly buckets: Buckets = new Map();
  private closed = false;
  /** Set while a transaction runs; nested transactions share it and remember their start. */
  private undoLog: UndoEntry[] | undefined;

  get<T>(bucket: string, key: string): T | undefined {
    const text = this.open().get(bucket)?.get(key);
    return text === undefined ? undefined : (JSON.parse(text) as T);
  }

  list<T>(bucket: string): StoreEntry<T>[] {
    const entries = [...(this.open().get(bucket) ?? new Map<string, string>())];
    entries.sort(([a], [b]) => compareKeys(a, b));
    return entries.map(([key, text]) => ({ key, value: JSON.parse(text) as T }));
  }

  put<T>(bucket: string, key: string, value: T): void {
    const text = encodeValue(bucket, key, value);
    this.open();
    this.remember(bucket, key);
    this.write(bucket, key, text);
  }

  delete(bucket: string, key: string): boolean {
    if (this.open().get(bucket)?.has(key) !== true) return false;
    this.remember(bucket, key);
    this.write(bucket, key, undefined);
    return true;
  }

  /** Runs `fn`; when it throws, undoes every write `fn` made (in reverse) and rethrows. */
  transaction<R>(fn: (tx: StoreWriter) => R): R {
    this.open();
    const outermost = this.undoLog === undefined;
    const log = (this.undoLog ??= []);
    const mark = log.length;
    try {
      const result = fn(this);
      if (result instanceof Promise) {
        throw new BugError('Store transaction function returned a promise');
      }
      return result;
    } catch (err) {
      for (const entry of log.splice(mark).reverse()) {
        this.write(entry.bucket, entry.key, entry.previous);
      }
      throw err;
    } finally {
      if (outermost) this.undoLog = undefined;
    }
  }

  close(): void {
    this.closed = true;
  }

  private remember(bucket: string, key: string): void {
    this.undoLog?.push({ bucket, key, previous: this.buckets.get(bucket)?.get(key) });
  }

  private write(bucket: string, key: string, text: string | undefined): void {
    let entries = this.buckets.get(bucket);
    if (text === undefined) {
      entries?.delete(key);
      if (entries?.size === 0) this.buckets.delete(bucket);
      return;
    }
    if (entries === undefined) this.buckets.set(bucket, (entries = new Map()));
    entries.set(key, text);
  }

  private open(): Buckets {
    if (this.closed) throw new BugError('MemoryStore used after close()');
    return this.buckets;
  }
}
