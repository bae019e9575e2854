/**
 * `k=v` flag values (`--label`, `--option`, `--ipam-opt`, `--aux-address`, `--filter`).
 * Split on the first `=` only, as Docker does, so `-o com.example.cmd=a=b` keeps `a=b` as the
 * value (PouchContainer rejected such values; that quirk is not copied).
 */
import { invalid } from '../common/errors.js';

/**
 * Splits `item` at its first `=`.
 * @throws EngineError `invalid` with `invalid key-value format: "<item>"` when there is no `=`
 * or the key is empty.
 */
export function parseKeyValue(item: string): [key: string, value: string] {
  const eq = item.indexOf('=');
  if (eq <= 0) throw invalid(`invalid key-value format: ${JSON.stringify(item)}`);
  return [item.slice(0, eq), item.slice(eq + 1)];
}

/** Parses every item into one map; a later duplicate key wins, as with Docker's flags. */
export function parseKeyValueList(items: readonly string[]): Record<string, string> {
  const map: Record<string, string> = {};
  for (const item of items) {
    const [key, value] = parseKeyValue(item);
    map[key] = value;
  }
  return map;
}

/** Commander argument parser for repeatable flags: appends each occurrence. */
export function collect(value: string, previous: string[] = []): string[] {
  return [...previous, value];
}
