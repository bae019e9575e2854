import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { ConntrackEntry } from './codec/conntrack-message.js';
import { AF_INET, AF_INET6 } from './codec/rtnetlink-constants.js';
import { matchesFilter } from './conntrack.js';

const entry: ConntrackEntry = {
  family: AF_INET,
  orig: { src: '198.18.0.2', dst: '198.18.0.1', proto: 17, srcPort: 40000, dstPort: 5353 },
  origRaw: Buffer.alloc(0),
};

describe('conntrack', () => {
  it('matchesFilter() matches family, protocol, destination port and optional address', () => {
    assert.equal(matchesFilter(entry, { family: 4, proto: 17, dstPort: 5353 }), true);
    assert.equal(
      matchesFilter(entry, { family: 4, proto: 17, dstPort: 5353, dstIp: '198.18.0.1' }),
      true,
    );
    assert.equal(
      matchesFilter(entry, { family: 4, proto: 17, dstPort: 5353, dstIp: '127.0.0.1' }),
      false,
    );
    assert.equal(matchesFilter(entry, { family: 4, proto: 6, dstPort: 5353 }), false);
    assert.equal(matchesFilter(entry, { family: 4, proto: 17, dstPort: 5354 }), false);
    assert.equal(
      matchesFilter({ ...entry, family: AF_INET6 }, { family: 4, proto: 17, dstPort: 5353 }),
      false,
    );
  });
});
