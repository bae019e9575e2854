/** Body schemas of `POST /networks/{id}/connect` and `/disconnect` (Docker API 1.41). */
import { BOOLEAN } from './primitives.js';
import { endpointSettingsSchema } from './endpoint-settings.js';

const CONTAINER = { type: 'string', minLength: 1, description: 'a non-empty string' } as const;

/** Route body schema for `POST /networks/{id}/connect`. */
export const networkConnectBodySchema = {
  type: 'object',
  description: 'a JSON object',
  required: ['Container'],
  properties: { Container: CONTAINER, EndpointConfig: endpointSettingsSchema },
} as const;

/** Route body schema for `POST /networks/{id}/disconnect`. */
export const networkDisconnectBodySchema = {
  type: 'object',
  description: 'a JSON object',
  required: ['Container'],
  properties: { Container: CONTAINER, Force: BOOLEAN },
} as const;
