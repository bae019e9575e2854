import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { readHexFixture } from '../testing/hex-fixture.js';
import { IFF_UP } from './if-link-constants.js';
import { decodeLinkMessage, encodeLinkMessage, linkHeader } from './link-message.js';
import { decodeMessages, encodeMessage } from './message.js';
import { NLA_F_NESTED } from './netlink-constants.js';
import { parseMac } from './mac-address.js';

/** iproute2 leaves NLA_F_NESTED off nests; we set it. Patch the captured bytes to match. */
function withNestedFlags(captured: Buffer, attrOffsets: number[]): Buffer {
  const out = Buffer.from(captured);
  for (const off of attrOffsets)
    out.writeUInt16LE(out.readUInt16LE(off + 2) | NLA_F_NESTED, off + 2);
  return out;
}

function request(name: string): { seq: number; flags: number; payload: Buffer; raw: Buffer } {
  const raw = readHexFixture(name);
  const [msg] = decodeMessages(raw);
  assert.ok(msg);
  return { ...msg, raw };
}

describe('link-message', () => {
  it('encodeLinkMessage() builds the same bridge RTM_NEWLINK as `ip link add … type bridge`', () => {
    const captured = request('newlink-bridge.request.hex');
    const payload = encodeLinkMessage({
      header: linkHeader(),
      attrs: {
        name: 'br-cap',
        mtu: 1400,
        address: parseMac('02:42:ac:11:00:01'),
        linkInfo: { kind: 'bridge' },
      },
    });
    const ours = encodeMessage(
      { type: 16, flags: captured.flags, seq: captured.seq, portId: 0 },
      payload,
    );
    assert.deepEqual(ours, withNestedFlags(captured.raw, [64]));
  });

  it('encodeLinkMessage() builds the same veth-with-peer-in-netns request as `ip link add`', () => {
    const captured = request('newlink-veth.request.hex');
    const payload = encodeLinkMessage({
      header: linkHeader({ flags: IFF_UP, change: IFF_UP }),
      attrs: {
        name: 'vcap0',
        mtu: 1400,
        master: 2,
        linkInfo: {
          kind: 'veth',
          vethPeer: {
            header: linkHeader(),
            // ip opened the netns file as fd 4 (see the capture).
            attrs: { name: 'eth0', mtu: 1400, address: parseMac('02:42:ac:11:00:02'), netnsFd: 4 },
          },
        },
      },
    });
    const ours = encodeMessage(
      { type: 16, flags: captured.flags, seq: captured.seq, portId: 0 },
      payload,
    );
    assert.deepEqual(ours, withNestedFlags(captured.raw, [60, 72]));
  });

  it('decodeLinkMessage() reads the veth peer (VETH_INFO_PEER) out of a captured request', () => {
    const { attrs, header } = decodeLinkMessage(request('newlink-veth.request.hex').payload);
    assert.equal(header.flags & IFF_UP, IFF_UP);
    assert.equal(attrs.name, 'vcap0');
    assert.equal(attrs.master, 2);
    assert.equal(attrs.linkInfo?.kind, 'veth');
    assert.deepEqual(attrs.linkInfo?.vethPeer?.attrs, {
      name: 'eth0',
      mtu: 1400,
      address: parseMac('02:42:ac:11:00:02'),
      netnsFd: 4,
    });
  });

  it('decodeLinkMessage() reads loopback, bridge and veth entries of a kernel dump', () => {
    const links = decodeMessages(readHexFixture('getlink-dump.reply.hex')).map((m) =>
      decodeLinkMessage(m.payload),
    );
    const byName = new Map(links.map((l) => [l.attrs.name, l]));
    const lo = byName.get('lo');
    assert.equal(lo?.header.index, 1);
    assert.equal(lo?.attrs.mtu, 65536);
    assert.equal(lo?.attrs.linkInfo, undefined);
    const br = byName.get('br-cap');
    assert.equal(br?.attrs.linkInfo?.kind, 'bridge');
    assert.equal(br?.attrs.mtu, 1400);
    assert.deepEqual(br?.attrs.address, parseMac('02:42:ac:11:00:01'));
    const veth = byName.get('vcap0');
    assert.equal(veth?.attrs.linkInfo?.kind, 'veth');
    assert.equal(veth?.attrs.master, br?.header.index);
    assert.equal(veth?.header.flags & IFF_UP, IFF_UP);
    assert.equal(typeof veth?.attrs.link, 'number');
    assert.equal(typeof veth?.attrs.linkNetnsId, 'number');
  });

  it('decodeLinkMessage() rejects a payload shorter than ifinfomsg', () => {
    assert.throws(() => decodeLinkMessage(Buffer.alloc(8)), RangeError);
  });
});
