/**
 * Turns one received DNS message into the bytes to send back, for either transport. Local answers
 * are produced synchronously (no promise, no extra tick: the fast path); only forwarding is async.
 */
import dnsPacket from 'dns-packet';
import type { Packet } from 'dns-packet';
import { answerLocally, RCODE, replyTo } from './answer.js';
import type { DnsAsker, DnsDirectory } from './directory.js';
import type { Forwarder } from './upstream.js';
import {
  clientUdpLimit,
  encodeWithin,
  fitForwarded,
  HEADER_BYTES,
  headerOnlyReply,
  isResponse,
  MAX_MESSAGE_BYTES,
  servfail,
} from './wire.js';

/** The logging the resolver needs: a structural subset of pino's Logger. */
export interface DnsLogger {
  debug(obj: object, msg: string): void;
  warn(obj: object, msg: string): void;
}

/** Per-server counters. */
export interface DnsServerStats {
  udpQueries: number;
  tcpQueries: number;
  localAnswers: number;
  forwarded: number;
  servfail: number;
  refused: number;
  malformed: number;
  dropped: number;
  tcpRejected: number;
}

/** Creates zeroed counters. */
export function emptyStats(): DnsServerStats {
  return {
    udpQueries: 0,
    tcpQueries: 0,
    localAnswers: 0,
    forwarded: 0,
    servfail: 0,
    refused: 0,
    malformed: 0,
    dropped: 0,
    tcpRejected: 0,
  };
}

/** What a {@link QueryHandler} needs. */
export interface QueryHandlerDeps {
  networkId: string;
  directory: DnsDirectory;
  forwarder: Forwarder;
  logger: DnsLogger;
  stats: DnsServerStats;
  /** Aborted when the server stops: forwarding in flight is abandoned. */
  signal: AbortSignal;
}

/** Bound on cached answers; the cache is cleared when it would grow past it. */
const CACHE_ENTRIES = 10_000;

/** A reply now, a reply later, or nothing (drop). */
export type HandlerResult = Buffer | undefined | Promise<Buffer | undefined>;

/** Answers raw queries of one network's resolver. */
export class QueryHandler {
  /**
   * Encoded local answers by asker and query bytes (everything but the ID), valid while the
   * directory's version stands: a repeated query skips decoding and encoding entirely.
   */
  private readonly cache = new Map<string, Buffer>();
  private cacheVersion = -1;

  constructor(private readonly d: QueryHandlerDeps) {}

  private cacheKey(message: Buffer, sourceIp: string, tcp: boolean): string | undefined {
    const version = this.d.directory.version?.();
    if (version === undefined) return undefined;
    if (version !== this.cacheVersion || this.cache.size > CACHE_ENTRIES) {
      this.cache.clear();
      this.cacheVersion = version;
    }
    return `${sourceIp}|${tcp ? 'T' : 'U'}|${message.toString('latin1', 2)}`;
  }

  /**
   * The reply to `message` from `sourceIp`; `undefined` to drop it (no header, a response, or
   * garbage from an unknown source). Never throws.
   * @param tcp the message came over TCP: no size limit but 65535, and forward over TCP
   */
  handle(message: Buffer, sourceIp: string, tcp: boolean): HandlerResult {
    const { stats } = this.d;
    if (message.length < HEADER_BYTES || isResponse(message)) {
      stats.dropped++;
      return undefined;
    }
    const key = this.cacheKey(message, sourceIp, tcp);
    const hit = key === undefined ? undefined : this.cache.get(key);
    if (hit !== undefined) {
      stats.localAnswers++;
      const out = Buffer.from(hit);
      out.writeUInt16BE(message.readUInt16BE(0), 0);
      return out;
    }
    let query: Packet;
    try {
      query = dnsPacket.decode(message);
    } catch (err) {
      stats.malformed++;
      this.d.logger.debug({ err, sourceIp }, 'dns: malformed query');
      return headerOnlyReply(message, RCODE.FORMERR);
    }
    try {
      return this.answer(message, query, sourceIp, tcp, key);
    } catch (err) {
      this.d.logger.debug({ err, sourceIp }, 'dns: query failed');
      stats.servfail++;
      return safeServfail(message, query);
    }
  }

  private answer(
    message: Buffer,
    query: Packet,
    sourceIp: string,
    tcp: boolean,
    key?: string,
  ): HandlerResult {
    const { stats, directory } = this.d;
    const asker = directory.asker(this.d.networkId, sourceIp);
    if (asker === undefined) {
      stats.refused++;
      return dnsPacket.encode(replyTo(query, RCODE.REFUSED));
    }
    const limit = tcp ? MAX_MESSAGE_BYTES : clientUdpLimit(query);
    const decision = answerLocally(query, asker, directory);
    if (decision === 'refuse') {
      stats.servfail++;
      return servfail(query);
    }
    if (decision !== 'forward') {
      stats.localAnswers++;
      const out = encodeWithin(decision, limit);
      // Several records are shuffled per answer (round robin): only single answers are cached.
      if (key !== undefined && (decision.answers?.length ?? 0) <= 1) this.cache.set(key, out);
      return out;
    }
    stats.forwarded++;
    return this.forward(message, query, asker, { tcp, limit });
  }

  private async forward(
    message: Buffer,
    query: Packet,
    asker: DnsAsker,
    o: { tcp: boolean; limit: number },
  ): Promise<Buffer | undefined> {
    try {
      const answer = await this.d.forwarder.forward(message, asker.upstreams, {
        tcp: o.tcp,
        asker: asker.endpointId,
        signal: this.d.signal,
      });
      if (this.d.signal.aborted) return undefined;
      if (answer !== undefined) return fitForwarded(answer, query, o.limit);
    } catch (err) {
      this.d.logger.debug({ err }, 'dns: forwarding failed');
    }
    this.d.stats.servfail++;
    return safeServfail(message, query);
  }
}

function safeServfail(message: Buffer, query: Packet): Buffer {
  try {
    return servfail(query);
  } catch {
    return headerOnlyReply(message, RCODE.SERVFAIL);
  }
}
