import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { bridgeSysctls, hostSysctls } from './sysctls.js';
import type { NetworkRules } from './types.js';

const net: NetworkRules = {
  id: 'n',
  bridge: 'br-x.100',
  subnets: ['10.0.0.0/24'],
  masquerade: true,
  icc: true,
  internal: false,
};

describe('sysctls', () => {
  it('bridgeSysctls() asks for route_localnet on bridges that publish IPv4 ports', () => {
    assert.deepEqual(
      bridgeSysctls(net).map((s) => [s.key, s.value]),
      [[['net', 'ipv4', 'conf', 'br-x.100', 'route_localnet'], '1']],
    );
    assert.deepEqual(bridgeSysctls({ ...net, internal: true }), []);
    assert.deepEqual(bridgeSysctls({ ...net, subnets: ['fd00::/64'] }), []);
  });

  it('hostSysctls() lists forwarding and br_netfilter', () => {
    const keys = hostSysctls().map((s) => s.key.join('.'));
    assert.ok(keys.includes('net.ipv4.ip_forward'));
    assert.ok(keys.includes('net.bridge.bridge-nf-call-iptables'));
  });
});
