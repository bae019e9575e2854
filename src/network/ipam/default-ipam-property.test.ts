import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { EngineError } from '../../common/errors.js';
import { MemoryStore } from '../../store/testing/memory-store.js';
import { DefaultIpam } from './default-ipam.js';

/** mulberry32: a tiny seeded PRNG, so a failing sequence can be replayed from its seed. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

interface PoolModel {
  id: string;
  /** Text of host number n inside the subnet. */
  at(n: number): string;
  hosts: number;
  /** Host numbers serial allocation may return. */
  range: [number, number];
  reserved: Set<string>;
  held: Set<string>;
}

function kindOf(fn: () => unknown): string {
  try {
    fn();
    return 'ok';
  } catch (err) {
    if (err instanceof EngineError) return err.kind;
    throw err;
  }
}

/** One random step against the IPAM and the model; returns the IPAM to use next (restarts). */
function step(
  ipam: DefaultIpam,
  store: MemoryStore,
  pool: PoolModel,
  rand: () => number,
): DefaultIpam {
  const r = rand();
  const randomHeld = () => [...pool.held][Math.floor(rand() * pool.held.size)];
  if (r < 0.5) {
    const capacity = pool.range[1] - pool.range[0] + 1;
    let inRange = 0;
    for (let n = pool.range[0]; n <= pool.range[1]; n++) {
      if (pool.held.has(pool.at(n)) || pool.reserved.has(pool.at(n))) inRange++;
    }
    let address: string | undefined;
    const kind = kindOf(() => (address = ipam.requestAddress(pool.id)));
    if (kind === 'unavailable') {
      assert.equal(inRange, capacity, 'unavailable only when the range is full');
      return ipam;
    }
    assert.equal(kind, 'ok');
    assert.ok(address !== undefined);
    assert.equal(pool.held.has(address), false, `${address} handed out twice`);
    assert.equal(pool.reserved.has(address), false, `${address} is reserved`);
    pool.held.add(address);
  } else if (r < 0.6) {
    const address = pool.at(Math.floor(rand() * pool.hosts));
    const expected = pool.held.has(address) || pool.reserved.has(address) ? 'conflict' : 'ok';
    assert.equal(
      kindOf(() => ipam.requestAddress(pool.id, address)),
      expected,
      address,
    );
    if (expected === 'ok') pool.held.add(address);
  } else if (r < 0.9) {
    const address = randomHeld();
    if (address !== undefined) ipam.releaseAddress(pool.id, address);
    if (address !== undefined) pool.held.delete(address);
  } else if (r < 0.95) {
    const address = pool.at(Math.floor(rand() * pool.hosts));
    if (!pool.reserved.has(address)) {
      ipam.releaseAddress(pool.id, address);
      pool.held.delete(address);
    }
  } else if (r < 0.98) {
    return new DefaultIpam(store);
  } else {
    const address = randomHeld();
    assert.throws(() =>
      store.transaction(() => {
        if (rand() < 0.5 && address !== undefined) ipam.releaseAddress(pool.id, address);
        else kindOf(() => ipam.requestAddress(pool.id));
        throw new Error('rollback');
      }),
    );
  }
  return ipam;
}

function checkAgainstStore(ipam: DefaultIpam, pool: PoolModel): void {
  for (let n = 0; n < pool.hosts; n++) {
    const address = pool.at(n);
    const expected = pool.held.has(address) || pool.reserved.has(address);
    assert.equal(ipam.isAllocated(pool.id, address), expected, address);
  }
}

describe('DefaultIpam under random allocate/release sequences', () => {
  for (const seed of [1, 2, 3, 42, 1234, 99991]) {
    it(`requestAddress() never duplicates a lease (seed ${seed})`, () => {
      const rand = prng(seed);
      const store = new MemoryStore();
      let ipam = new DefaultIpam(store);
      const p4 = ipam.requestPool({ family: 4, subnet: '10.0.0.0/26', ipRange: '10.0.0.16/28' });
      const p6 = ipam.requestPool({ family: 6, subnet: 'fd00::/122' });
      const pools: PoolModel[] = [
        {
          id: p4.id,
          at: (n) => `10.0.0.${n}`,
          hosts: 64,
          range: [16, 31],
          reserved: new Set(['10.0.0.0', '10.0.0.1', '10.0.0.63']),
          held: new Set(),
        },
        {
          id: p6.id,
          at: (n) => (n === 0 ? 'fd00::' : `fd00::${n.toString(16)}`),
          hosts: 64,
          range: [0, 63],
          reserved: new Set(['fd00::', 'fd00::1']),
          held: new Set(),
        },
      ];
      for (let i = 0; i < 3000; i++) {
        const pool = pools[i % 2];
        assert.ok(pool);
        ipam = step(ipam, store, pool, rand);
      }
      for (const pool of pools) checkAgainstStore(ipam, pool);
    });
  }
});

describe('DefaultIpam at scale', () => {
  it('requestAddress() leases 60000 distinct addresses of a /16 serially', () => {
    const ipam = new DefaultIpam(new MemoryStore());
    const { id } = ipam.requestPool({ family: 4, subnet: '10.20.0.0/16' });
    const seen = new Set<string>();
    for (let i = 0; i < 60000; i++) seen.add(ipam.requestAddress(id));
    assert.equal(seen.size, 60000);
    assert.equal(seen.has('10.20.0.1'), false);
    assert.equal(seen.has('10.20.0.2'), true);
    ipam.releaseAddress(id, '10.20.0.2');
    const next = ipam.requestAddress(id);
    assert.equal(seen.has(next), false, 'continues after the cursor, not at the released address');
  });

  it('requestAddress() in an IPv6 /64 with many leases stays serial and sparse', () => {
    const ipam = new DefaultIpam(new MemoryStore());
    const { id } = ipam.requestPool({ family: 6, subnet: 'fd00:9::/64' });
    ipam.requestAddress(id, 'fd00:9::ffff:ffff:ffff:fffe');
    let last = '';
    for (let i = 0; i < 5000; i++) last = ipam.requestAddress(id);
    assert.equal(last, 'fd00:9::1389');
  });
});
