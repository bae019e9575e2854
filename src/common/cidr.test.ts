import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  cidrContains,
  cidrContainsCidr,
  cidrEquals,
  cidrLast,
  cidrsOverlap,
  cidrSize,
  firstUsable,
  formatCidr,
  lastUsable,
  normalizeCidr,
  nthSubnet,
  parseCidr,
  parseCidrAddress,
  subnetCount,
  subnetIndexAfter,
  tryParseCidr,
} from './cidr.js';
import { EngineError } from './errors.js';
import { formatIp, parseIp } from './ip-address.js';

const c = (text: string) => parseCidr(text);
const ip = (value: bigint, family: 4 | 6 = 4) => formatIp({ family, value });

describe('parseCidr()', () => {
  it('parses both families and masks host bits as libnetwork does', () => {
    assert.equal(formatCidr(c('10.1.2.3/24')), '10.1.2.0/24');
    assert.equal(formatCidr(c('FD00::1/64')), 'fd00::/64');
    assert.equal(formatCidr(c('0.0.0.0/0')), '0.0.0.0/0');
    assert.equal(formatCidr(c('10.0.0.7/32')), '10.0.0.7/32');
    assert.equal(normalizeCidr('172.17.5.5/16'), '172.17.0.0/16');
  });

  it('rejects malformed CIDRs with `invalid subnet "<text>"`', () => {
    for (const text of [
      '10.0.0.0/33',
      '10.0.0.0',
      '10.0.0.0/',
      '10.0.0.0/08',
      '10.0.0.300/24',
      'fd00::/129',
      'x/8',
      '10.0.0.0/-1',
    ]) {
      assert.throws(
        () => parseCidr(text),
        (err: unknown) =>
          err instanceof EngineError &&
          err.kind === 'invalid' &&
          err.message === `invalid subnet "${text}"`,
        text,
      );
    }
  });

  it('names what the value is when asked', () => {
    assert.throws(() => parseCidr('nope', { what: 'IP range' }), {
      message: 'invalid IP range "nope"',
    });
    assert.equal(tryParseCidr('nope'), undefined);
  });

  it('parseCidrAddress() keeps the unmasked address beside the masked network', () => {
    const { address, cidr } = parseCidrAddress('192.168.5.1/24');
    assert.equal(formatIp(address), '192.168.5.1');
    assert.equal(formatCidr(cidr), '192.168.5.0/24');
    assert.throws(() => parseCidrAddress('192.168.5.1'), {
      message: 'invalid subnet "192.168.5.1"',
    });
  });
});

describe('cidr bounds', () => {
  it('gives size, last, first and last usable for IPv4', () => {
    const net = c('10.0.0.0/29');
    assert.equal(cidrSize(net), 8n);
    assert.equal(ip(cidrLast(net)), '10.0.0.7');
    assert.equal(ip(firstUsable(net)), '10.0.0.1');
    assert.equal(ip(lastUsable(net)), '10.0.0.6');
  });

  it('reserves nothing in IPv4 /31 and /32', () => {
    assert.equal(ip(firstUsable(c('10.0.0.0/31'))), '10.0.0.0');
    assert.equal(ip(lastUsable(c('10.0.0.0/31'))), '10.0.0.1');
    assert.equal(ip(lastUsable(c('10.0.0.9/32'))), '10.0.0.9');
  });

  it('skips only the subnet-router anycast address in IPv6', () => {
    const net = c('fd00:1::/64');
    assert.equal(ip(firstUsable(net), 6), 'fd00:1::1');
    assert.equal(ip(lastUsable(net), 6), 'fd00:1::ffff:ffff:ffff:ffff');
    assert.equal(cidrSize(net), 1n << 64n);
  });
});

describe('cidrContains() and cidrsOverlap()', () => {
  it('tests membership by family and range', () => {
    assert.equal(cidrContains(c('10.0.0.0/24'), parseIp('10.0.0.255')), true);
    assert.equal(cidrContains(c('10.0.0.0/24'), parseIp('10.0.1.0')), false);
    assert.equal(cidrContains(c('::/0'), parseIp('10.0.0.1')), false);
  });

  it('detects overlap in either direction and ignores the other family', () => {
    assert.equal(cidrsOverlap(c('10.0.0.0/16'), c('10.0.5.0/24')), true);
    assert.equal(cidrsOverlap(c('10.0.5.0/24'), c('10.0.0.0/16')), true);
    assert.equal(cidrsOverlap(c('10.0.0.0/24'), c('10.0.1.0/24')), false);
    assert.equal(cidrsOverlap(c('0.0.0.0/0'), c('::/0')), false);
  });

  it('cidrContainsCidr() requires the inner block to fit entirely', () => {
    assert.equal(cidrContainsCidr(c('10.0.0.0/16'), c('10.0.5.0/24')), true);
    assert.equal(cidrContainsCidr(c('10.0.5.0/24'), c('10.0.0.0/16')), false);
    assert.equal(cidrEquals(c('10.0.0.1/24'), c('10.0.0.0/24')), true);
  });
});

describe('subnet carving', () => {
  it('nthSubnet() carves consecutive subnets and stops past the end', () => {
    const base = c('192.168.0.0/16');
    assert.equal(subnetCount(base, 20), 16n);
    assert.equal(formatCidr(nthSubnet(base, 20, 0n)!), '192.168.0.0/20');
    assert.equal(formatCidr(nthSubnet(base, 20, 1n)!), '192.168.16.0/20');
    assert.equal(formatCidr(nthSubnet(base, 20, 15n)!), '192.168.240.0/20');
    assert.equal(nthSubnet(base, 20, 16n), undefined);
    assert.equal(formatCidr(nthSubnet(c('fd00::/48'), 64, 0x1234n)!), 'fd00:0:0:1234::/64');
  });

  it('refuses sizes shorter than the base prefix', () => {
    assert.throws(() => subnetCount(c('10.0.0.0/16'), 8), RangeError);
    assert.throws(() => nthSubnet(c('10.0.0.0/16'), 33, 0n), RangeError);
  });

  it('subnetIndexAfter() jumps past a blocking range', () => {
    const base = c('10.0.0.0/8');
    assert.equal(subnetIndexAfter(base, 24, parseIp('10.0.3.255').value), 4n);
    assert.equal(subnetIndexAfter(base, 24, parseIp('10.0.3.0').value), 4n);
    assert.equal(subnetIndexAfter(base, 24, parseIp('9.0.0.0').value), 0n);
  });
});
