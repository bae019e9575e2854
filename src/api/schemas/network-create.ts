/**
 * JSON schema of `POST /networks/create` (Docker's NetworkCreateRequest, API 1.41, plus Pouch's
 * `AuxAddress`). It checks the types of known fields only: unknown top-level fields are allowed
 * and ignored, as Docker's Go decoder ignores them. `null` is accepted exactly where Docker's
 * clients send it for unset maps and structs (Go encodes a nil map or pointer as `null`).
 *
 * Each `description` is the noun phrase used in the 400 message (`must be <description>`).
 */

const STRING = { type: 'string', description: 'a string' } as const;
const BOOLEAN = { type: 'boolean', description: 'a boolean' } as const;

const STRING_MAP = {
  type: 'object',
  additionalProperties: STRING,
  description: 'an object of strings',
} as const;

const NULLABLE_STRING_MAP = {
  type: ['object', 'null'],
  additionalProperties: STRING,
  description: 'an object of strings or null',
} as const;

const IPAM_CONFIG = {
  type: 'object',
  description: 'an object',
  properties: {
    Subnet: STRING,
    IPRange: STRING,
    Gateway: STRING,
    AuxiliaryAddresses: STRING_MAP,
    AuxAddress: STRING_MAP,
  },
} as const;

const IPAM = {
  type: ['object', 'null'],
  description: 'an object or null',
  properties: {
    Driver: STRING,
    Options: NULLABLE_STRING_MAP,
    Config: {
      type: ['array', 'null'],
      items: IPAM_CONFIG,
      description: 'an array of objects or null',
    },
  },
} as const;

/** Route body schema for `POST /networks/create`. */
export const networkCreateBodySchema = {
  type: 'object',
  description: 'a JSON object',
  required: ['Name'],
  properties: {
    Name: { type: 'string', minLength: 1, description: 'a non-empty string' },
    CheckDuplicate: BOOLEAN,
    Driver: STRING,
    Scope: STRING,
    EnableIPv6: BOOLEAN,
    IPAM,
    Internal: BOOLEAN,
    Attachable: BOOLEAN,
    Ingress: BOOLEAN,
    ConfigOnly: BOOLEAN,
    ConfigFrom: {
      type: ['object', 'null'],
      description: 'an object or null',
      properties: { Network: STRING },
    },
    Options: NULLABLE_STRING_MAP,
    Labels: NULLABLE_STRING_MAP,
  },
} as const;
