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
