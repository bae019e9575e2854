/**
 * Schema of Docker's `EndpointSettings` as clients send it (`NetworkingConfig.EndpointsConfig`
 * values on create, `EndpointConfig` on connect). Clients built on Docker's Go types also send
 * the read-only fields (`NetworkID`, `IPAddress`, …) with zero values, so those are typed too.
 */
import { INTEGER, NULLABLE_STRING_ARRAY, NULLABLE_STRING_MAP, STRING } from './primitives.js';

const IPAM_CONFIG = {
  type: ['object', 'null'],
  description: 'an object or null',
  properties: {
    IPv4Address: STRING,
    IPv6Address: STRING,
    LinkLocalIPs: NULLABLE_STRING_ARRAY,
  },
} as const;

/** `EndpointSettings`, or null. */
export const endpointSettingsSchema = {
  type: ['object', 'null'],
  description: 'an object or null',
  properties: {
    IPAMConfig: IPAM_CONFIG,
    Links: NULLABLE_STRING_ARRAY,
    Aliases: NULLABLE_STRING_ARRAY,
    MacAddress: STRING,
    DriverOpts: NULLABLE_STRING_MAP,
    NetworkID: STRING,
    EndpointID: STRING,
    Gateway: STRING,
    IPAddress: STRING,
    IPPrefixLen: INTEGER,
    IPv6Gateway: STRING,
    GlobalIPv6Address: STRING,
    GlobalIPv6PrefixLen: INTEGER,
  },
} as const;
