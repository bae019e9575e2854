/**
 * Docker's `filters` query parameter (`filters.Args`): parsing both wire forms, checking keys
 * against what an endpoint accepts, and the matchers Docker's endpoints use.
 */
import { invalid } from '../common/errors.js';

/** Parsed filters: key → values, in the order given. Absent keys filter nothing. */
export type Filters = ReadonlyMap<string, readonly string[]>;

const MALFORMED =
  'invalid filter: "filters" must be a JSON object like {"key":["value"]} or {"key":{"value":true}}';

function valuesOf(raw: unknown): string[] | undefined {
  if (Array.isArray(raw)) {
    return raw.every((v) => typeof v === 'string') ? (raw as string[]) : undefined;
  }
  if (typeof raw === 'object' && raw !== null) {
    // Docker's set form: the keys are the values; the booleans carry no meaning.
    const entries = Object.entries(raw);
    return entries.every(([, v]) => typeof v === 'boolean') ? entries.map(([k]) => k) : undefined;
  }
  return undefined;
}

/**
 * Parses the `filters` parameter. Accepts Docker's set form (`{"label":{"a=b":true}}`) and the
 * list form of pre-1.22 clients and of api-types' `FilterArgs` (`{"label":["a=b"]}`). Empty or absent
 * means no filters. Throws `invalid` for anything else.
 */
export function parseFilters(param: string | undefined): Filters {
  const filters = new Map<string, string[]>();
  if (param === undefined || param.trim() === '') return filters;
  let decoded: unknown;
  try {
    decoded = JSON.parse(param);
  } catch {
    throw invalid(MALFORMED, 'INVALID_FILTER');
  }
  if (decoded === null) return filters;
  if (typeof decoded !== 'object' || Array.isArray(decoded))
    throw invalid(MALFORMED, 'INVALID_FILTER');
  for (const [key, raw] of Object.entries(decoded)) {
    const values = valuesOf(raw);
    if (values === undefined) throw invalid(MALFORMED, 'INVALID_FILTER');
    filters.set(key, values);
  }
  return filters;
}

/** Throws `invalid filter 'key'` for the first key the endpoint does not know. */
export function checkFilterKeys(filters: Filters, accepted: readonly string[]): void {
  for (const key of filters.keys()) {
    if (!accepted.includes(key)) throw invalid(`invalid filter '${key}'`, 'INVALID_FILTER');
  }
}

/** The values given for `key`, or an empty list. */
export function filterValues(filters: Filters, key: string): readonly string[] {
  return filters.get(key) ?? [];
}

/**
 * Docker's `MatchKVList`: true when every value (`key` or `key=value`) is satisfied by `labels`,
 * or when no value is given for `filterKey`.
 */
export function matchLabels(
  filters: Filters,
  filterKey: string,
  labels: Record<string, string>,
): boolean {
  return filterValues(filters, filterKey).every((wanted) => {
    const eq = wanted.indexOf('=');
    const key = eq === -1 ? wanted : wanted.slice(0, eq);
    if (!Object.hasOwn(labels, key)) return false;
    return eq === -1 || labels[key] === wanted.slice(eq + 1);
  });
}

/** True when no value is given for `key` or one of them satisfies `test`. */
export function matchAny(filters: Filters, key: string, test: (value: string) => boolean): boolean {
  const values = filterValues(filters, key);
  return values.length === 0 || values.some(test);
}
