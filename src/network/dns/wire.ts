/**
 * Byte-level helpers on DNS messages (RFC 1035 §4.1) that must work even when a message does not
 * decode: header-only error replies, ID rewriting, size limits and truncation. Uses the global
 * `Buffer` only, no platform modules.
 */
import dnsPacket from 'dns-packet';
import type { Packet } from 'dns-packet';
import { FLAG_TC, RCODE, replyTo } from './answer.js';

/** Size of the fixed DNS header. */
export const HEADER_BYTES = 12;
/** UDP payload limit without EDNS0 (RFC 1035 §4.2.1). */
export const CLASSIC_UDP_BYTES = 512;
/** Largest DNS message: the TCP length prefix is 16 bits (RFC 1035 §4.2.2). */
export const MAX_MESSAGE_BYTES = 65535;

const QR = 0x80;

/** True when the QR bit says the message is a response (never answer those: no reflection loops). */
export function isResponse(message: Buffer): boolean {
  return message.length >= HEADER_BYTES && ((message[2] ?? 0) & QR) !== 0;
}

/** The 16-bit message ID, or -1 when there is no full header. */
export function messageId(message: Buffer): number {
  return message.length >= HEADER_BYTES ? message.readUInt16BE(0) : -1;
}

/** The RCODE of a message with a full header (low 4 bits of byte 3). */
export function messageRcode(message: Buffer): number {
  return (message[3] ?? 0) & 0xf;
}

/** True when the TC bit is set. */
export function isTruncated(message: Buffer): boolean {
  return ((message[2] ?? 0) & (FLAG_TC >> 8)) !== 0;
}

/**
 * A 12-byte reply to a query that could not be decoded: same ID, opcode and RD, QR set, `rcode`,
 * every section empty (RFC 6891 §7 allows FORMERR without a question).
 */
export function headerOnlyReply(query: Buffer, rcode: number): Buffer {
  const out = Buffer.alloc(HEADER_BYTES);
  query.copy(out, 0, 0, 2);
  out[2] = QR | ((query[2] ?? 0) & 0x79); // opcode and RD
  out[3] = 0x80 | (rcode & 0xf); // RA
  return out;
}

/** Copy of `message` with its ID replaced. */
export function withId(message: Buffer, id: number): Buffer {
  const out = Buffer.from(message);
  out.writeUInt16BE(id & 0xffff, 0);
  return out;
}

/**
 * Offset just past the first question, or -1 when the question does not parse as plain labels
 * (queries carry no compression pointers before their question).
 */
export function questionEnd(message: Buffer): number {
  let offset = HEADER_BYTES;
  for (let labels = 0; labels < 128; labels++) {
    const len = message[offset];
    if (len === undefined || len > 63) return -1;
    offset += len + 1;
    if (len === 0) return offset + 4 <= message.length ? offset + 4 : -1;
  }
  return -1;
}

/** True when both messages carry the same first question (names compared case-insensitively). */
export function sameQuestion(query: Buffer, response: Buffer): boolean {
  const end = questionEnd(query);
  if (end < 0 || response.length < end) return false;
  if ((response[5] ?? 0) === 0 && (response[4] ?? 0) === 0) return false;
  for (let i = HEADER_BYTES; i < end; i++) {
    const a = query[i] ?? 0;
    const b = response[i] ?? 0;
    if (a !== b && (a | 0x20) !== (b | 0x20)) return false;
  }
  return true;
}

/** The UDP payload size the client accepts: its EDNS0 size, at least 512 (RFC 6891 §6.2.5). */
export function clientUdpLimit(query: Packet): number {
  const opt = query.additionals?.find((a) => a.type === 'OPT');
  if (opt === undefined || opt.type !== 'OPT') return CLASSIC_UDP_BYTES;
  return Math.min(Math.max(opt.udpPayloadSize, CLASSIC_UDP_BYTES), MAX_MESSAGE_BYTES);
}

/**
 * Encodes `response`, keeping as many answers as fit in `limitBytes`; when some are dropped the
 * TC bit is set (RFC 2181 §9) so the client retries over TCP. Authority records go first.
 */
export function encodeWithin(response: Packet, limitBytes: number): Buffer {
  const full = dnsPacket.encode(response);
  if (full.length <= limitBytes) return full;
  const answers = response.answers ?? [];
  const base = { ...response, authorities: [], flags: (response.flags ?? 0) | FLAG_TC };
  let lo = 0;
  let hi = answers.length;
  while (lo < hi) {
    const mid = Math.ceil((lo + hi) / 2);
    if (dnsPacket.encodingLength({ ...base, answers: answers.slice(0, mid) }) <= limitBytes) {
      lo = mid;
    } else {
      hi = mid - 1;
    }
  }
  const fitted = dnsPacket.encode({ ...base, answers: answers.slice(0, lo) });
  if (fitted.length <= limitBytes) return fitted;
  return dnsPacket.encode({ ...base, answers: [], additionals: [] });
}

/**
 * Fits an upstream answer into the client's UDP limit: returned as is when small enough, else a
 * truncated reply (the records that fit, TC set) so the client retries on TCP if it can.
 */
export function fitForwarded(answer: Buffer, query: Packet, limitBytes: number): Buffer {
  if (answer.length <= limitBytes) return answer;
  // Keep as many records as fit, with TC set, as Docker's resolver does: clients without TCP
  // (busybox, many embedded resolvers) then still get a usable partial answer.
  try {
    const decoded = dnsPacket.decode(answer);
    return encodeWithin(
      { ...decoded, additionals: [], flags: (decoded.flags ?? 0) | FLAG_TC },
      limitBytes,
    );
  } catch {
    const reply = replyTo(query, messageRcode(answer));
    reply.flags = (reply.flags ?? 0) | FLAG_TC;
    return encodeWithin(reply, limitBytes);
  }
}

/** A SERVFAIL reply to `query` (no upstream answer, internal asker, over a forwarding cap). */
export function servfail(query: Packet): Buffer {
  return dnsPacket.encode(replyTo(query, RCODE.SERVFAIL));
}
