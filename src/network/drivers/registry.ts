import { EngineError } from '../../common/errors.js';
import type { NetworkDriver } from '../driver.js';
import { bridgeDriver } from './bridge/bridge-driver.js';
import { hostDriver, nullDriver } from './no-device-driver.js';

/** Drivers by name: the one place a driver is registered. */
const DRIVERS = new Map<string, NetworkDriver>(
  [bridgeDriver, hostDriver, nullDriver].map((d) => [d.name, d]),
);

/** The driver called `name`; Docker answers 404 `plugin "x" not found` for an unknown one. */
export function getDriver(name: string): NetworkDriver {
  const driver = DRIVERS.get(name);
  if (driver === undefined) {
    throw new EngineError('not_found', `plugin "${name}" not found`, { code: 'DRIVER_NOT_FOUND' });
  }
  return driver;
}
