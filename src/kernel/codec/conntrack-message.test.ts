import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { readHexFixture } from '../testing/hex-fixture.js';
import { decodeAttributes } from './attributes.js';
import {
  CTA_ID,
  CTA_TUPLE_ORIG,
  ctnetlinkType,
  IPCTNL_MSG_CT_DELETE,
  IPCTNL_MSG_CT_GET,
  IPCTNL_MSG_CT_NEW,
  NFGENMSG_LEN,
} from './conntrack-constants.js';
import {
  decodeConntrackEntry,
  encodeConntrackDelete,
  encodeConntrackDumpRequest,
} from './conntrack-message.js';
import { decodeMessages, encodeMessage } from './message.js';
import { AF_INET, AF_INET6 } from './rtnetlink-constants.js';

function onlyMessage(name: string) {
  const [msg, ...rest] = decodeMessages(readHexFixture(name));
  assert.ok(msg);
  assert.equal(rest.length, 0);
  return msg;
}

function dumpEntries() {
  return decodeMessages(readHexFixture('ct-dump-v4.reply.hex')).map((m) => {
    assert.equal(m.type, ctnetlinkType(IPCTNL_MSG_CT_NEW));
    return decodeConntrackEntry(m.payload);
  });
}

describe('conntrack-message', () => {
  it('encodeConntrackDumpRequest() matches `conntrack -L -f ipv4`', () => {
    const captured = readHexFixture('ct-dump-v4.request.hex');
    const msg = onlyMessage('ct-dump-v4.request.hex');
    assert.equal(msg.type, ctnetlinkType(IPCTNL_MSG_CT_GET));
    const ours = encodeMessage(
      { type: msg.type, flags: msg.flags, seq: msg.seq, portId: 0 },
      encodeConntrackDumpRequest(AF_INET),
    );
    assert.deepEqual(ours, captured);
  });

  it('decodeConntrackEntry() reads the original tuples, ports big-endian, and the id', () => {
    const entries = dumpEntries();
    assert.equal(entries.length, 2);
    assert.deepEqual(
      entries.map((e) => ({ family: e.family, orig: e.orig })),
      [
        {
          family: AF_INET,
          orig: { src: '127.0.0.1', dst: '127.0.0.1', proto: 17, srcPort: 57520, dstPort: 5353 },
        },
        {
          family: AF_INET,
          orig: { src: '127.0.0.1', dst: '127.0.0.1', proto: 17, srcPort: 42497, dstPort: 5354 },
        },
      ],
    );
    assert.equal(entries[0]?.id, 0x50475588);
    assert.equal(entries[0]?.zone, undefined);
  });

  it('encodeConntrackDelete() sends the tuple exactly as `conntrack -D` does, plus CTA_ID', () => {
    const [entry] = dumpEntries();
    assert.ok(entry);
    const captured = onlyMessage('ct-delete-v4.request.hex');
    assert.equal(captured.type, ctnetlinkType(IPCTNL_MSG_CT_DELETE));
    const ours = encodeConntrackDelete(entry);
    // Same nfgenmsg, and the same CTA_TUPLE_ORIG bytes (conntrack-tools also sends the reply
    // tuple, status, timeout and mark, which the kernel does not need to find the entry).
    assert.deepEqual(ours.subarray(0, NFGENMSG_LEN), captured.payload.subarray(0, NFGENMSG_LEN));
    const oursAttrs = decodeAttributes(ours.subarray(NFGENMSG_LEN));
    const theirs = decodeAttributes(captured.payload.subarray(NFGENMSG_LEN));
    const origOf = (attrs: typeof theirs) => attrs.find((a) => a.type === CTA_TUPLE_ORIG);
    assert.deepEqual(origOf(oursAttrs), origOf(theirs));
    const id = oursAttrs.find((a) => a.type === CTA_ID);
    assert.equal(id?.payload.readUInt32BE(0), 0x50475588);
  });

  it('encodeConntrackDelete() carries a non-default zone', () => {
    const [entry] = dumpEntries();
    assert.ok(entry);
    const attrs = decodeAttributes(encodeConntrackDelete({ ...entry, zone: 7 }).subarray(4));
    assert.equal(attrs.find((a) => a.type === 18)?.payload.readUInt16BE(0), 7);
  });

  it('decodeConntrackEntry() rejects a message without an original tuple', () => {
    assert.throws(() => decodeConntrackEntry(encodeConntrackDumpRequest(AF_INET6)), RangeError);
    assert.throws(() => decodeConntrackEntry(Buffer.alloc(2)), RangeError);
  });
});
