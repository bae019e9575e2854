import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { EngineError } from './errors.js';
import {
  compareIp,
  formatIp,
  ipEquals,
  ipFromBigInt,
  maxAddressValue,
  nextAddress,
  normalizeIp,
  parseIp,
  parseIpOfFamily,
  tryParseIp,
} from './ip-address.js';

describe('parseIp()', () => {
  it('parses IPv4 dotted quads to integers', () => {
    assert.deepEqual(parseIp('10.0.0.1'), { family: 4, value: 0x0a000001n });
    assert.deepEqual(parseIp('0.0.0.0'), { family: 4, value: 0n });
    assert.deepEqual(parseIp('255.255.255.255'), { family: 4, value: 0xffffffffn });
  });

  it('parses IPv6 in any notation', () => {
    assert.deepEqual(parseIp('::1'), { family: 6, value: 1n });
    assert.deepEqual(parseIp('FD00:0:0:0:0:0:0:1'), { family: 6, value: (0xfd00n << 112n) | 1n });
    assert.equal(parseIp('::ffff:10.0.0.1').family, 6);
  });

  it('rejects malformed, octal-looking and shortened IPv4 with an invalid error', () => {
    for (const text of [
      '10.0.0.300',
      '010.0.0.1',
      '10.0.0.01',
      '10.1',
      '0x0a.0.0.1',
      '',
      ' 10.0.0.1',
      '1.2.3.4.5',
    ]) {
      assert.throws(
        () => parseIp(text),
        (err: unknown) =>
          err instanceof EngineError &&
          err.kind === 'invalid' &&
          err.message === `invalid IP address "${text}"`,
        text,
      );
    }
  });

  it('rejects IPv6 with a zone id or too many groups', () => {
    assert.equal(tryParseIp('fe80::1%eth0'), undefined);
    assert.equal(tryParseIp('1:2:3:4:5:6:7:8:9'), undefined);
    assert.equal(tryParseIp('fd00::g'), undefined);
  });
});

describe('parseIpOfFamily()', () => {
  it('names the value and the expected family when the family differs', () => {
    assert.throws(() => parseIpOfFamily('fd00::1', 4, 'gateway'), {
      message: 'invalid gateway "fd00::1": not an IPv4 address',
    });
    assert.deepEqual(parseIpOfFamily('fd00::1', 6), { family: 6, value: (0xfd00n << 112n) | 1n });
    assert.throws(() => parseIpOfFamily('fd00::x', 6, 'gateway'), {
      message: 'invalid gateway "fd00::x"',
    });
  });
});

describe('formatIp()', () => {
  it('formats IPv4 as a dotted quad and IPv6 per RFC 5952', () => {
    assert.equal(formatIp({ family: 4, value: 0xac110002n }), '172.17.0.2');
    assert.equal(formatIp(parseIp('FD00:0000:0000:0000:0000:0000:0000:0001')), 'fd00::1');
    assert.equal(formatIp(parseIp('2001:db8:0:0:1:0:0:1')), '2001:db8::1:0:0:1');
    assert.equal(formatIp({ family: 6, value: 0n }), '::');
  });

  it('round-trips through parseIp()', () => {
    for (const text of ['1.2.3.4', '192.168.255.0', 'fd4b:7e2c:9a10:1::2', '::ffff:a00:1']) {
      assert.equal(formatIp(parseIp(text)), text);
    }
  });

  it('normalizeIp() canonicalises text', () => {
    assert.equal(normalizeIp('FD00::0001'), 'fd00::1');
  });
});

describe('address arithmetic', () => {
  it('nextAddress() increments and stops at the end of the family', () => {
    assert.equal(formatIp(nextAddress(parseIp('10.0.0.255'))!), '10.0.1.0');
    assert.equal(nextAddress(parseIp('255.255.255.255')), undefined);
    assert.equal(nextAddress({ family: 6, value: maxAddressValue(6) }), undefined);
  });

  it('ipFromBigInt() refuses values outside the family', () => {
    assert.throws(() => ipFromBigInt(1n << 32n, 4), RangeError);
    assert.throws(() => ipFromBigInt(-1n, 6), RangeError);
    assert.equal(formatIp(ipFromBigInt(1n << 32n, 6)), '::1:0:0');
  });

  it('compareIp() orders IPv4 before IPv6 then numerically; ipEquals() compares family too', () => {
    const sorted = ['fd00::1', '10.0.0.2', '::1', '10.0.0.1'].map(parseIp).sort(compareIp);
    assert.deepEqual(sorted.map(formatIp), ['10.0.0.1', '10.0.0.2', '::1', 'fd00::1']);
    assert.equal(ipEquals({ family: 4, value: 1n }, { family: 6, value: 1n }), false);
  });
});
