/**
 * `pouch network create` flags → the `POST /networks/create` body. Pure, so the mapping from
 * flags to Docker's wire fields is unit-tested without a daemon.
 */
import type { NetworkCreateRequest } from '../../../api-types/network.js';
import { invalid } from '../../../common/errors.js';
import { parseKeyValueList } from '../../key-value.js';
import { buildIpamConfigs } from './ipam-config.js';

/** The parsed flags of `network create`, as commander hands them over. */
export interface NetworkCreateOptions {
  /** The positional NAME, which wins over `--name`. */
  positionalName?: string;
  name?: string;
  driver?: string;
  gateway?: string[];
  ipRange?: string[];
  subnet?: string[];
  ipamDriver?: string;
  ipamOpt?: string[];
  auxAddress?: string[];
  enableIpv6?: boolean;
  internal?: boolean;
  option?: string[];
  label?: string[];
}

/**
 * Validates the flags and builds the request body.
 * @throws EngineError `invalid` (`network name cannot be empty`, `invalid key-value format: "x"`,
 * `no matching subnet for gateway X`, …).
 */
export function buildNetworkCreateRequest(opts: NetworkCreateOptions): NetworkCreateRequest {
  const name = opts.positionalName ?? opts.name ?? '';
  if (name === '') throw invalid('network name cannot be empty');
  const driver = opts.driver ?? 'bridge';
  if (driver === '') throw invalid('network driver cannot be empty');
  const config = buildIpamConfigs({
    subnets: opts.subnet ?? [],
    ipRanges: opts.ipRange ?? [],
    gateways: opts.gateway ?? [],
    auxAddresses: parseKeyValueList(opts.auxAddress ?? []),
  });
  return {
    Name: name,
    CheckDuplicate: true,
    Driver: driver,
    EnableIPv6: opts.enableIpv6 === true,
    IPAM: {
      Driver: opts.ipamDriver || 'default',
      Options: parseKeyValueList(opts.ipamOpt ?? []),
      Config: config,
    },
    Internal: opts.internal === true,
    Options: parseKeyValueList(opts.option ?? []),
    Labels: parseKeyValueList(opts.label ?? []),
  };
}
