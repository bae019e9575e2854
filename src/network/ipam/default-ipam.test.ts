import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { EngineError, type ErrorKind } from '../../common/errors.js';
import { MemoryStore } from '../../store/testing/memory-store.js';
import { DefaultIpam } from './default-ipam.js';
import type { PoolRequest } from './ipam.js';

const fresh = () => new DefaultIpam(new MemoryStore());
const v4 = (extra: Partial<PoolRequest> = {}): PoolRequest => ({ family: 4, ...extra });

/** Asserts an EngineError of `kind` whose message contains every fragment. */
function fails(fn: () => unknown, kind: ErrorKind, ...fragments: string[]): void {
  assert.throws(fn, (err: unknown) => {
    assert.ok(err instanceof EngineError, `expected EngineError, got ${String(err)}`);
    assert.equal(err.kind, kind, err.message);
    for (const f of fragments) assert.ok(err.message.includes(f), `"${err.message}" lacks "${f}"`);
    return true;
  });
}

describe('requestPool() with a user subnet', () => {
  it('defaults the gateway to the first usable address and reserves network, broadcast and gateway', () => {
    const ipam = fresh();
    const pool = ipam.requestPool(v4({ subnet: '10.0.0.0/24', options: { a: 'b' } }));
    assert.deepEqual(pool, {
      id: 'LocalDefault/10.0.0.0/24',
      family: 4,
      subnet: '10.0.0.0/24',
      gateway: '10.0.0.1',
      auxAddresses: {},
      options: { a: 'b' },
      userConfigured: true,
    });
    for (const a of ['10.0.0.0', '10.0.0.1', '10.0.0.255'])
      assert.equal(ipam.isAllocated(pool.id, a), true, a);
    assert.equal(ipam.isAllocated(pool.id, '10.0.0.2'), false);
  });

  it('masks host bits of the subnet but keeps the given gateway', () => {
    const pool = fresh().requestPool(v4({ subnet: '10.1.2.3/16', gateway: '10.1.2.3' }));
    assert.equal(pool.subnet, '10.1.0.0/16');
    assert.equal(pool.gateway, '10.1.2.3');
  });

  it('rejects malformed subnets and subnets of the other family as invalid', () => {
    fails(
      () => fresh().requestPool(v4({ subnet: '10.0.0.0/33' })),
      'invalid',
      'invalid subnet "10.0.0.0/33"',
    );
    fails(() => fresh().requestPool(v4({ subnet: 'fd00::/64' })), 'invalid', 'not an IPv4 subnet');
  });

  it('accepts an IP range inside the subnet and rejects one outside', () => {
    const pool = fresh().requestPool(v4({ subnet: '10.0.0.0/16', ipRange: '10.0.5.7/24' }));
    assert.equal(pool.ipRange, '10.0.5.0/24');
    assert.equal(pool.id, 'LocalDefault/10.0.0.0/16/10.0.5.0/24');
    fails(
      () => fresh().requestPool(v4({ subnet: '10.0.0.0/24', ipRange: '10.0.0.0/23' })),
      'invalid',
      'Cannot use IP range "10.0.0.0/23": it is not inside subnet "10.0.0.0/24"',
    );
    fails(
      () => fresh().requestPool(v4({ subnet: '10.0.0.0/24', ipRange: 'x' })),
      'invalid',
      'invalid IP range "x"',
    );
  });

  it('rejects a gateway outside the subnet, of the other family, or on the network or broadcast address', () => {
    const req = (gateway: string) => () =>
      fresh().requestPool(v4({ subnet: '10.0.0.0/24', gateway }));
    fails(
      req('10.0.1.1'),
      'invalid',
      'Cannot use gateway "10.0.1.1": it is not inside subnet "10.0.0.0/24"',
    );
    fails(req('fd00::1'), 'invalid', 'invalid gateway "fd00::1"');
    fails(req('10.0.0.0'), 'invalid', 'network address');
    fails(req('10.0.0.255'), 'invalid', 'broadcast address');
    fails(req('10.0.0.256'), 'invalid', 'invalid gateway "10.0.0.256"');
  });

  it('allows a gateway outside the IP range but inside the subnet', () => {
    const pool = fresh().requestPool(
      v4({ subnet: '10.0.0.0/16', ipRange: '10.0.5.0/24', gateway: '10.0.0.1' }),
    );
    assert.equal(pool.gateway, '10.0.0.1');
  });

  it('reserves auxiliary addresses and rejects ones outside the subnet or already reserved', () => {
    const ipam = fresh();
    const pool = ipam.requestPool(
      v4({ subnet: '10.0.0.0/24', auxAddresses: { router: '10.0.0.2', dns: '10.0.0.3' } }),
    );
    assert.deepEqual(pool.auxAddresses, { router: '10.0.0.2', dns: '10.0.0.3' });
    assert.equal(ipam.isAllocated(pool.id, '10.0.0.3'), true);
    assert.equal(ipam.requestAddress(pool.id), '10.0.0.4');
    const req = (auxAddresses: Record<string, string>) => () =>
      fresh().requestPool(v4({ subnet: '10.0.0.0/24', gateway: '10.0.0.1', auxAddresses }));
    fails(req({ a: '10.0.1.2' }), 'invalid', 'auxiliary address "a"', 'not inside subnet');
    fails(req({ a: '10.0.0.1' }), 'invalid', 'it is already the gateway');
    fails(req({ a: '10.0.0.9', b: '10.0.0.9' }), 'invalid', 'it is already auxiliary address "a"');
    fails(req({ a: 'nope' }), 'invalid', 'invalid auxiliary address "a" "nope"');
  });

  it('refuses a subnet overlapping an existing pool of the same family, naming both', () => {
    const ipam = fresh();
    ipam.requestPool(v4({ subnet: '10.0.0.0/16' }));
    fails(
      () => ipam.requestPool(v4({ subnet: '10.0.5.0/24' })),
      'forbidden',
      'Pool overlaps with other one on this address space',
      '"10.0.5.0/24"',
      '"10.0.0.0/16"',
    );
    fails(() => ipam.requestPool(v4({ subnet: '10.0.0.0/8' })), 'forbidden', 'overlaps');
    assert.equal(ipam.listPools().length, 1, 'a refused pool leaves nothing behind');
  });

  it('ignores avoided CIDRs for a user subnet, as Docker does', () => {
    const pool = fresh().requestPool(v4({ subnet: '10.0.0.0/24', avoid: ['10.0.0.0/8'] }));
    assert.equal(pool.subnet, '10.0.0.0/24');
  });
});

describe('requestPool() without a subnet', () => {
  it('takes the first default subnet, skipping existing pools and avoided CIDRs', () => {
    const ipam = fresh();
    assert.equal(ipam.requestPool(v4()).subnet, '172.17.0.0/16');
    ipam.requestPool(v4({ subnet: '172.18.1.0/24' }));
    const pool = ipam.requestPool(v4({ avoid: ['172.19.0.0/16', '172.20.10.0/24', 'fd00::/8'] }));
    assert.equal(pool.subnet, '172.21.0.0/16');
    assert.equal(pool.gateway, '172.21.0.1');
    assert.equal(pool.userConfigured, false);
  });

  it('reuses a released default subnet', () => {
    const ipam = fresh();
    const first = ipam.requestPool(v4());
    ipam.requestPool(v4());
    ipam.releasePool(first.id);
    assert.equal(ipam.requestPool(v4()).subnet, '172.17.0.0/16');
  });

  it('fails with forbidden once the defaults are used up', () => {
    const ipam = new DefaultIpam(new MemoryStore(), {
      defaultPools: [{ base: '10.9.0.0/23', size: 24 }],
    });
    assert.equal(ipam.requestPool(v4()).subnet, '10.9.0.0/24');
    assert.equal(ipam.requestPool(v4()).subnet, '10.9.1.0/24');
    fails(
      () => ipam.requestPool(v4()),
      'forbidden',
      'could not find an available, non-overlapping IPv4 address pool among the defaults to assign to the network',
    );
  });

  it('refuses a range, gateway or auxiliary address without a subnet', () => {
    fails(() => fresh().requestPool(v4({ gateway: '172.17.0.1' })), 'invalid', 'needs a subnet');
  });

  it('carves IPv6 /64s out of the default ULA /48', () => {
    const ipam = fresh();
    const a = ipam.requestPool({ family: 6 });
    const b = ipam.requestPool({ family: 6 });
    assert.equal(a.subnet, 'fd4b:7e2c:9a10::/64');
    assert.equal(a.gateway, 'fd4b:7e2c:9a10::1');
    assert.equal(b.subnet, 'fd4b:7e2c:9a10:1::/64');
  });

  it('rejects malformed default pools when constructed', () => {
    fails(
      () => new DefaultIpam(new MemoryStore(), { defaultPools: [{ base: 'fd00::/48', size: 64 }] }),
      'invalid',
    );
  });
});

describe('releasePool()', () => {
  it('drops the pool and its leases and is idempotent', () => {
    const ipam = fresh();
    const pool = ipam.requestPool(v4({ subnet: '10.0.0.0/24' }));
    ipam.requestAddress(pool.id);
    ipam.releasePool(pool.id);
    ipam.releasePool(pool.id);
    ipam.releasePool('never-existed');
    assert.equal(ipam.findPool(pool.id), undefined);
    assert.equal(ipam.isAllocated(pool.id, '10.0.0.2'), false);
    const again = ipam.requestPool(v4({ subnet: '10.0.0.0/24' }));
    assert.equal(ipam.requestAddress(again.id), '10.0.0.2');
  });
});

describe('requestAddress()', () => {
  it('hands out addresses serially after the last one, not reusing a released one at once', () => {
    const ipam = fresh();
    const { id } = ipam.requestPool(v4({ subnet: '10.0.0.0/24' }));
    assert.equal(ipam.requestAddress(id), '10.0.0.2');
    assert.equal(ipam.requestAddress(id), '10.0.0.3');
    ipam.releaseAddress(id, '10.0.0.2');
    assert.equal(ipam.requestAddress(id), '10.0.0.4');
  });

  it('takes addresses from the IP range only, wrapping around inside it', () => {
    const ipam = fresh();
    const { id } = ipam.requestPool(v4({ subnet: '10.0.0.0/16', ipRange: '10.0.5.0/30' }));
    const got = [0, 1, 2, 3].map(() => ipam.requestAddress(id));
    assert.deepEqual(got, ['10.0.5.0', '10.0.5.1', '10.0.5.2', '10.0.5.3']);
    ipam.releaseAddress(id, '10.0.5.1');
    assert.equal(ipam.requestAddress(id), '10.0.5.1');
  });

  it('exhausts a /29 after five addresses with unavailable, then recovers after a release', () => {
    const ipam = fresh();
    const { id } = ipam.requestPool(v4({ subnet: '192.168.9.0/29' }));
    const got = Array.from({ length: 5 }, () => ipam.requestAddress(id));
    assert.deepEqual(got, [
      '192.168.9.2',
      '192.168.9.3',
      '192.168.9.4',
      '192.168.9.5',
      '192.168.9.6',
    ]);
    fails(
      () => ipam.requestAddress(id),
      'unavailable',
      "no available IPv4 addresses on this network's address pools: 192.168.9.0/29",
    );
    ipam.releaseAddress(id, '192.168.9.4');
    assert.equal(ipam.requestAddress(id), '192.168.9.4');
  });

  it('leases a preferred address inside the subnet even outside the IP range', () => {
    const ipam = fresh();
    const { id } = ipam.requestPool(v4({ subnet: '10.0.0.0/16', ipRange: '10.0.5.0/24' }));
    assert.equal(ipam.requestAddress(id, '10.0.9.9'), '10.0.9.9');
    assert.equal(ipam.isAllocated(id, '10.0.9.9'), true);
    assert.equal(
      ipam.requestAddress(id),
      '10.0.5.0',
      'a preferred address does not move the cursor',
    );
  });

  it('refuses a preferred address that is leased, the gateway or an auxiliary address with conflict', () => {
    const ipam = fresh();
    const { id } = ipam.requestPool(v4({ subnet: '10.0.0.0/24', auxAddresses: { r: '10.0.0.9' } }));
    ipam.requestAddress(id, '10.0.0.7');
    fails(
      () => ipam.requestAddress(id, '10.0.0.7'),
      'conflict',
      'Cannot allocate address "10.0.0.7": Address already in use',
    );
    fails(
      () => ipam.requestAddress(id, '10.0.0.1'),
      'conflict',
      'Address already in use (reserved as the gateway address)',
    );
    fails(() => ipam.requestAddress(id, '10.0.0.9'), 'conflict', 'auxiliary address "r"');
    fails(() => ipam.requestAddress(id, '10.0.0.255'), 'conflict', 'broadcast');
  });

  it('refuses a preferred address that is malformed, of the other family or outside the subnet', () => {
    const ipam = fresh();
    const { id } = ipam.requestPool(v4({ subnet: '10.0.0.0/24' }));
    fails(
      () => ipam.requestAddress(id, '10.0.0.300'),
      'invalid',
      'invalid IP address "10.0.0.300"',
    );
    fails(() => ipam.requestAddress(id, 'fd00::1'), 'invalid', 'not an IPv4 address');
    fails(
      () => ipam.requestAddress(id, '10.0.1.5'),
      'invalid',
      'it is not inside subnet "10.0.0.0/24"',
    );
  });

  it('fails with not_found for an unknown pool', () => {
    fails(
      () => fresh().requestAddress('LocalDefault/10.0.0.0/24'),
      'not_found',
      'LocalDefault/10.0.0.0/24',
    );
  });

  it('allocates IPv6 addresses serially in a /64 and normalises preferred ones', () => {
    const ipam = fresh();
    const { id } = ipam.requestPool({ family: 6, subnet: 'FD00:1::/64' });
    assert.equal(ipam.requestAddress(id), 'fd00:1::2');
    assert.equal(
      ipam.requestAddress(id, 'fd00:1:0:0:FFFF:ffff:ffff:ffff'),
      'fd00:1::ffff:ffff:ffff:ffff',
    );
    assert.equal(ipam.requestAddress(id), 'fd00:1::3');
    fails(() => ipam.requestAddress(id, 'FD00:1::2'), 'conflict', 'Address already in use');
    ipam.releaseAddress(id, 'fd00:1::0002');
    assert.equal(ipam.isAllocated(id, 'fd00:1::2'), false);
  });

  it('hands out the last address of an IPv6 range and wraps to the start', () => {
    const ipam = fresh();
    const { id } = ipam.requestPool({ family: 6, subnet: 'fd00::/120', ipRange: 'fd00::fc/126' });
    const got = Array.from({ length: 4 }, () => ipam.requestAddress(id));
    assert.deepEqual(got, ['fd00::fc', 'fd00::fd', 'fd00::fe', 'fd00::ff']);
    fails(() => ipam.requestAddress(id), 'unavailable', 'no available IPv6 addresses');
  });
});

describe('releaseAddress()', () => {
  it('is idempotent for free addresses, other subnets and unknown pools', () => {
    const ipam = fresh();
    const { id } = ipam.requestPool(v4({ subnet: '10.0.0.0/24' }));
    ipam.requestAddress(id);
    ipam.releaseAddress(id, '10.0.0.2');
    ipam.releaseAddress(id, '10.0.0.2');
    ipam.releaseAddress(id, '10.9.9.9');
    ipam.releaseAddress(id, 'fd00::1');
    ipam.releaseAddress('nope', '10.0.0.2');
    assert.equal(ipam.isAllocated(id, '10.0.0.2'), false);
  });

  it('refuses to release the gateway, reserved and auxiliary addresses with forbidden', () => {
    const ipam = fresh();
    const { id } = ipam.requestPool(v4({ subnet: '10.0.0.0/24', auxAddresses: { r: '10.0.0.9' } }));
    fails(() => ipam.releaseAddress(id, '10.0.0.1'), 'forbidden', 'the gateway address');
    fails(() => ipam.releaseAddress(id, '10.0.0.0'), 'forbidden', 'the network address');
    fails(() => ipam.releaseAddress(id, '10.0.0.9'), 'forbidden', 'auxiliary address "r"');
    assert.equal(ipam.isAllocated(id, '10.0.0.1'), true);
  });

  it('rejects a malformed address as invalid', () => {
    const ipam = fresh();
    const { id } = ipam.requestPool(v4({ subnet: '10.0.0.0/24' }));
    fails(() => ipam.releaseAddress(id, 'bogus'), 'invalid', 'invalid IP address "bogus"');
  });
});

describe('findPool() and listPools()', () => {
  it('return copies ordered by id, and undefined for an unknown pool', () => {
    const ipam = fresh();
    const b = ipam.requestPool(v4({ subnet: '10.2.0.0/16' }));
    ipam.requestPool(v4({ subnet: '10.1.0.0/16' }));
    ipam.requestPool({ family: 6, subnet: 'fd00::/64' });
    assert.deepEqual(
      ipam.listPools().map((p) => p.subnet),
      ['10.1.0.0/16', '10.2.0.0/16', 'fd00::/64'],
    );
    const found = ipam.findPool(b.id)!;
    found.options.x = 'mutated';
    assert.deepEqual(ipam.findPool(b.id)?.options, {});
    assert.equal(ipam.findPool('nope'), undefined);
    assert.equal(ipam.isAllocated('nope', '10.2.0.1'), false);
    assert.equal(ipam.isAllocated(b.id, 'garbage'), false);
  });
});
