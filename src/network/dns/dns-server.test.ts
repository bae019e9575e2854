import assert from 'node:assert/strict';
import { connect, type Socket } from 'node:net';
import { after, before, describe, it } from 'node:test';
import dnsPacket from 'dns-packet';
import type { DecodedPacket } from 'dns-packet';
import { RCODE } from './answer.js';
import { DnsServer } from './dns-server.js';
import { makeQuery, tcpQuery, udpExchangeRaw, udpQuery } from './testing/dns-client.js';
import { fakeAsker, FakeDirectory, type FakeRecord } from './testing/fake-directory.js';
import { FakeUpstream } from './testing/fake-upstream.js';
import { Forwarder } from './upstream.js';

const rcode = (p: DecodedPacket | undefined): number | undefined =>
  p === undefined ? undefined : (p.flags ?? 0) & 0xf;
const logger = { debug: () => undefined, warn: () => undefined };

/** 100 containers sharing the alias `crowd`: ~1.7 KB of A records, more than 512 or 1232 bytes. */
function crowd(): FakeRecord[] {
  return Array.from({ length: 100 }, (_, i) => ({
    networkId: 'n1',
    networkName: 'front',
    names: [`c${i}`, 'crowd'],
    v4: `10.1.1.${i + 1}`,
  }));
}

describe('DnsServer', () => {
  const upstream = new FakeUpstream();
  const blackhole = new FakeUpstream({ udp: 'silent', tcp: 'silent' });
  const directory = new FakeDirectory();
  const forwarder = new Forwarder({ maxInFlightPerAsker: 100, tryTimeoutMs: 3000 });
  const server = new DnsServer();
  const internalServer = new DnsServer();
  const openSockets: Socket[] = [];
  let port = 0;

  before(async () => {
    await upstream.start();
    await blackhole.start();
    directory.records = [
      { networkId: 'n1', networkName: 'front', names: ['web'], v4: '10.1.0.2', v6: 'fd00::2' },
      ...crowd(),
    ];
    directory.askers.set('127.0.0.1', fakeAsker('ep1', ['n1'], { upstreams: [upstream.address] }));
    directory.askers.set('127.0.0.2', fakeAsker('ep2', ['n1'], { upstreams: [upstream.address] }));
    directory.askers.set('127.0.0.3', fakeAsker('ep3', ['n1'], { upstreams: [blackhole.address] }));
    await server.start({
      address: '127.0.0.1',
      port: 0,
      networkId: 'n1',
      directory,
      forwarder,
      logger,
    });
    port = server.address().port;
  });

  after(async () => {
    for (const s of openSockets) s.destroy();
    await server.stop();
    await internalServer.stop();
    forwarder.close();
    await upstream.stop();
    await blackhole.stop();
  });

  it('start() binds UDP and TCP on the same port', () => {
    assert.ok(port > 0);
    assert.equal(server.address().address, '127.0.0.1');
  });

  it('answers a container name over UDP', async () => {
    const reply = await udpQuery(port, makeQuery('web'));
    assert.equal(rcode(reply), RCODE.NOERROR);
    assert.deepEqual(
      reply?.answers?.map((a) => a.type === 'A' && a.data),
      ['10.1.0.2'],
    );
    assert.equal(reply?.flag_aa, true);
  });

  it('answers AAAA over TCP', async () => {
    const reply = await tcpQuery(port, makeQuery('web', 'AAAA'));
    assert.deepEqual(
      reply?.answers?.map((a) => a.type === 'AAAA' && a.data),
      ['fd00::2'],
    );
  });

  it('forwards other names upstream over UDP and TCP', async () => {
    const udp = await udpQuery(port, makeQuery('example.com'));
    assert.equal(udp?.answers?.[0]?.type === 'A' && udp.answers[0].data, '192.0.2.1');
    const tcp = await tcpQuery(port, makeQuery('example.org'));
    assert.equal(tcp?.answers?.[0]?.type === 'A' && tcp.answers[0].data, '192.0.2.1');
    assert.ok(upstream.tcpQueries >= 1);
  });

  it('answers REFUSED to a source the directory does not know', async () => {
    const reply = await udpQuery(port, makeQuery('web'), { from: '127.0.0.9' });
    assert.equal(rcode(reply), RCODE.REFUSED);
  });

  it('answers SERVFAIL instead of forwarding for an internal network asker', async () => {
    directory.askers.set(
      '127.0.0.4',
      fakeAsker('ep4', ['n1'], { internal: true, upstreams: [upstream.address] }),
    );
    const before = upstream.udpQueries;
    const reply = await udpQuery(port, makeQuery('example.com'), { from: '127.0.0.4' });
    assert.equal(rcode(reply), RCODE.SERVFAIL);
    assert.equal(upstream.udpQueries, before);
    const local = await udpQuery(port, makeQuery('web'), { from: '127.0.0.4' });
    assert.equal(local?.answers?.length, 1);
  });

  it('ignores a malformed packet and keeps answering others', async () => {
    const garbage = await udpExchangeRaw(port, Buffer.from([1, 2, 3]), { timeoutMs: 200 });
    assert.equal(garbage, undefined, 'no header: dropped');
    const bad = Buffer.concat([makeQuery('web').subarray(0, 12), Buffer.from([0xc0, 0xff, 0, 1])]);
    const formerr = await udpExchangeRaw(port, bad);
    assert.ok(formerr);
    assert.equal((formerr[3] ?? 0) & 0xf, RCODE.FORMERR, 'header readable: FORMERR');
    const reply = await udpQuery(port, makeQuery('web'));
    assert.equal(reply?.answers?.length, 1);
    assert.ok(server.stats.malformed >= 1 && server.stats.dropped >= 1);
  });

  it('never answers a packet that is itself a response', async () => {
    const response = Buffer.from(makeQuery('web'));
    response[2] = (response[2] ?? 0) | 0x80;
    assert.equal(await udpExchangeRaw(port, response, { timeoutMs: 200 }), undefined);
  });

  it('truncates an oversize answer on UDP and gives it in full on TCP', async () => {
    const udp = await udpQuery(port, makeQuery('crowd'));
    assert.equal(udp?.flag_tc, true);
    assert.ok((udp?.answers?.length ?? 0) < 100);
    const edns = await udpExchangeRaw(port, makeQuery('crowd', 'A', 1232));
    assert.ok(edns && edns.length <= 1232 && dnsPacket.decode(edns).flag_tc);
    const tcp = await tcpQuery(port, makeQuery('crowd'));
    assert.equal(tcp?.flag_tc, false);
    assert.equal(tcp?.answers?.length, 100);
  });

  it('answers several pipelined queries on one TCP connection', async () => {
    const socket = connect({ port, host: '127.0.0.1' });
    openSockets.push(socket);
    const frames = ['web', 'c1', 'c2'].map((n) => {
      const q = makeQuery(n);
      const prefix = Buffer.alloc(2);
      prefix.writeUInt16BE(q.length, 0);
      return Buffer.concat([prefix, q]);
    });
    const replies = await new Promise<number>((resolve) => {
      let buffered = Buffer.alloc(0);
      let count = 0;
      socket.on('data', (chunk: Buffer) => {
        buffered = Buffer.concat([buffered, chunk]);
        while (buffered.length >= 2 && buffered.length >= 2 + buffered.readUInt16BE(0)) {
          buffered = buffered.subarray(2 + buffered.readUInt16BE(0));
          if (++count === 3) resolve(count);
        }
      });
      socket.write(Buffer.concat(frames));
    });
    assert.equal(replies, 3);
    socket.destroy();
  });

  it('a slow TCP client (1 byte then silence) does not block a second client', async () => {
    const slow = connect({ port, host: '127.0.0.1' });
    openSockets.push(slow);
    await new Promise<void>((resolve) => slow.once('connect', () => resolve()));
    slow.write(Buffer.from([0]));
    const started = Date.now();
    const reply = await tcpQuery(port, makeQuery('web'));
    assert.equal(reply?.answers?.length, 1);
    assert.ok(Date.now() - started < 500);
    const udp = await udpQuery(port, makeQuery('web'));
    assert.equal(udp?.answers?.length, 1);
  });

  it('closes a TCP connection that never completes its message (slow-loris guard)', async () => {
    const guarded = new DnsServer();
    await guarded.start({
      address: '127.0.0.1',
      port: 0,
      networkId: 'n1',
      directory,
      forwarder,
      logger,
      tcp: { messageTimeoutMs: 100 },
    });
    try {
      const slow = connect({ port: guarded.address().port, host: '127.0.0.1' });
      openSockets.push(slow);
      slow.on('error', () => undefined);
      await new Promise<void>((resolve) => slow.once('connect', () => resolve()));
      slow.write(Buffer.from([0, 40, 1]));
      await new Promise<void>((resolve) => slow.once('close', () => resolve()));
    } finally {
      await guarded.stop();
    }
  });

  it('closes a TCP connection announcing a message shorter than a header', async () => {
    const socket = connect({ port, host: '127.0.0.1' });
    openSockets.push(socket);
    socket.on('error', () => undefined);
    socket.write(Buffer.from([0, 0, 0, 0, 0, 0]));
    await new Promise<void>((resolve) => socket.once('close', () => resolve()));
    assert.equal((await udpQuery(port, makeQuery('web')))?.answers?.length, 1);
  });

  it('answers FORMERR to an undecodable TCP message and keeps the connection', async () => {
    const socket = connect({ port, host: '127.0.0.1' });
    openSockets.push(socket);
    const garbage = Buffer.concat([makeQuery('web').subarray(0, 12), Buffer.alloc(20, 0xff)]);
    const good = makeQuery('web');
    const frame = (m: Buffer): Buffer => Buffer.concat([Buffer.from([0, m.length]), m]);
    const rcodes = await new Promise<number[]>((resolve) => {
      let buffered = Buffer.alloc(0);
      const seen: number[] = [];
      socket.on('data', (chunk: Buffer) => {
        buffered = Buffer.concat([buffered, chunk]);
        while (buffered.length >= 2 && buffered.length >= 2 + buffered.readUInt16BE(0)) {
          seen.push((buffered[5] ?? 0) & 0xf);
          buffered = buffered.subarray(2 + buffered.readUInt16BE(0));
          if (seen.length === 2) resolve(seen);
        }
      });
      socket.write(Buffer.concat([frame(garbage), frame(good)]));
    });
    assert.deepEqual(rcodes, [RCODE.FORMERR, RCODE.NOERROR]);
    socket.destroy();
  });

  it('closes an idle TCP connection', async () => {
    const idle = new DnsServer();
    await idle.start({
      address: '127.0.0.1',
      port: 0,
      networkId: 'n1',
      directory,
      forwarder,
      logger,
      tcp: { idleTimeoutMs: 100 },
    });
    try {
      const socket = connect({ port: idle.address().port, host: '127.0.0.1' });
      openSockets.push(socket);
      socket.on('error', () => undefined);
      const started = Date.now();
      await new Promise<void>((resolve) => socket.once('close', () => resolve()));
      assert.ok(Date.now() - started < 1000);
    } finally {
      await idle.stop();
    }
  });

  it('caps concurrent TCP connections from one source', async () => {
    const capped = new DnsServer();
    await capped.start({
      address: '127.0.0.1',
      port: 0,
      networkId: 'n1',
      directory,
      forwarder,
      logger,
      tcp: { maxConnectionsPerSource: 2 },
    });
    try {
      const p = capped.address().port;
      const held = [0, 1].map(() => connect({ port: p, host: '127.0.0.1' }));
      openSockets.push(...held);
      await Promise.all(held.map((s) => new Promise((r) => s.once('connect', r))));
      await new Promise((r) => setTimeout(r, 20));
      assert.equal(await tcpQuery(p, makeQuery('web'), { timeoutMs: 300 }), undefined);
      assert.equal(
        (await tcpQuery(p, makeQuery('web'), { from: '127.0.0.2' }))?.answers?.length,
        1,
      );
      assert.ok(capped.stats.tcpRejected >= 1);
      held.forEach((s) => s.destroy());
    } finally {
      await capped.stop();
    }
  });

  it('a flood from one source does not stop local answers to another', async () => {
    const { createSocket } = await import('node:dgram');
    const flooder = createSocket('udp4');
    await new Promise<void>((resolve) => flooder.bind(0, '127.0.0.3', resolve));
    let floodReplies = 0;
    flooder.on('message', () => floodReplies++);
    for (let i = 0; i < 5000; i++) flooder.send(makeQuery(`flood${i}.example`), port, '127.0.0.1');
    const started = Date.now();
    let reply;
    for (let attempt = 0; attempt < 5 && reply === undefined; attempt++) {
      reply = await udpQuery(port, makeQuery('web'), { from: '127.0.0.2', timeoutMs: 200 });
    }
    const elapsed = Date.now() - started;
    assert.equal(reply?.answers?.length, 1);
    assert.ok(elapsed < 1000, `answered after ${elapsed} ms`);
    const other = await udpQuery(port, makeQuery('example.net'), { from: '127.0.0.2' });
    assert.equal(rcode(other), RCODE.NOERROR, 'the other asker can still forward');
    await new Promise((r) => setTimeout(r, 100));
    assert.ok(floodReplies > 4000, `flood surplus got SERVFAIL at once (${floodReplies} replies)`);
    flooder.close();
  });

  it('stop() closes the sockets and a second stop() is harmless', async () => {
    await internalServer.start({
      address: '127.0.0.1',
      port: 0,
      networkId: 'n1',
      directory,
      forwarder,
      logger,
    });
    const p = internalServer.address().port;
    await internalServer.stop();
    await internalServer.stop();
    assert.equal(await udpQuery(p, makeQuery('web'), { timeoutMs: 200 }), undefined);
  });
});
