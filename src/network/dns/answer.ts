/**
 * What the embedded resolver answers by itself, decided on a decoded query. Pure: no platform
 * modules, no I/O; the directory is consulted through its interface only.
 *
 * Behaviour follows moby's `resolver.go` where Docker users can observe it (TTL 600, shuffled
 * A/AAAA records, PTR for container addresses, everything else forwarded), with two deliberate
 * differences, both about names the resolver owns:
 * - a name in scope is answered NOERROR for every query type (empty when there is no record of
 *   that type). moby forwards e.g. TXT/SRV-for-a-container upstream, which leaks container names
 *   and gets an NXDOMAIN that contradicts the A answer (RFC 8020 lets caches apply it to all types).
 * - an asker on an `Internal` network never gets an upstream answer (CVE-2024-29018). moby answers
 *   SERVFAIL there (`serveDNS`: no upstream usable → `RcodeServerFailure`); we do the same, so the
 *   result is `'refuse'` and the server replies SERVFAIL (see `dns-server.ts`). SERVFAIL rather than
 *   REFUSED or NXDOMAIN: glibc moves on through its search list and other nameservers, and no
 *   cache stores it as proof that the name does not exist.
 */
import type { Answer, Packet, Question } from 'dns-packet';
import type { DnsAsker, DnsDirectory } from './directory.js';
import { addressFromReverseName, isReverseName } from './reverse-name.js';

/** TTL of local records, as Docker (`respTTL` in moby's resolver.go). */
export const LOCAL_TTL_SECONDS = 600;

/** UDP payload size we advertise in OPT records (DNS flag day 2020 value). */
export const EDNS_UDP_PAYLOAD_BYTES = 1232;

/** DNS header flag bits (RFC 1035 §4.1.1) as dns-packet keeps them in `Packet.flags`. */
export const FLAG_AA = 1 << 10;
export const FLAG_TC = 1 << 9;
export const FLAG_RD = 1 << 8;
export const FLAG_RA = 1 << 7;
export const FLAG_CD = 1 << 4;

/** Response codes (RFC 1035 §4.1.1). */
export const RCODE = { NOERROR: 0, FORMERR: 1, SERVFAIL: 2, NXDOMAIN: 3, NOTIMP: 4, REFUSED: 5 };

/** What to do with a query: a local response, forward it upstream, or fail it (internal asker). */
export type LocalDecision = Packet | 'forward' | 'refuse';

/** Lower-cases `name` and drops one trailing dot (`Web.` → `web`). */
export function normalizeName(name: string): string {
  const lower = name.toLowerCase();
  return lower.endsWith('.') ? lower.slice(0, -1) : lower;
}

/**
 * A response to `query` with `rcode` and no records: same id and question, RD mirrored, RA set,
 * and an OPT record when the query had one (RFC 6891 §6.1.1).
 */
export function replyTo(query: Packet, rcode: number, answers: Answer[] = []): Packet {
  const opt = query.additionals?.find((a) => a.type === 'OPT');
  return {
    type: 'response',
    id: query.id ?? 0,
    flags: ((query.flags ?? 0) & (FLAG_RD | FLAG_CD)) | FLAG_RA | (rcode & 0xf),
    questions: query.questions ?? [],
    answers,
    authorities: [],
    additionals: opt === undefined ? [] : [ourOpt(opt.flags)],
  };
}

/** Our OPT record: advertises what we accept over UDP and echoes only the DO bit. */
function ourOpt(queryFlags: number): Answer {
  return {
    type: 'OPT',
    name: '.',
    udpPayloadSize: EDNS_UDP_PAYLOAD_BYTES,
    extendedRcode: 0,
    ednsVersion: 0,
    flags: queryFlags & 0x8000,
    flag_do: (queryFlags & 0x8000) !== 0,
    options: [],
  };
}

/** Fisher–Yates shuffle in place (moby `shuffleAddr`): clients that take the first record spread. */
function shuffle<T>(items: T[]): T[] {
  for (let i = items.length - 1; i > 0; i--) {
    const j = Math.floor(Math.random() * (i + 1));
    const t = items[i] as T;
    items[i] = items[j] as T;
    items[j] = t;
  }
  return items;
}

function addressRecords(question: Question, found: { v4: string[]; v6: string[] }): Answer[] {
  const out: Answer[] = [];
  const ttl = LOCAL_TTL_SECONDS;
  const { name } = question;
  const type: string = question.type; // dns-packet decodes QTYPE 255 as 'ANY', untyped
  if (type === 'A' || type === 'ANY') {
    for (const data of shuffle([...found.v4])) out.push({ type: 'A', name, ttl, data });
  }
  if (type === 'AAAA' || type === 'ANY') {
    for (const data of shuffle([...found.v6])) out.push({ type: 'AAAA', name, ttl, data });
  }
  return out;
}

function answerReverse(query: Packet, q: Question, asker: DnsAsker, dir: DnsDirectory) {
  const address = addressFromReverseName(normalizeName(q.name));
  const host = address === undefined ? undefined : dir.reverse(asker, address);
  if (host === undefined) return undefined;
  const type: string = q.type;
  if (type !== 'PTR' && type !== 'ANY') return authoritative(replyTo(query, RCODE.NOERROR));
  const record: Answer = { type: 'PTR', name: q.name, ttl: LOCAL_TTL_SECONDS, data: host };
  return authoritative(replyTo(query, RCODE.NOERROR, [record]));
}

function authoritative(packet: Packet): Packet {
  packet.flags = (packet.flags ?? 0) | FLAG_AA;
  return packet;
}

/**
 * Answers `query` from the directory when the name is the resolver's own, else says whether it
 * may go upstream.
 * @param query decoded query; only opcode QUERY with exactly one question is answered
 * @param asker the container that asked, as the directory identified it
 * @returns a response packet; `'forward'` for names not in the asker's scope; `'refuse'` instead
 *   of `'forward'` when the asker is on an internal network (the caller replies SERVFAIL)
 * @example
 * answerLocally(query, asker, directory) // → { type: 'response', answers: [{ type: 'A', … }] }
 */
export function answerLocally(
  query: Packet,
  asker: DnsAsker,
  directory: DnsDirectory,
): LocalDecision {
  const opcode = ((query.flags ?? 0) >> 11) & 0xf;
  if (opcode !== 0) return replyTo(query, RCODE.NOTIMP);
  const q = query.questions?.length === 1 ? query.questions[0] : undefined;
  if (q === undefined) return replyTo(query, RCODE.FORMERR);
  const upstream = asker.internal ? 'refuse' : 'forward';
  if ((q.class ?? 'IN') !== 'IN') return upstream;
  const name = normalizeName(q.name);
  if (isReverseName(name)) return answerReverse(query, q, asker, directory) ?? upstream;
  const found = directory.lookup(asker, name);
  if (found.v4.length === 0 && found.v6.length === 0) return upstream;
  return authoritative(replyTo(query, RCODE.NOERROR, addressRecords(q, found)));
}
