import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { EngineError } from '../../common/errors.js';
import { SqliteStore } from '../../store/sqlite-store.js';
import type { Store } from '../../store/store.js';
import { MemoryStore } from '../../store/testing/memory-store.js';
import { DefaultIpam } from './default-ipam.js';

const root = mkdtempSync(join(tmpdir(), 'ipam-test-'));
after(() => rmSync(root, { recursive: true, force: true }));
let dirs = 0;
const freshDir = (): string => join(root, `db-${++dirs}`);
const rollback = new Error('caller rolled back');

/** Runs `fn` in a store transaction that the caller then rolls back. */
function inRolledBackTransaction(store: Store, fn: () => void): void {
  assert.throws(
    () =>
      store.transaction(() => {
        fn();
        throw rollback;
      }),
    rollback,
  );
}

/** A Store whose `put` fails after `budget` successful puts, like a disk filling up mid-call. */
class FailingStore extends MemoryStore {
  budget = Infinity;
  override put<T>(bucket: string, key: string, value: T): void {
    if (this.budget-- <= 0) throw new Error('disk full');
    super.put(bucket, key, value);
  }
}

describe('DefaultIpam persistence', () => {
  it('requestAddress() never returns the same address twice across restarts', () => {
    const dir = freshDir();
    let store = SqliteStore.open(dir);
    let ipam = new DefaultIpam(store);
    const { id } = ipam.requestPool({ family: 4, subnet: '10.7.0.0/28' });
    const held = new Set([
      ipam.requestAddress(id),
      ipam.requestAddress(id),
      ipam.requestAddress(id),
    ]);
    ipam.releaseAddress(id, '10.7.0.3');
    held.delete('10.7.0.3');
    store.close();

    store = SqliteStore.open(dir);
    ipam = new DefaultIpam(store);
    try {
      assert.equal(ipam.requestAddress(id), '10.7.0.5', 'the cursor survives the restart');
      held.add('10.7.0.5');
      for (;;) {
        let address: string;
        try {
          address = ipam.requestAddress(id);
        } catch (err) {
          assert.ok(err instanceof EngineError && err.kind === 'unavailable');
          break;
        }
        assert.equal(held.has(address), false, `${address} handed out twice`);
        held.add(address);
      }
      assert.equal(held.size, 13, 'a /28 has 13 addresses besides network, broadcast and gateway');
    } finally {
      store.close();
    }
  });

  it('pools, gateways and auxiliary addresses survive a restart and still block overlaps', () => {
    const dir = freshDir();
    let store = SqliteStore.open(dir);
    const before = new DefaultIpam(store).requestPool({
      family: 4,
      subnet: '10.8.0.0/24',
      ipRange: '10.8.0.128/25',
      auxAddresses: { dns: '10.8.0.53' },
      options: { k: 'v' },
    });
    const auto = new DefaultIpam(store).requestPool({ family: 6 });
    store.close();
    store = SqliteStore.open(dir);
    try {
      const ipam = new DefaultIpam(store);
      assert.deepEqual(ipam.findPool(before.id), before);
      assert.deepEqual(ipam.listPools(), [before, auto]);
      assert.equal(ipam.isAllocated(before.id, '10.8.0.53'), true);
      assert.throws(() => ipam.requestPool({ family: 4, subnet: '10.8.0.0/16' }), {
        code: 'POOL_OVERLAP',
      });
      assert.equal(ipam.requestPool({ family: 6 }).subnet, 'fd4b:7e2c:9a10:1::/64');
    } finally {
      store.close();
    }
  });
});

describe('DefaultIpam atomicity', () => {
  it('requestPool() leaves nothing behind when the store fails midway', () => {
    const store = new FailingStore();
    const ipam = new DefaultIpam(store);
    store.budget = 2;
    assert.throws(() => ipam.requestPool({ family: 4, subnet: '10.0.0.0/24' }), /disk full/);
    store.budget = Infinity;
    assert.deepEqual(ipam.listPools(), []);
    assert.deepEqual(store.list('ipam/leases/LocalDefault/10.0.0.0/24'), []);
    assert.equal(ipam.requestPool({ family: 4, subnet: '10.0.0.0/24' }).gateway, '10.0.0.1');
  });

  it('requestAddress() neither leases nor moves the cursor when the store fails midway', () => {
    const store = new FailingStore();
    const ipam = new DefaultIpam(store);
    const { id } = ipam.requestPool({ family: 4, subnet: '10.0.0.0/24' });
    store.budget = 1;
    assert.throws(() => ipam.requestAddress(id), /disk full/);
    store.budget = Infinity;
    assert.equal(ipam.isAllocated(id, '10.0.0.2'), false);
    assert.equal(ipam.requestAddress(id), '10.0.0.2');
  });
});

describe("DefaultIpam inside a caller's transaction that rolls back", () => {
  it('requestAddress() does not hand out an address whose release was rolled back', () => {
    const store = new MemoryStore();
    const ipam = new DefaultIpam(store);
    const { id } = ipam.requestPool({ family: 4, subnet: '10.0.0.0/29' });
    for (let i = 0; i < 5; i++) ipam.requestAddress(id);
    inRolledBackTransaction(store, () => ipam.releaseAddress(id, '10.0.0.4'));
    assert.equal(ipam.isAllocated(id, '10.0.0.4'), true);
    assert.throws(() => ipam.requestAddress(id), { code: 'NO_AVAILABLE_IPS' });
    assert.throws(() => ipam.requestAddress(id, '10.0.0.4'), { code: 'ADDRESS_IN_USE' });
  });

  it('a rolled-back lease is free again once the pool looks full', () => {
    const store = new MemoryStore();
    const ipam = new DefaultIpam(store);
    const { id } = ipam.requestPool({ family: 4, subnet: '10.0.0.0/29' });
    inRolledBackTransaction(store, () => ipam.requestAddress(id));
    assert.equal(ipam.isAllocated(id, '10.0.0.2'), false);
    const got = Array.from({ length: 5 }, () => ipam.requestAddress(id));
    assert.deepEqual(got.sort(), ['10.0.0.2', '10.0.0.3', '10.0.0.4', '10.0.0.5', '10.0.0.6']);
    assert.throws(() => ipam.requestAddress(id), { code: 'NO_AVAILABLE_IPS' });
  });

  it('a rolled-back requestPool() leaves no pool and a rolled-back releasePool() keeps it', () => {
    const store = new MemoryStore();
    const ipam = new DefaultIpam(store);
    inRolledBackTransaction(store, () => ipam.requestPool({ family: 4, subnet: '10.0.0.0/24' }));
    assert.deepEqual(ipam.listPools(), []);
    const pool = ipam.requestPool({ family: 4, subnet: '10.0.0.0/24' });
    const address = ipam.requestAddress(pool.id);
    inRolledBackTransaction(store, () => ipam.releasePool(pool.id));
    assert.deepEqual(ipam.findPool(pool.id), pool);
    assert.throws(() => ipam.requestPool({ family: 4, subnet: '10.0.0.0/25' }), {
      code: 'POOL_OVERLAP',
    });
    assert.notEqual(ipam.requestAddress(pool.id), address);
  });
});
