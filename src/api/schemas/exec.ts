/** Body schemas of `POST /containers/{id}/exec` and `POST /exec/{id}/start` (Docker API 1.41). */
import { BOOLEAN, NULLABLE_STRING_ARRAY, STRING } from './primitives.js';

/** Route body schema for `POST /containers/{id}/exec`: `Cmd` is required and non-empty. */
export const execCreateBodySchema = {
  type: 'object',
  description: 'a JSON object',
  required: ['Cmd'],
  properties: {
    AttachStdin: BOOLEAN,
    AttachStdout: BOOLEAN,
    AttachStderr: BOOLEAN,
    DetachKeys: STRING,
    Tty: BOOLEAN,
    Env: NULLABLE_STRING_ARRAY,
    Cmd: {
      type: 'array',
      items: STRING,
      minItems: 1,
      description: 'a non-empty array of strings',
    },
    Privileged: BOOLEAN,
    User: STRING,
    WorkingDir: STRING,
  },
} as const;

/** Route body schema for `POST /exec/{id}/start`; the body itself may be absent. */
export const execStartBodySchema = {
  type: ['object', 'null'],
  description: 'a JSON object',
  properties: {
    Detach: BOOLEAN,
    Tty: BOOLEAN,
    ConsoleSize: {
      type: ['array', 'null'],
      items: { type: 'integer', minimum: 0, description: 'a non-negative integer' },
      minItems: 2,
      maxItems: 2,
      description: 'an array of two integers or null',
    },
  },
} as const;
