import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { decodeMessages, encodeMessage, readHeader } from './codec/message.js';
import { NLM_F_DUMP_INTR, NLM_F_MULTI, NLMSG_DONE } from './codec/netlink-constants.js';
import { RTM_GETLINK, RTM_NEWLINK } from './codec/rtnetlink-constants.js';
import { KernelError } from './kernel-error.js';
import { DUMP_ATTEMPTS, NetlinkSocket, type NetlinkTransport } from './netlink-socket.js';
import { readHexFixture } from './testing/hex-fixture.js';

const PORT = 4242;
const op = { action: 'test', target: 'x' };

/** Rewrites seq and port id of every message in a captured datagram, optionally adding flags. */
function readdress(datagram: Buffer, seq: number, extraFlags = 0): Buffer {
  const out = Buffer.from(datagram);
  let offset = 0;
  while (offset < out.length) {
    const h = readHeader(out, offset);
    out.writeUInt16LE(h.flags | extraFlags, offset + 6);
    out.writeUInt32LE(seq, offset + 8);
    out.writeUInt32LE(PORT, offset + 12);
    offset += (h.length + 3) & ~3;
  }
  return out;
}

function done(seq: number): Buffer {
  return encodeMessage(
    { type: NLMSG_DONE, flags: NLM_F_MULTI, seq, portId: PORT },
    Buffer.alloc(4),
  );
}

/** A transport whose kernel answers each request with `reply(seq, requestNumber)`. */
function fakeTransport(reply: (seq: number, n: number) => Buffer[]): NetlinkTransport & {
  sent: Buffer[];
} {
  const queue: Buffer[] = [];
  const sent: Buffer[] = [];
  return {
    portId: PORT,
    sent,
    send(message) {
      sent.push(message);
      queue.push(...reply(readHeader(message, 0).seq, sent.length));
    },
    recv() {
      const next = queue.shift();
      if (next === undefined)
        throw Object.assign(new Error('timeout'), { errno: 11, code: 'EAGAIN' });
      return next;
    },
    close() {},
  };
}

describe('NetlinkSocket', () => {
  it('request() skips replies to other sequence numbers and returns at the ACK', () => {
    const ack = readHexFixture('newlink-bridge.ack.hex');
    const sock = new NetlinkSocket(
      fakeTransport((seq) => [readdress(ack, seq - 1), readdress(ack, seq)]),
    );
    assert.deepEqual(sock.request({ type: RTM_NEWLINK, payload: Buffer.alloc(16) }, op), []);
  });

  it('request() turns NLMSG_ERROR into a KernelError with the extended-ack text', () => {
    const extack = readHexFixture('setlink-mtu.extack.hex');
    const sock = new NetlinkSocket(fakeTransport((seq) => [readdress(extack, seq)]));
    const err = (() => {
      try {
        sock.request({ type: RTM_NEWLINK, payload: Buffer.alloc(16) }, op);
      } catch (e) {
        return e;
      }
      return undefined;
    })();
    assert.ok(err instanceof KernelError);
    assert.equal(err.errno, 22);
    assert.equal(err.kind, 'invalid');
    assert.equal(err.extack, 'mtu greater than device maximum');
    assert.equal(
      err.message,
      'Cannot test "x": Invalid argument (EINVAL): mtu greater than device maximum',
    );
  });

  it('dump() collects multipart replies until NLMSG_DONE', () => {
    const dump = readHexFixture('getlink-dump.reply.hex');
    const sock = new NetlinkSocket(fakeTransport((seq) => [readdress(dump, seq), done(seq)]));
    const msgs = sock.dump({ type: RTM_GETLINK, payload: Buffer.alloc(16) }, op);
    assert.equal(msgs.length, decodeMessages(dump).length);
  });

  it('dump() retries a dump the kernel marked NLM_F_DUMP_INTR', () => {
    const dump = readHexFixture('getlink-dump.reply.hex');
    const transport = fakeTransport((seq, n) => [
      readdress(dump, seq, n === 1 ? NLM_F_DUMP_INTR : 0),
      done(seq),
    ]);
    const msgs = new NetlinkSocket(transport).dump(
      { type: RTM_GETLINK, payload: Buffer.alloc(16) },
      op,
    );
    assert.equal(transport.sent.length, 2);
    assert.equal(msgs.length, 4);
  });

  it('dump() fails with EINTR when every attempt is interrupted', () => {
    const dump = readHexFixture('getlink-dump.reply.hex');
    const transport = fakeTransport((seq) => [readdress(dump, seq, NLM_F_DUMP_INTR), done(seq)]);
    const sock = new NetlinkSocket(transport);
    assert.throws(
      () => sock.dump({ type: RTM_GETLINK, payload: Buffer.alloc(16) }, op),
      (e: unknown) => e instanceof KernelError && e.errno === 4,
    );
    assert.equal(transport.sent.length, DUMP_ATTEMPTS);
  });

  it('request() reports a missing reply as EAGAIN instead of hanging', () => {
    const sock = new NetlinkSocket(fakeTransport(() => []));
    assert.throws(
      () => sock.request({ type: RTM_NEWLINK, payload: Buffer.alloc(16) }, op),
      (e: unknown) => e instanceof KernelError && e.errno === 11 && /no reply/.test(e.message),
    );
  });

  it('close() is idempotent and later requests are bugs', () => {
    const sock = new NetlinkSocket(fakeTransport(() => []));
    sock.close();
    sock.close();
    assert.throws(() => sock.request({ type: RTM_NEWLINK, payload: Buffer.alloc(0) }, op), {
      name: 'BugError',
    });
  });

  it('requestAsync() waits off-thread, skips stale answers, and reports errors like request()', async () => {
    const ack = readHexFixture('newlink-bridge.ack.hex');
    const extack = readHexFixture('setlink-mtu.extack.hex');
    const asyncTransport = (
      answer: (seq: number) => Buffer | Error,
    ): NetlinkTransport & { sendAndReceive(m: Buffer): Promise<Buffer> } => ({
      ...fakeTransport(() => []),
      sendAndReceive: async (message) => {
        const a = answer(readHeader(message, 0).seq);
        if (a instanceof Error) throw a;
        return a;
      },
    });
    const req = { type: RTM_NEWLINK, payload: Buffer.alloc(16) };
    await new NetlinkSocket(asyncTransport((seq) => readdress(ack, seq))).requestAsync(req, op);
    await assert.rejects(
      new NetlinkSocket(asyncTransport((seq) => readdress(extack, seq))).requestAsync(req, op),
      (e: unknown) => e instanceof KernelError && e.errno === 22 && e.extack !== undefined,
    );
    await assert.rejects(
      new NetlinkSocket(asyncTransport((seq) => readdress(ack, seq + 1))).requestAsync(req, op),
      (e: unknown) => e instanceof KernelError && e.errno === 71,
      'an answer to another request is no acknowledgement',
    );
    const timeout = Object.assign(new Error('timeout'), { errno: 11, code: 'EAGAIN' });
    await assert.rejects(
      new NetlinkSocket(asyncTransport(() => timeout)).requestAsync(req, op),
      (e: unknown) => e instanceof KernelError && e.errno === 11 && /in time/.test(e.message),
    );
    await assert.rejects(new NetlinkSocket(fakeTransport(() => [])).requestAsync(req, op), {
      name: 'BugError',
    });
  });
});
