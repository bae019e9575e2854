import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { PortMapping } from './types.js';
import { udpFlowFilters } from './udp-flows.js';

const udp: PortMapping = {
  owner: 'ep',
  proto: 'udp',
  family: 4,
  hostIp: '',
  hostPort: 53,
  containerIp: '10.0.0.2',
  containerPort: 53,
};

describe('udpFlowFilters()', () => {
  it('keeps one filter per UDP host port and address, and ignores TCP', () => {
    const filters = udpFlowFilters([
      udp,
      { ...udp, containerIp: '10.0.0.3' },
      { ...udp, hostIp: '198.18.0.1' },
      { ...udp, proto: 'tcp', hostPort: 80 },
    ]);
    assert.deepEqual(filters, [
      { family: 4, proto: 17, dstPort: 53 },
      { family: 4, proto: 17, dstPort: 53, dstIp: '198.18.0.1' },
    ]);
  });
});
