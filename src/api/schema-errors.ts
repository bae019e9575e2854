/**
 * Turns ajv's validation errors into one readable Docker-style 400 message such as
 * `invalid JSON: field "IPAM.Config[0].Subnet": must be a string`. It relies on ajv running
 * with `verbose: true` (so each error carries the schema it failed) and on every schema node
 * having a `description` noun phrase (see schemas/).
 */
import type { FastifySchemaValidationError } from 'fastify';
import { EngineError, invalid } from '../common/errors.js';

const IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_]*$/;

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** `/IPAM/Config/0/Subnet` → `IPAM.Config[0].Subnet` (JSON Pointer unescaped, RFC 6901). */
export function pointerToFieldPath(pointer: string): string {
  if (pointer === '') return '';
  return pointer
    .slice(1)
    .split('/')
    .map((raw) => raw.replaceAll('~1', '/').replaceAll('~0', '~'))
    .reduce((path, seg) => {
      if (/^\d+$/.test(seg)) return `${path}[${seg}]`;
      if (IDENTIFIER.test(seg)) return path === '' ? seg : `${path}.${seg}`;
      // Single quotes, since the whole path is shown inside double quotes.
      return `${path}['${seg.replaceAll("'", "\\'")}']`;
    }, '');
}

function describe(schema: unknown): string | undefined {
  return isRecord(schema) && typeof schema.description === 'string'
    ? schema.description
    : undefined;
}

/** The field an error is about and the schema that field must satisfy. */
function locate(error: FastifySchemaValidationError): { pointer: string; schema: unknown } {
  const verbose = error as FastifySchemaValidationError & { parentSchema?: unknown };
  const missing = error.params.missingProperty;
  if (error.keyword === 'required' && typeof missing === 'string') {
    const properties = isRecord(verbose.parentSchema) ? verbose.parentSchema.properties : undefined;
    const escaped = missing.replaceAll('~', '~0').replaceAll('/', '~1');
    return {
      pointer: `${error.instancePath}/${escaped}`,
      schema: isRecord(properties) ? properties[missing] : undefined,
    };
  }
  return { pointer: error.instancePath, schema: verbose.parentSchema };
}

/** Builds the 400 message for the first validation error. */
export function formatValidationError(error: FastifySchemaValidationError): string {
  const { pointer, schema } = locate(error);
  const expected = describe(schema);
  const rule = expected === undefined ? (error.message ?? 'is invalid') : `must be ${expected}`;
  if (pointer === '') return `invalid JSON: request body ${rule}`;
  return `invalid JSON: field "${pointerToFieldPath(pointer)}": ${rule}`;
}

/**
 * Fastify `schemaErrorFormatter`: returns an `invalid` EngineError so the one error mapping in
 * errors.ts answers 400. Only the first error is reported (ajv runs without `allErrors`).
 */
export function schemaErrorFormatter(errors: FastifySchemaValidationError[]): EngineError {
  const first = errors[0];
  if (first === undefined) return invalid('invalid JSON: request body is invalid', 'INVALID_JSON');
  return invalid(formatValidationError(first), 'INVALID_JSON');
}
