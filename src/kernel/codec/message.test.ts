import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { readHexFixture } from '../testing/hex-fixture.js';
import { decodeMessages, encodeMessage } from './message.js';
import { NLM_F_MULTI } from './netlink-constants.js';
import { RTM_NEWLINK } from './rtnetlink-constants.js';

describe('message', () => {
  it('decodeMessages() splits a captured RTM_NEWLINK dump datagram into its parts', () => {
    const msgs = decodeMessages(readHexFixture('getlink-dump.reply.hex'));
    assert.equal(msgs.length, 4);
    for (const m of msgs) {
      assert.equal(m.type, RTM_NEWLINK);
      assert.equal(m.flags & NLM_F_MULTI, NLM_F_MULTI);
      assert.equal(m.seq, msgs[0]?.seq);
    }
    assert.equal(msgs[0]?.payload.length, 1468 - 16);
  });

  it('encodeMessage() writes a header the kernel accepts (captured bridge request)', () => {
    const captured = readHexFixture('newlink-bridge.request.hex');
    const [msg] = decodeMessages(captured);
    assert.ok(msg);
    assert.deepEqual(encodeMessage(msg, msg.payload), captured);
  });

  it('decodeMessages() rejects a message whose length runs past the datagram', () => {
    const buf = readHexFixture('newlink-bridge.ack.hex');
    buf.writeUInt32LE(buf.length + 4, 0);
    assert.throws(() => decodeMessages(buf), RangeError);
  });
});
