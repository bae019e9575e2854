import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Packet, RecordType } from 'dns-packet';
import { answerLocally, FLAG_AA, FLAG_RA, FLAG_RD, LOCAL_TTL_SECONDS, RCODE } from './answer.js';
import { addressFromReverseName } from './reverse-name.js';
import { fakeAsker, FakeDirectory } from './testing/fake-directory.js';

function directory(): FakeDirectory {
  const d = new FakeDirectory();
  d.records = [
    {
      networkId: 'n1',
      networkName: 'front',
      names: ['web', 'www', 'abc123def456'],
      v4: '10.1.0.2',
    },
    { networkId: 'n1', networkName: 'front', names: ['web2', 'www'], v4: '10.1.0.3' },
    { networkId: 'n1', networkName: 'front', names: ['db6'], v4: '10.1.0.4', v6: 'fd00::4' },
    { networkId: 'n2', networkName: 'back', names: ['secret'], v4: '10.2.0.2' },
  ];
  return d;
}

const asker = fakeAsker('ep1', ['n1'], { upstreams: ['192.0.2.53'] });
const internalAsker = fakeAsker('ep2', ['n1'], { internal: true });

function q(name: string, type: RecordType | 'ANY' = 'A', extra: Partial<Packet> = {}): Packet {
  return {
    type: 'query',
    id: 4242,
    flags: FLAG_RD,
    questions: [{ name, type: type as RecordType, class: 'IN' }],
    ...extra,
  };
}

function local(decision: ReturnType<typeof answerLocally>): Packet {
  assert.equal(typeof decision, 'object', `expected a local answer, got ${String(decision)}`);
  return decision as Packet;
}

const data = (p: Packet): unknown[] => (p.answers ?? []).map((a) => ('data' in a ? a.data : ''));

describe('answerLocally()', () => {
  it('answers a container name with its address, TTL 600, AA and RA set, id and RD mirrored', () => {
    const r = local(answerLocally(q('web'), asker, directory()));
    assert.deepEqual(data(r), ['10.1.0.2']);
    assert.equal(r.id, 4242);
    assert.equal(r.type, 'response');
    assert.equal(r.answers?.[0]?.type, 'A');
    assert.equal(r.answers?.[0]?.type === 'A' && r.answers[0].ttl, LOCAL_TTL_SECONDS);
    const flags = r.flags ?? 0;
    assert.ok(flags & FLAG_AA && flags & FLAG_RA && flags & FLAG_RD);
    assert.equal(flags & 0xf, RCODE.NOERROR);
    assert.deepEqual(r.questions, q('web').questions);
  });

  it('does not set RD when the query did not', () => {
    const r = local(answerLocally(q('web', 'A', { flags: 0 }), asker, directory()));
    assert.equal((r.flags ?? 0) & FLAG_RD, 0);
  });

  it('gives all addresses of a shared alias, in random order', () => {
    const orders = new Set<string>();
    for (let i = 0; i < 64; i++) {
      const r = local(answerLocally(q('www'), asker, directory()));
      assert.deepEqual([...data(r)].sort(), ['10.1.0.2', '10.1.0.3']);
      orders.add(data(r).join(','));
    }
    assert.equal(orders.size, 2);
  });

  it('compares names case-insensitively and ignores a trailing dot', () => {
    const r = local(answerLocally(q('WeB.'), asker, directory()));
    assert.deepEqual(data(r), ['10.1.0.2']);
    assert.equal(r.answers?.[0]?.name, 'WeB.', 'the answer owner echoes the question');
  });

  it('accepts name.network and short IDs', () => {
    assert.deepEqual(data(local(answerLocally(q('web.front'), asker, directory()))), ['10.1.0.2']);
    assert.deepEqual(data(local(answerLocally(q('abc123def456'), asker, directory()))), [
      '10.1.0.2',
    ]);
  });

  it('forwards names of containers on networks the asker is not on', () => {
    assert.equal(answerLocally(q('secret'), asker, directory()), 'forward');
    assert.equal(answerLocally(q('example.com'), asker, directory()), 'forward');
  });

  it('answers AAAA when the container has an IPv6 address', () => {
    const r = local(answerLocally(q('db6', 'AAAA'), asker, directory()));
    assert.deepEqual(data(r), ['fd00::4']);
    assert.equal(r.answers?.[0]?.type, 'AAAA');
  });

  it('gives NOERROR with no answers for AAAA of an IPv4-only name (not NXDOMAIN)', () => {
    const r = local(answerLocally(q('web', 'AAAA'), asker, directory()));
    assert.equal((r.flags ?? 0) & 0xf, RCODE.NOERROR);
    assert.deepEqual(r.answers, []);
  });

  it('gives NOERROR with no answers for other types of a name it owns (no upstream leak)', () => {
    const r = local(answerLocally(q('web', 'TXT'), asker, directory()));
    assert.equal((r.flags ?? 0) & 0xf, RCODE.NOERROR);
    assert.deepEqual(r.answers, []);
  });

  it('answers ANY with both families', () => {
    const r = local(answerLocally(q('db6', 'ANY'), asker, directory()));
    assert.deepEqual(data(r), ['10.1.0.4', 'fd00::4']);
  });

  it('answers PTR for a scoped IPv4 container address', () => {
    const r = local(answerLocally(q('2.0.1.10.in-addr.arpa', 'PTR'), asker, directory()));
    assert.deepEqual(data(r), ['web.front']);
    assert.equal(r.answers?.[0]?.type, 'PTR');
  });

  it('answers PTR for a scoped IPv6 container address', () => {
    const name = `${'4.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.d.f'}.ip6.arpa`;
    const r = local(answerLocally(q(name, 'PTR'), asker, directory()));
    assert.deepEqual(data(r), ['db6.front']);
  });

  it('forwards PTR for addresses out of scope or unknown', () => {
    assert.equal(answerLocally(q('2.0.2.10.in-addr.arpa', 'PTR'), asker, directory()), 'forward');
    assert.equal(answerLocally(q('9.9.9.9.in-addr.arpa', 'PTR'), asker, directory()), 'forward');
    assert.equal(answerLocally(q('1.10.in-addr.arpa', 'PTR'), asker, directory()), 'forward');
  });

  it('refuses instead of forwarding for an asker on an internal network', () => {
    assert.equal(answerLocally(q('example.com'), internalAsker, directory()), 'refuse');
    assert.equal(
      answerLocally(q('9.9.9.9.in-addr.arpa', 'PTR'), internalAsker, directory()),
      'refuse',
    );
    assert.deepEqual(data(local(answerLocally(q('web'), internalAsker, directory()))), [
      '10.1.0.2',
    ]);
  });

  it('forwards classes other than IN (refuses them when internal)', () => {
    const chaos = q('version.bind', 'TXT');
    chaos.questions = [{ name: 'web', type: 'A', class: 'CH' }];
    assert.equal(answerLocally(chaos, asker, directory()), 'forward');
    assert.equal(answerLocally(chaos, internalAsker, directory()), 'refuse');
  });

  it('gives FORMERR for a query without exactly one question', () => {
    const two = q('web');
    two.questions = [...(two.questions ?? []), ...(two.questions ?? [])];
    assert.equal((local(answerLocally(two, asker, directory())).flags ?? 0) & 0xf, RCODE.FORMERR);
    const none = q('web', 'A', { questions: [] });
    assert.equal((local(answerLocally(none, asker, directory())).flags ?? 0) & 0xf, RCODE.FORMERR);
  });

  it('gives NOTIMP for opcodes other than QUERY', () => {
    const update = q('web', 'A', { flags: 5 << 11 });
    assert.equal((local(answerLocally(update, asker, directory())).flags ?? 0) & 0xf, RCODE.NOTIMP);
  });

  it('echoes an OPT record when the query had one', () => {
    const withOpt = q('web', 'A', {
      additionals: [
        {
          type: 'OPT',
          name: '.',
          udpPayloadSize: 4096,
          extendedRcode: 0,
          ednsVersion: 0,
          flags: 0,
          flag_do: false,
          options: [],
        },
      ],
    });
    const r = local(answerLocally(withOpt, asker, directory()));
    assert.equal(r.additionals?.[0]?.type, 'OPT');
  });
});

describe('addressFromReverseName()', () => {
  it('rejects malformed octets and partial names', () => {
    assert.equal(addressFromReverseName('256.0.0.10.in-addr.arpa'), undefined);
    assert.equal(addressFromReverseName('01.0.0.10.in-addr.arpa'), undefined);
    assert.equal(addressFromReverseName('0.0.10.in-addr.arpa'), undefined);
    assert.equal(addressFromReverseName('1.ip6.arpa'), undefined);
    assert.equal(addressFromReverseName('example.com'), undefined);
  });
});
