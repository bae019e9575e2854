import { invalid } from '../../../common/errors.js';
import { tryParseIp } from '../../../common/ip-address.js';

/** Driver option keys of the bridge driver (libnetwork's netlabel / bridge constants). */
export const BRIDGE_OPT = {
  NAME: 'com.docker.network.bridge.name',
  ENABLE_ICC: 'com.docker.network.bridge.enable_icc',
  ENABLE_IP_MASQUERADE: 'com.docker.network.bridge.enable_ip_masquerade',
  HOST_BINDING_IPV4: 'com.docker.network.bridge.host_binding_ipv4',
  DEFAULT_BRIDGE: 'com.docker.network.bridge.default_bridge',
  MTU: 'com.docker.network.driver.mtu',
  IFACE_PREFIX: 'com.docker.network.container_iface_prefix',
} as const;

/** The options as the bridge driver uses them, defaults applied. */
export interface BridgeOptions {
  bridgeName?: string;
  enableIcc: boolean;
  enableIpMasquerade: boolean;
  hostBindingIpv4: string;
  defaultBridge: boolean;
  mtu?: number;
  ifacePrefix: string;
}

// Linux interface names: 1–15 bytes, no '/', no whitespace, not '.' or '..' (dev_valid_name()).
const IFNAME = /^[A-Za-z0-9_.:-]{1,15}$/;

const parseBool = (key: string, value: string): boolean => {
  if (/^(1|t|true)$/i.test(value)) return true;
  if (/^(0|f|false)$/i.test(value)) return false;
  throw invalid(`invalid value "${value}" for option "${key}": must be true or false`);
};

const checkIfName = (key: string, value: string, maxLen = 15): string => {
  if (!IFNAME.test(value) || value === '.' || value === '..' || value.length > maxLen) {
    throw invalid(`invalid value "${value}" for option "${key}": not a valid interface name`);
  }
  return value;
};

/**
 * Parses and checks the bridge driver's options. Values of known keys are strict (a bad value is
 * a 400 and nothing is created); unknown keys are kept as Docker keeps them, since clients such as
 * compose pass options newer engines know.
 */
export function parseBridgeOptions(options: Record<string, string>): BridgeOptions {
  const get = (k: string): string | undefined => options[k];
  const name = get(BRIDGE_OPT.NAME);
  const mtuText = get(BRIDGE_OPT.MTU);
  let mtu: number | undefined;
  if (mtuText !== undefined && mtuText !== '') {
    mtu = Number(mtuText);
    if (!Number.isInteger(mtu) || mtu < 68 || mtu > 65535) {
      throw invalid(`invalid value "${mtuText}" for option "${BRIDGE_OPT.MTU}": must be 68–65535`);
    }
  }
  const hostIp = get(BRIDGE_OPT.HOST_BINDING_IPV4) ?? '0.0.0.0';
  if (tryParseIp(hostIp)?.family !== 4) {
    throw invalid(
      `invalid value "${hostIp}" for option "${BRIDGE_OPT.HOST_BINDING_IPV4}": not an IPv4 address`,
    );
  }
  const bool = (k: string, dflt: boolean): boolean => {
    const v = get(k);
    return v === undefined || v === '' ? dflt : parseBool(k, v);
  };
  return {
    bridgeName: name === undefined || name === '' ? undefined : checkIfName(BRIDGE_OPT.NAME, name),
    enableIcc: bool(BRIDGE_OPT.ENABLE_ICC, true),
    enableIpMasquerade: bool(BRIDGE_OPT.ENABLE_IP_MASQUERADE, true),
    hostBindingIpv4: hostIp,
    defaultBridge: bool(BRIDGE_OPT.DEFAULT_BRIDGE, false),
    mtu,
    // The index is appended, so leave room for up to 4 digits.
    ifacePrefix: checkIfName(BRIDGE_OPT.IFACE_PREFIX, get(BRIDGE_OPT.IFACE_PREFIX) || 'eth', 11),
  };
}
