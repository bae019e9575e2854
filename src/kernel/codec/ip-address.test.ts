import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { formatIp, ipv4Broadcast, parseCidr, parseIp } from './ip-address.js';

describe('ip-address', () => {
  it('parseIp() reads dotted quads and IPv6 text in all its forms', () => {
    assert.equal(parseIp('10.88.0.1')?.bytes.toString('hex'), '0a580001');
    assert.equal(parseIp('::')?.bytes.toString('hex'), '0'.repeat(32));
    assert.equal(parseIp('fd00:9::1')?.bytes.toString('hex'), 'fd000009' + '0'.repeat(22) + '01');
    assert.equal(
      parseIp('::ffff:10.0.0.1')?.bytes.toString('hex'),
      '0'.repeat(20) + 'ffff0a000001',
    );
    assert.equal(parseIp('1:2:3:4:5:6:7:8')?.family, 6);
  });

  it('parseIp() rejects what a lenient parser would guess at', () => {
    for (const bad of [
      '10.0.0.300',
      '10.0.0',
      '010.0.0.1',
      '1::2::3',
      '1:2:3:4:5:6:7:8:9',
      'fe80::1%eth0',
      '',
      'x',
    ]) {
      assert.equal(parseIp(bad), undefined, bad);
    }
  });

  it('formatIp() compresses IPv6 per RFC 5952 (longest zero run, never a single group)', () => {
    const fmt = (t: string): string => formatIp(parseIp(t)?.bytes ?? Buffer.alloc(0));
    assert.equal(fmt('2001:db8:0:0:1:0:0:1'), '2001:db8::1:0:0:1');
    assert.equal(fmt('2001:db8:0:1:1:1:1:1'), '2001:db8:0:1:1:1:1:1');
    assert.equal(fmt('0:0:0:0:0:0:0:1'), '::1');
    assert.equal(fmt('fe80:0:0:0:42:acff:fe11:1'), 'fe80::42:acff:fe11:1');
    assert.equal(fmt('1:0:0:0:0:0:0:0'), '1::');
    assert.equal(fmt('10.1.2.3'), '10.1.2.3');
  });

  it('parseCidr() checks the prefix against the family', () => {
    assert.equal(parseCidr('10.0.0.1/24')?.prefixLength, 24);
    assert.equal(parseCidr('fd00::1/128')?.prefixLength, 128);
    assert.equal(parseCidr('10.0.0.1/33'), undefined);
    assert.equal(parseCidr('10.0.0.1'), undefined);
    assert.equal(parseCidr('10.0.0.1/024'), undefined);
  });

  it('ipv4Broadcast() sets every host bit', () => {
    const bc = (t: string): string => formatIp(ipv4Broadcast(parseCidr(t) ?? assert.fail(t)));
    assert.equal(bc('10.9.0.1/24'), '10.9.0.255');
    assert.equal(bc('172.17.0.1/16'), '172.17.255.255');
    assert.equal(bc('10.0.0.1/1'), '127.255.255.255');
    assert.equal(bc('10.0.0.1/32'), '10.0.0.1');
  });
});
