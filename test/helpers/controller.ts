/**
 * An in-process CNM controller whose "host" is a test namespace: the same code pouchd runs,
 * driven directly so endpoint and sandbox behaviour can be tested before containers exist.
 */
import { join } from 'node:path';
import { pino } from 'pino';
import { NetworkController } from '../../src/network/controller.js';
import { DefaultIpam } from '../../src/network/ipam/default-ipam.js';
import { createKernelHostOps } from '../../src/network/kernel-host-ops.js';
import { SqliteStore } from '../../src/store/sqlite-store.js';
import type { TestHost } from './test-host.js';

export interface TestController {
  controller: NetworkController;
  /**
   * Finishes the background link deletions, then closes sockets and the store, like a daemon
   * exiting; kernel objects stay.
   */
  close(): Promise<void>;
}

export function openController(host: TestHost): TestController {
  const store = new SqliteStore(join(host.dir, 'home', 'pouchd.db'));
  const ops = createKernelHostOps({ hostNetnsPath: host.path });
  try {
    const controller = new NetworkController({
      store,
      ipam: new DefaultIpam(store, {}),
      ops,
      logger: pino({ level: 'silent' }),
      execRoot: join(host.dir, 'run'),
      defaultBridge: { disabled: false, name: 'p0', bip: '192.168.5.1/24', mtu: 1500 },
    });
    return {
      controller,
      async close() {
        try {
          await ops.close();
        } finally {
          store.close();
        }
      },
    };
  } catch (err) {
    void ops.close();
    store.close();
    throw err;
  }
}
