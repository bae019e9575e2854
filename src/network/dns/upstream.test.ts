import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import dnsPacket from 'dns-packet';
import { parseUpstream } from './exchange.js';
import { makeQuery } from './testing/dns-client.js';
import { FakeUpstream } from './testing/fake-upstream.js';
import { Forwarder } from './upstream.js';

const fast = { tryTimeoutMs: 150, totalTimeoutMs: 1000 };

describe('Forwarder', () => {
  const good = new FakeUpstream();
  const silent = new FakeUpstream({ udp: 'silent', tcp: 'silent' });
  const failing = new FakeUpstream({ udp: 'servfail' });
  const truncating = new FakeUpstream({ udp: 'truncate', answerCount: 60 });
  const spoofed = new FakeUpstream({ udp: 'wrong-id-first' });
  const all = [good, silent, failing, truncating, spoofed];
  const forwarders: Forwarder[] = [];
  const forwarder = (o = {}): Forwarder => {
    const f = new Forwarder({ ...fast, ...o });
    forwarders.push(f);
    return f;
  };

  before(async () => {
    for (const u of all) await u.start();
  });
  after(async () => {
    for (const f of forwarders) f.close();
    for (const u of all) await u.stop();
  });

  it('forward() returns the upstream answer with the client query ID', async () => {
    const query = makeQuery('example.com');
    const answer = await forwarder().forward(query, [good.address], { tcp: false });
    assert.ok(answer);
    const decoded = dnsPacket.decode(answer);
    assert.equal(decoded.id, query.readUInt16BE(0));
    assert.equal(decoded.answers?.[0]?.type === 'A' && decoded.answers[0].data, '192.0.2.1');
  });

  it('forward() fails over to the next upstream when the first never answers', async () => {
    const f = forwarder();
    const started = Date.now();
    const answer = await f.forward(makeQuery('a.example'), [silent.address, good.address], {
      tcp: false,
    });
    assert.ok(answer);
    assert.ok(Date.now() - started >= 140, 'waited for the first try to time out');
    assert.ok(silent.udpQueries >= 1);
  });

  it('forward() fails over on SERVFAIL', async () => {
    const answer = await forwarder().forward(
      makeQuery('b.example'),
      [failing.address, good.address],
      {
        tcp: false,
      },
    );
    assert.ok(answer);
    assert.equal((answer[3] ?? -1) & 0xf, 0);
    assert.ok(failing.udpQueries >= 1);
  });

  it('forward() returns undefined when every upstream fails, within the total bound', async () => {
    const f = forwarder({ tryTimeoutMs: 100, totalTimeoutMs: 250 });
    const started = Date.now();
    const answer = await f.forward(
      makeQuery('c.example'),
      [silent.address, silent.address, silent.address],
      { tcp: false },
    );
    assert.equal(answer, undefined);
    assert.ok(Date.now() - started < 600);
    assert.equal(f.stats.failed, 1);
  });

  it('forward() retries over TCP when the UDP answer has TC', async () => {
    const f = forwarder();
    const answer = await f.forward(makeQuery('big.example'), [truncating.address], { tcp: false });
    assert.ok(answer);
    const decoded = dnsPacket.decode(answer);
    assert.equal(decoded.flag_tc, false);
    assert.equal(decoded.answers?.length, 60);
    assert.equal(f.stats.tcpRetries, 1);
    assert.ok(truncating.tcpQueries >= 1);
  });

  it('forward() uses TCP when the client did', async () => {
    const before = good.tcpQueries;
    const answer = await forwarder().forward(makeQuery('t.example'), [good.address], { tcp: true });
    assert.ok(answer);
    assert.equal(good.tcpQueries, before + 1);
  });

  it('forward() ignores an answer with the wrong ID and takes the matching one', async () => {
    const query = makeQuery('spoof.example');
    const answer = await forwarder().forward(query, [spoofed.address], { tcp: false });
    assert.ok(answer);
    assert.equal(answer.readUInt16BE(0), query.readUInt16BE(0));
    assert.equal(spoofed.udpQueries, 1);
  });

  it('forward() gives up at once over the per-asker cap while other askers still forward', async () => {
    const f = forwarder({ maxInFlightPerAsker: 5, tryTimeoutMs: 300, totalTimeoutMs: 300 });
    const hogs = Array.from({ length: 5 }, () =>
      f.forward(makeQuery('hog.example'), [silent.address], { tcp: false, asker: 'hog' }),
    );
    const started = Date.now();
    assert.equal(
      await f.forward(makeQuery('x.example'), [good.address], { tcp: false, asker: 'hog' }),
      undefined,
    );
    assert.ok(Date.now() - started < 50, 'rejected immediately');
    assert.equal(f.stats.rejectedOverCap, 1);
    const other = await f.forward(makeQuery('y.example'), [good.address], {
      tcp: false,
      asker: 'ok',
    });
    assert.ok(other);
    await Promise.all(hogs);
    assert.equal(f.inFlight, 0);
  });

  it('forward() enforces the global cap', async () => {
    const f = forwarder({ maxInFlight: 2, tryTimeoutMs: 200, totalTimeoutMs: 200 });
    const a = f.forward(makeQuery('1.example'), [silent.address], { tcp: false, asker: 'a' });
    const b = f.forward(makeQuery('2.example'), [silent.address], { tcp: false, asker: 'b' });
    assert.equal(
      await f.forward(makeQuery('3.example'), [good.address], { tcp: false, asker: 'c' }),
      undefined,
    );
    await Promise.all([a, b]);
  });

  it('forward() resolves undefined promptly when aborted or closed', async () => {
    const f = forwarder({ tryTimeoutMs: 5000, totalTimeoutMs: 5000 });
    const ac = new AbortController();
    const started = Date.now();
    const pending = f.forward(makeQuery('z.example'), [silent.address], {
      tcp: false,
      signal: ac.signal,
    });
    const pending2 = f.forward(makeQuery('w.example'), [silent.address], { tcp: true });
    setTimeout(() => ac.abort(), 20);
    assert.equal(await pending, undefined);
    f.close();
    assert.equal(await pending2, undefined);
    assert.ok(Date.now() - started < 1000);
    assert.equal(
      await f.forward(makeQuery('v.example'), [good.address], { tcp: false }),
      undefined,
    );
  });

  it('forward() skips upstreams it cannot parse', async () => {
    const answer = await forwarder().forward(
      makeQuery('p.example'),
      ['dns.example.com', good.address],
      {
        tcp: false,
      },
    );
    assert.ok(answer);
  });
});

describe('parseUpstream()', () => {
  it('accepts IPs with optional port and rejects host names', () => {
    assert.deepEqual(parseUpstream('1.2.3.4'), { host: '1.2.3.4', port: 53, family: 4 });
    assert.deepEqual(parseUpstream('1.2.3.4:5353'), { host: '1.2.3.4', port: 5353, family: 4 });
    assert.deepEqual(parseUpstream('2001:db8::1'), { host: '2001:db8::1', port: 53, family: 6 });
    assert.deepEqual(parseUpstream('[2001:db8::1]:54'), {
      host: '2001:db8::1',
      port: 54,
      family: 6,
    });
    assert.equal(parseUpstream('dns.example.com'), undefined);
    assert.equal(parseUpstream('1.2.3.4:99999'), undefined);
    assert.equal(parseUpstream('1.2.3.4:x'), undefined);
  });
});
