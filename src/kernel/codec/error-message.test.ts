import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { readHexFixture } from '../testing/hex-fixture.js';
import { decodeDoneMessage, decodeErrorMessage } from './error-message.js';
import { decodeMessages, type NetlinkMessage } from './message.js';
import { NLM_F_ACK_TLVS, NLMSG_DONE, NLMSG_ERROR } from './netlink-constants.js';
import { RTM_NEWLINK } from './rtnetlink-constants.js';

function only(name: string): NetlinkMessage {
  const [msg, ...rest] = decodeMessages(readHexFixture(name));
  assert.ok(msg);
  assert.equal(rest.length, 0);
  return msg;
}

describe('error-message', () => {
  it('decodeErrorMessage() reads a capped ACK as errno 0 for the request it answers', () => {
    const msg = only('newlink-bridge.ack.hex');
    assert.equal(msg.type, NLMSG_ERROR);
    const ack = decodeErrorMessage(msg);
    assert.equal(ack.errno, 0);
    assert.equal(ack.request.type, RTM_NEWLINK);
    assert.equal(ack.request.seq, msg.seq);
    assert.equal(ack.extack, undefined);
  });

  it('decodeErrorMessage() reads EEXIST when the whole request is echoed back', () => {
    const err = decodeErrorMessage(only('newlink-eexist.error.hex'));
    assert.equal(err.errno, 17);
    assert.equal(err.request.type, RTM_NEWLINK);
  });

  it('decodeErrorMessage() reads the kernel extended-ack text after the echoed request', () => {
    const msg = only('setlink-mtu.extack.hex');
    assert.equal(msg.flags & NLM_F_ACK_TLVS, NLM_F_ACK_TLVS);
    const err = decodeErrorMessage(msg);
    assert.equal(err.errno, 22);
    assert.equal(err.extack, 'mtu greater than device maximum');
    assert.equal(err.extackOffset, undefined); // this reason names no attribute
  });

  it('decodeDoneMessage() reads a failed dump status', () => {
    const payload = Buffer.alloc(4);
    payload.writeInt32LE(-4, 0);
    const done = { type: NLMSG_DONE, flags: 0, seq: 1, portId: 1, payload };
    assert.deepEqual(decodeDoneMessage(done), { errno: 4 });
  });
});
