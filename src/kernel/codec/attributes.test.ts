import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  align4,
  attr,
  decodeAttributes,
  decodeAttributeSet,
  encodeAttribute,
  encodeNested,
  read,
} from './attributes.js';

describe('attributes', () => {
  it('align4() rounds up to the next multiple of four', () => {
    assert.deepEqual([0, 1, 3, 4, 5, 8].map(align4), [0, 4, 4, 4, 8, 8]);
  });

  it('attr.string() NUL-terminates and pads like the kernel (IFLA_IFNAME "lo")', () => {
    // The same bytes appear in the captured RTM_NEWLINK dump (getlink-dump.reply.hex).
    assert.equal(attr.string(3, 'lo').toString('hex'), '070003006c6f0000');
  });

  it('attr.u32() encodes little-endian (IFLA_MTU 1400)', () => {
    assert.equal(attr.u32(4, 1400).toString('hex'), '0800040078050000');
  });

  it('encodeNested() sets NLA_F_NESTED unless asked not to', () => {
    const child = attr.u8(1, 7);
    assert.equal(encodeNested(18, [child]).readUInt16LE(2), 0x8012);
    assert.equal(encodeNested(18, [child], false).readUInt16LE(2), 0x0012);
  });

  it('decodeAttributes() masks the flag bits and slices payloads without padding', () => {
    const buf = Buffer.concat([encodeNested(18, [attr.string(1, 'veth')]), attr.u8(16, 6)]);
    const attrs = decodeAttributes(buf);
    assert.deepEqual(
      attrs.map((a) => [a.type, a.nested, a.payload.length]),
      [
        [18, true, 12],
        [16, false, 1],
      ],
    );
    const inner = decodeAttributes(attrs[0]?.payload ?? Buffer.alloc(0));
    assert.equal(read.string(inner[0]?.payload ?? Buffer.alloc(0)), 'veth');
  });

  it('decodeAttributes() rejects a length that runs past the buffer', () => {
    const buf = encodeAttribute(3, Buffer.from('eth0\0'));
    buf.writeUInt16LE(64, 0);
    assert.throws(() => decodeAttributes(buf), RangeError);
  });

  it('decodeAttributeSet() leaves absent attributes out instead of undefined', () => {
    const set = decodeAttributeSet<{ mtu?: number; name?: string }>(attr.u32(4, 9000), {
      mtu: [4, read.u32],
      name: [3, read.string],
    });
    assert.deepEqual(set, { mtu: 9000 });
  });
});
