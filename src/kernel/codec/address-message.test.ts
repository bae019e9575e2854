import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { readHexFixture } from '../testing/hex-fixture.js';
import { decodeAddressMessage, encodeAddressMessage } from './address-message.js';
import { IFA_F_NODAD, IFA_F_PERMANENT } from './if-addr-constants.js';
import { formatIp, parseIp } from './ip-address.js';
import { decodeMessages, encodeMessage } from './message.js';
import { AF_INET, AF_INET6, RTM_NEWADDR } from './rtnetlink-constants.js';

function ip(text: string): Buffer {
  const parsed = parseIp(text);
  assert.ok(parsed);
  return parsed.bytes;
}

function assertSameAsCaptured(name: string, payload: Buffer): void {
  const captured = readHexFixture(name);
  const [msg] = decodeMessages(captured);
  assert.ok(msg);
  const ours = encodeMessage(
    { type: RTM_NEWADDR, flags: msg.flags, seq: msg.seq, portId: 0 },
    payload,
  );
  assert.deepEqual(ours, captured);
}

describe('address-message', () => {
  it('encodeAddressMessage() matches `ip addr add 10.9.0.1/24 brd +` (local, address, broadcast)', () => {
    const payload = encodeAddressMessage({
      header: { family: AF_INET, prefixLength: 24, flags: 0, scope: 0, index: 2 },
      attrs: { local: ip('10.9.0.1'), address: ip('10.9.0.1'), broadcast: ip('10.9.0.255') },
    });
    assertSameAsCaptured('newaddr-v4.request.hex', payload);
  });

  it('encodeAddressMessage() matches `ip addr add fd00:9::1/64 nodad`', () => {
    const payload = encodeAddressMessage({
      header: { family: AF_INET6, prefixLength: 64, flags: IFA_F_NODAD, scope: 0, index: 2 },
      attrs: { local: ip('fd00:9::1'), address: ip('fd00:9::1') },
    });
    assertSameAsCaptured('newaddr-v6.request.hex', payload);
  });

  it('decodeAddressMessage() reads IPv4 and IPv6 entries of a kernel dump', () => {
    const msgs = decodeMessages(readHexFixture('getaddr-dump.reply.hex'));
    const addrs = msgs.map((m) => decodeAddressMessage(m.payload));
    const v4 = addrs[0];
    assert.equal(v4?.header.family, AF_INET);
    assert.equal(v4?.header.prefixLength, 24);
    assert.equal(formatIp(v4?.attrs.local ?? Buffer.alloc(0)), '10.9.0.1');
    assert.equal(formatIp(v4?.attrs.broadcast ?? Buffer.alloc(0)), '10.9.0.255');
    assert.equal(v4?.attrs.label, 'br-cap');
    assert.equal((v4?.attrs.flags ?? 0) & IFA_F_PERMANENT, IFA_F_PERMANENT);
    const v6 = addrs.find((a) => a.header.family === AF_INET6 && a.header.flags & IFA_F_NODAD);
    assert.equal(formatIp(v6?.attrs.address ?? Buffer.alloc(0)), 'fd00:9::1');
    assert.equal(v6?.header.prefixLength, 64);
  });
});
