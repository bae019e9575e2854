/**
 * `--filter k=v` flags → the `filters` query parameter of list and prune endpoints. Sent in the
 * list form (`{"driver":["bridge"]}`), which pouchd accepts alongside Docker's set form
 * (see api-types/filters.ts).
 */
import type { FilterArgs } from '../api-types/filters.js';
import { parseKeyValue } from './key-value.js';

/** Groups repeated keys (`-f name=a -f name=b` → `{"name":["a","b"]}`). */
export function buildFilterArgs(items: readonly string[]): FilterArgs {
  const args: FilterArgs = {};
  for (const item of items) {
    const [key, value] = parseKeyValue(item);
    (args[key] ??= []).push(value);
  }
  return args;
}

/** The encoded query value, or `undefined` when no filter was given (the parameter is omitted). */
export function encodeFilters(items: readonly string[]): string | undefined {
  return items.length === 0 ? undefined : JSON.stringify(buildFilterArgs(items));
}
