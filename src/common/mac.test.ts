import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { EngineError } from './errors.js';
import { parseIp } from './ip-address.js';
import { formatMac, isMulticastMac, macFromIpv4, normalizeMac, tryParseMac } from './mac.js';

describe('macFromIpv4()', () => {
  it('derives 02:42:<ip octets> as Docker does', () => {
    assert.equal(macFromIpv4(parseIp('172.17.0.2')), '02:42:ac:11:00:02');
    assert.equal(macFromIpv4(parseIp('255.0.10.1')), '02:42:ff:00:0a:01');
    assert.equal(macFromIpv4('10.0.0.1'), '02:42:0a:00:00:01');
  });

  it('refuses IPv6 addresses', () => {
    assert.throws(() => macFromIpv4(parseIp('fd00::2')), RangeError);
    assert.throws(() => macFromIpv4('fd00::2'), RangeError);
    assert.throws(() => macFromIpv4('10.0.0.256'), { message: 'invalid IP address "10.0.0.256"' });
  });
});

describe('normalizeMac()', () => {
  it('accepts colon, hyphen and dotted notations and returns lower-case colon form', () => {
    assert.equal(normalizeMac('02:42:AC:11:00:02'), '02:42:ac:11:00:02');
    assert.equal(normalizeMac('02-42-ac-11-00-02'), '02:42:ac:11:00:02');
    assert.equal(normalizeMac('0242.AC11.0002'), '02:42:ac:11:00:02');
  });

  it('rejects malformed MACs with `invalid MAC address "<text>"`', () => {
    for (const text of [
      '02:42:ac:11:00',
      '02:42:ac:11:00:02:03',
      '02:42-ac:11:00:02',
      'zz:42:ac:11:00:02',
      '2:42:ac:11:0:2',
      '',
    ]) {
      assert.throws(
        () => normalizeMac(text),
        (err: unknown) =>
          err instanceof EngineError &&
          err.kind === 'invalid' &&
          err.message === `invalid MAC address "${text}"`,
        text,
      );
    }
  });

  it('tryParseMac() returns bytes; isMulticastMac() reads the group bit', () => {
    assert.deepEqual(tryParseMac('01:00:5e:00:00:01'), [1, 0, 0x5e, 0, 0, 1]);
    assert.equal(isMulticastMac([1, 0, 0x5e, 0, 0, 1]), true);
    assert.equal(isMulticastMac([2, 0x42, 0, 0, 0, 1]), false);
    assert.throws(() => formatMac([1, 2, 3]), RangeError);
  });
});
