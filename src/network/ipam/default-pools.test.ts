import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { formatCidr, parseCidr } from '../../common/cidr.js';
import { EngineError } from '../../common/errors.js';
import {
  DEFAULT_POOLS_V4,
  DEFAULT_POOLS_V6,
  findFreeSubnet,
  parsePoolSpecs,
} from './default-pools.js';

const v4 = parsePoolSpecs(DEFAULT_POOLS_V4, 4);
const find = (taken: string[]) => {
  const found = findFreeSubnet(
    v4,
    taken.map((t) => parseCidr(t)),
  );
  return found === undefined ? undefined : formatCidr(found);
};

describe('findFreeSubnet()', () => {
  it('starts at 172.17.0.0/16 like Docker', () => {
    assert.equal(find([]), '172.17.0.0/16');
  });

  it('skips subnets overlapping taken CIDRs, smaller or larger than the candidate', () => {
    assert.equal(find(['172.17.3.0/24']), '172.18.0.0/16');
    assert.equal(find(['172.16.0.0/12']), '192.168.0.0/20');
    assert.equal(find(['172.17.0.0/16', '172.19.0.0/16']), '172.18.0.0/16');
  });

  it('walks 172.17–172.31 as /16s, then 192.168.0.0/16 as /20s, then gives up', () => {
    const taken: string[] = [];
    const seen: string[] = [];
    for (let next = find(taken); next !== undefined; next = find(taken)) {
      seen.push(next);
      taken.push(next);
    }
    assert.equal(seen.length, 15 + 16);
    assert.equal(seen[14], '172.31.0.0/16');
    assert.equal(seen[15], '192.168.0.0/20');
    assert.equal(seen[30], '192.168.240.0/20');
    assert.equal(new Set(seen).size, seen.length);
  });

  it('jumps over a large blocker in one step across 2^16 IPv6 candidates', () => {
    const specs = parsePoolSpecs(DEFAULT_POOLS_V6, 6);
    const found = findFreeSubnet(specs, [parseCidr('fd4b:7e2c:9a10::/49')]);
    assert.equal(formatCidr(found!), 'fd4b:7e2c:9a10:8000::/64');
    assert.equal(findFreeSubnet(specs, [parseCidr('fd4b:7e2c:9a10::/48')]), undefined);
  });
});

describe('parsePoolSpecs()', () => {
  it('rejects malformed bases, the wrong family and sizes that do not fit', () => {
    const bad: Array<[string, number, 4 | 6]> = [
      ['10.0.0.0/33', 24, 4],
      ['fd00::/48', 64, 4],
      ['10.0.0.0/16', 8, 4],
      ['10.0.0.0/16', 33, 4],
    ];
    for (const [base, size, family] of bad) {
      assert.throws(
        () => parsePoolSpecs([{ base, size }], family),
        (err: unknown) =>
          err instanceof EngineError && err.kind === 'invalid' && err.message.includes(base),
      );
    }
  });
});
