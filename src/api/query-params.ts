/**
 * Reading query parameters the way Go's `r.Form.Get` does (first value wins), from fastify's
 * untyped query object, plus Go's `strconv.ParseBool` for boolean flags.
 */
import { invalid } from '../common/errors.js';

/** The first value of `name`, or undefined when absent. */
export function queryParam(query: unknown, name: string): string | undefined {
  if (typeof query !== 'object' || query === null) return undefined;
  const raw: unknown = (query as Record<string, unknown>)[name];
  const first: unknown = Array.isArray(raw) ? raw[0] : raw;
  return typeof first === 'string' ? first : undefined;
}

const TRUE = new Set(['1', 't', 'T', 'TRUE', 'true', 'True']);
const FALSE = new Set(['0', 'f', 'F', 'FALSE', 'false', 'False']);

/**
 * A boolean parameter: absent or empty is `false`; other values follow Go's ParseBool. Throws
 * `invalid` (400) `invalid value for <name>: <value>` otherwise, as Docker does.
 */
export function boolQueryParam(query: unknown, name: string): boolean {
  const value = queryParam(query, name);
  if (value === undefined || value === '') return false;
  if (TRUE.has(value)) return true;
  if (FALSE.has(value)) return false;
  throw invalid(`invalid value for ${name}: ${value}`, 'INVALID_PARAMETER');
}

/** Every value of `name` (Go's `r.Form[name]`), in order; empty when absent. */
export function queryParamList(query: unknown, name: string): string[] {
  if (typeof query !== 'object' || query === null) return [];
  const raw: unknown = (query as Record<string, unknown>)[name];
  const values: unknown[] = Array.isArray(raw) ? raw : raw === undefined ? [] : [raw];
  return values.filter((v): v is string => typeof v === 'string');
}

const GO_INT = /^[+-]?\d+$/;

/**
 * Go's `strconv.Atoi` on `value`, throwing `invalid` (400) with Go's own text
 * (`strconv.Atoi: parsing "x": invalid syntax`) as Docker's handlers pass it through.
 */
export function parseGoInt(value: string): number {
  if (!GO_INT.test(value)) {
    throw invalid(`strconv.Atoi: parsing "${value}": invalid syntax`, 'INVALID_PARAMETER');
  }
  const n = Number.parseInt(value, 10);
  if (!Number.isSafeInteger(n)) {
    throw invalid(`strconv.Atoi: parsing "${value}": value out of range`, 'INVALID_PARAMETER');
  }
  return n;
}

/** An integer parameter: undefined when absent or empty, else {@link parseGoInt}. */
export function intQueryParam(query: unknown, name: string): number | undefined {
  const value = queryParam(query, name);
  return value === undefined || value === '' ? undefined : parseGoInt(value);
}
