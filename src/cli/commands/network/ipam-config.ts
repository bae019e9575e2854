/**
 * Builds `IPAM.Config` from `--subnet`, `--ip-range`, `--gateway` and `--aux-address` the way
 * Docker's CLI does: one entry per subnet (one per address family, typically), and every range,
 * gateway and auxiliary address is attached to the subnet that contains it, so
 * `--subnet 10.1.0.0/16 --subnet fd00::/64 --gateway fd00::1 --gateway 10.1.0.1` pairs correctly
 * whatever the order. PouchContainer accepted one subnet only; that limit is not copied.
 */
import type { IpamConfigDto } from '../../../api-types/network.js';
import { cidrContains, cidrsOverlap, parseCidr, type Cidr } from '../../../common/cidr.js';
import { invalid } from '../../../common/errors.js';
import { tryParseIp } from '../../../common/ip-address.js';

export interface IpamFlags {
  subnets: readonly string[];
  ipRanges: readonly string[];
  gateways: readonly string[];
  /** Already split `name → address`. */
  auxAddresses: Readonly<Record<string, string>>;
}

interface Slot {
  cidr: Cidr;
  config: IpamConfigDto;
}

/**
 * Returns the IPAM configs, in `--subnet` order.
 * @throws EngineError `invalid` with Docker's messages (`no matching subnet for gateway X`, …).
 */
export function buildIpamConfigs(flags: IpamFlags): IpamConfigDto[] {
  const { subnets, ipRanges, gateways, auxAddresses } = flags;
  if (subnets.length < ipRanges.length || subnets.length < gateways.length) {
    throw invalid('every ip-range or gateway must have a corresponding subnet');
  }
  const slots = subnets.map((subnet) => ({ cidr: parseCidr(subnet), config: { Subnet: subnet } }));
  slots.forEach((slot, i) => {
    const overlap = slots.slice(0, i).some((other) => cidrsOverlap(other.cidr, slot.cidr));
    if (overlap) throw invalid('multiple overlapping subnet configuration is not supported');
  });
  for (const range of ipRanges) {
    const slot = matchingSlot(slots, parseCidr(range, { what: 'ip-range' }), `range ${range}`);
    if (slot.config.IPRange !== undefined) {
      throw invalid(
        `cannot configure multiple ranges (${range}, ${slot.config.IPRange}) on the same subnet (${slot.config.Subnet})`,
      );
    }
    slot.config.IPRange = range;
  }
  for (const gateway of gateways) {
    const slot = matchingSlot(slots, hostCidr(gateway, 'gateway'), `gateway ${gateway}`);
    if (slot.config.Gateway !== undefined) {
      throw invalid(
        `cannot configure multiple gateways (${gateway}, ${slot.config.Gateway}) for the same subnet (${slot.config.Subnet})`,
      );
    }
    slot.config.Gateway = gateway;
  }
  for (const [name, address] of Object.entries(auxAddresses)) {
    const slot = matchingSlot(slots, hostCidr(address, 'aux-address'), `aux-address ${address}`);
    slot.config.AuxiliaryAddresses = { ...slot.config.AuxiliaryAddresses, [name]: address };
  }
  return slots.map((slot) => slot.config);
}

/** An address as a one-address block, so ranges and addresses match the same way. */
function hostCidr(text: string, what: string): Cidr {
  const address = tryParseIp(text);
  if (address === undefined) throw invalid(`invalid ${what} "${text}"`);
  return {
    family: address.family,
    network: address.value,
    prefix: address.family === 4 ? 32 : 128,
  };
}

/** Docker's `subnetMatches`: the subnet containing the first address of `inner`. */
function matchingSlot(slots: Slot[], inner: Cidr, what: string): Slot {
  const first = { family: inner.family, value: inner.network };
  const slot = slots.find((s) => cidrContains(s.cidr, first));
  if (!slot) throw invalid(`no matching subnet for ${what}`);
  return slot;
}
