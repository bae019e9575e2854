/**
 * Schema building blocks shared by the container, exec and network-connect body schemas. Each
 * `description` is the noun phrase of the 400 message (`must be <description>`), see
 * schema-errors.ts. `null` is accepted where Go clients encode a nil slice, map or pointer.
 */

/** A string. */
export const STRING = { type: 'string', description: 'a string' } as const;
/** A boolean. */
export const BOOLEAN = { type: 'boolean', description: 'a boolean' } as const;
/** A JSON integer (Go `int`). */
export const INTEGER = { type: 'integer', description: 'an integer' } as const;
/** Go `*int`: an integer or null. */
export const NULLABLE_INTEGER = {
  type: ['integer', 'null'],
  description: 'an integer or null',
} as const;
/** Go `[]string`, encoded `null` when nil. */
export const NULLABLE_STRING_ARRAY = {
  type: ['array', 'null'],
  items: STRING,
  description: 'an array of strings or null',
} as const;
/** Go `map[string]string`, encoded `null` when nil. */
export const NULLABLE_STRING_MAP = {
  type: ['object', 'null'],
  additionalProperties: STRING,
  description: 'an object of strings or null',
} as const;
