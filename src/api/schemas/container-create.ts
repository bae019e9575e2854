/**
 * JSON schema of `POST /containers/create` (Docker's `ContainerConfig` at the top level plus
 * `HostConfig` and `NetworkingConfig`, API 1.41, plus Pouch's `DisableNetworkFiles`). Only the
 * types of known fields are checked: unknown fields are allowed and ignored, as Docker's Go
 * decoder ignores them, and values are checked by the container manager.
 */
import { endpointSettingsSchema } from './endpoint-settings.js';
import {
  BOOLEAN,
  INTEGER,
  NULLABLE_INTEGER,
  NULLABLE_STRING_ARRAY,
  NULLABLE_STRING_MAP,
  STRING,
} from './primitives.js';

const EMPTY_OBJECT = { type: 'object', description: 'an object' } as const;

const PORT_SET = {
  type: ['object', 'null'],
  additionalProperties: EMPTY_OBJECT,
  description: 'an object of objects or null',
} as const;

const PORT_BINDING = {
  type: 'object',
  description: 'an object',
  properties: { HostIp: STRING, HostPort: STRING },
} as const;

const PORT_MAP = {
  type: ['object', 'null'],
  additionalProperties: {
    type: ['array', 'null'],
    items: PORT_BINDING,
    description: 'an array of port bindings or null',
  },
  description: 'an object of port binding arrays or null',
} as const;

const RESTART_POLICY = {
  type: ['object', 'null'],
  description: 'an object or null',
  properties: {
    Name: {
      type: 'string',
      enum: ['', 'no', 'always', 'unless-stopped', 'on-failure'],
      description: 'one of "", "no", "always", "unless-stopped", "on-failure"',
    },
    MaximumRetryCount: INTEGER,
  },
} as const;

const HOST_CONFIG = {
  type: ['object', 'null'],
  description: 'an object or null',
  properties: {
    NetworkMode: STRING,
    PortBindings: PORT_MAP,
    PublishAllPorts: BOOLEAN,
    Dns: NULLABLE_STRING_ARRAY,
    DnsOptions: NULLABLE_STRING_ARRAY,
    DnsSearch: NULLABLE_STRING_ARRAY,
    ExtraHosts: NULLABLE_STRING_ARRAY,
    Links: NULLABLE_STRING_ARRAY,
    Sysctls: NULLABLE_STRING_MAP,
    AutoRemove: BOOLEAN,
    RestartPolicy: RESTART_POLICY,
    Binds: NULLABLE_STRING_ARRAY,
  },
} as const;

const NETWORKING_CONFIG = {
  type: ['object', 'null'],
  description: 'an object or null',
  properties: {
    EndpointsConfig: {
      type: ['object', 'null'],
      additionalProperties: endpointSettingsSchema,
      description: 'an object of endpoint settings or null',
    },
  },
} as const;

/** Route body schema for `POST /containers/create`. */
export const containerCreateBodySchema = {
  type: 'object',
  description: 'a JSON object',
  properties: {
    Hostname: STRING,
    Domainname: STRING,
    User: STRING,
    AttachStdin: BOOLEAN,
    AttachStdout: BOOLEAN,
    AttachStderr: BOOLEAN,
    ExposedPorts: PORT_SET,
    Tty: BOOLEAN,
    OpenStdin: BOOLEAN,
    StdinOnce: BOOLEAN,
    Env: NULLABLE_STRING_ARRAY,
    Cmd: NULLABLE_STRING_ARRAY,
    Entrypoint: NULLABLE_STRING_ARRAY,
    Image: STRING,
    WorkingDir: STRING,
    Labels: NULLABLE_STRING_MAP,
    MacAddress: STRING,
    NetworkDisabled: BOOLEAN,
    StopSignal: STRING,
    StopTimeout: NULLABLE_INTEGER,
    DisableNetworkFiles: BOOLEAN,
    HostConfig: HOST_CONFIG,
    NetworkingConfig: NETWORKING_CONFIG,
  },
} as const;
