import { invalid } from '../../common/errors.js';
import type { NetworkDriver } from '../driver.js';

/**
 * The `host` driver behind the predefined `host` network: endpoints share the daemon's own
 * namespace, so there is nothing to create or plug; the host sandbox is never deleted.
 */
export const hostDriver: NetworkDriver = {
  name: 'host',
  capabilities: { usesIpam: false, singleton: true, hostNamespace: true },
  validateOptions(options) {
    const keys = Object.keys(options).filter((k) => k !== 'persist' && k !== 'dynamic');
    if (keys.length > 0) throw invalid(`driver "host" takes no options: got "${keys[0]}"`);
  },
  prepareNetwork() {},
  createNetwork() {},
  deleteNetwork() {},
  join() {},
  leave() {},
};
