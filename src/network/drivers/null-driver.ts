import { invalid } from '../../common/errors.js';
import type { NetworkDriver } from '../driver.js';

/**
 * The `null` driver behind the predefined `none` network: an endpoint is only a record, so the
 * container's sandbox keeps nothing but `lo`.
 */
export const nullDriver: NetworkDriver = {
  name: 'null',
  capabilities: { usesIpam: false, singleton: true, hostNamespace: false },
  validateOptions(options) {
    const keys = Object.keys(options).filter((k) => k !== 'persist' && k !== 'dynamic');
    if (keys.length > 0) throw invalid(`driver "null" takes no options: got "${keys[0]}"`);
  },
  prepareNetwork() {},
  createNetwork() {},
  deleteNetwork() {},
  join() {},
  leave() {},
};
