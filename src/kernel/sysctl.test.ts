import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { isKind } from '../common/errors.js';
import { sysctlPath } from './sysctl.js';

describe('sysctlPath()', () => {
  it('sysctlPath() maps dotted keys under /proc/sys', () => {
    assert.equal(sysctlPath('net.ipv4.ip_forward'), '/proc/sys/net/ipv4/ip_forward');
  });

  it('sysctlPath() reads "/" in a dotted key as a literal dot, like sysctl(8)', () => {
    assert.equal(
      sysctlPath('net.ipv4.conf.eth0/100.forwarding'),
      '/proc/sys/net/ipv4/conf/eth0.100/forwarding',
    );
  });

  it('sysctlPath() takes segments as they are, dots included', () => {
    assert.equal(
      sysctlPath(['net', 'ipv6', 'conf', 'br-x.5', 'accept_ra']),
      '/proc/sys/net/ipv6/conf/br-x.5/accept_ra',
    );
  });

  it('sysctlPath() rejects empty and path-escaping segments', () => {
    for (const bad of ['net..ip_forward', 'net.ipv4.', ['net', '..', 'x'], ['net', 'a/b']]) {
      assert.throws(
        () => sysctlPath(bad),
        (e: unknown) => isKind(e, 'invalid'),
      );
    }
  });
});
