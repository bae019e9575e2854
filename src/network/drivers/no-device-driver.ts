import { invalid } from '../../common/errors.js';
import type { NetworkDriver } from '../driver.js';

/** Pouch's special option keys, consumed by every driver. */
const GENERIC_KEYS = new Set(['persist', 'dynamic']);

/**
 * A driver whose endpoints are only records: nothing to create, plug or unplug. `host` shares the
 * daemon's namespace; `null` leaves the sandbox with nothing but `lo`.
 */
function noDeviceDriver(name: string, hostNamespace: boolean): NetworkDriver {
  return {
    name,
    capabilities: { usesIpam: false, singleton: true, hostNamespace },
    validateOptions(options) {
      const key = Object.keys(options).find((k) => !GENERIC_KEYS.has(k));
      if (key !== undefined) throw invalid(`driver "${name}" takes no options: got "${key}"`);
    },
    prepareNetwork() {},
    createNetwork() {},
    deleteNetwork() {},
    join() {},
    leave() {},
  };
}

/** The driver behind the predefined `host` network. */
export const hostDriver = noDeviceDriver('host', true);
/** The driver behind the predefined `none` network. */
export const nullDriver = noDeviceDriver('null', false);
