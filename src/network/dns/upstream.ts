/**
 * Forwarding of queries the resolver does not own to the asker's upstream servers.
 *
 * Bounds, so that no container can make the daemon hold unbounded work:
 * - at most `maxInFlight` queries in flight overall (moby's `maxConcurrent` is 1024) and
 *   `maxInFlightPerAsker` per asker. Over either cap the query fails at once (SERVFAIL from the
 *   server) instead of queueing: a flooding container only loses its own surplus, and moby's
 *   wait-for-a-slot-then-REFUSED behaviour would tie up the others' slots for seconds.
 * - each try waits `tryTimeoutMs`, the whole query `totalTimeoutMs` (aardvark splits a 5 s budget
 *   across servers; moby waits `extIOTimeout` = 4 s per server), over at most `maxUpstreams`.
 */
import { randomInt } from 'node:crypto';
import { setMaxListeners } from 'node:events';
import {
  parseUpstream,
  tcpExchange,
  udpExchange,
  type ExchangeRequest,
  type UpstreamServer,
} from './exchange.js';
import { RCODE } from './answer.js';
import { HEADER_BYTES, isTruncated, messageId, messageRcode, withId } from './wire.js';

/** Limits of a {@link Forwarder}. */
export interface ForwarderOptions {
  /** Queries in flight over all askers. @default 1024 */
  maxInFlight?: number;
  /** Queries in flight for one asker. @default 100 */
  maxInFlightPerAsker?: number;
  /** Wait for one upstream try. @default 2000 */
  tryTimeoutMs?: number;
  /** Wait for the whole query, all tries included. @default 5000 */
  totalTimeoutMs?: number;
  /** Upstreams tried per query, in order (moby `maxExtDNS`). @default 3 */
  maxUpstreams?: number;
}

/** One forwarding request. */
export interface ForwardOptions {
  /** The client asked over TCP: ask upstream over TCP too. */
  tcp: boolean;
  /** Key of the asker for the per-asker cap (its endpoint ID). */
  asker?: string;
  /** Abort: the query is abandoned and `forward` resolves `undefined`. */
  signal?: AbortSignal;
}

/** Counters, for logs and tests. */
export interface ForwarderStats {
  forwarded: number;
  answered: number;
  failed: number;
  rejectedOverCap: number;
  tcpRetries: number;
}

/**
 * Forwards raw queries upstream with failover, TC→TCP retry and concurrency caps.
 * @example
 * const forwarder = new Forwarder();
 * const answer = await forwarder.forward(query, ['8.8.8.8'], { tcp: false, asker: endpointId });
 * forwarder.close();
 */
export class Forwarder {
  readonly stats: ForwarderStats = {
    forwarded: 0,
    answered: 0,
    failed: 0,
    rejectedOverCap: 0,
    tcpRetries: 0,
  };
  private readonly limits: Required<ForwarderOptions>;
  private readonly perAsker = new Map<string, number>();
  private readonly closing = new AbortController();
  private total = 0;

  constructor(options: ForwarderOptions = {}) {
    this.limits = {
      maxInFlight: options.maxInFlight ?? 1024,
      maxInFlightPerAsker: options.maxInFlightPerAsker ?? 100,
      tryTimeoutMs: options.tryTimeoutMs ?? 2000,
      totalTimeoutMs: options.totalTimeoutMs ?? 5000,
      maxUpstreams: options.maxUpstreams ?? 3,
    };
    // One listener per query in flight (removed when it settles): up to maxInFlight, not a leak.
    setMaxListeners(0, this.closing.signal);
  }

  /** Queries in flight now. */
  get inFlight(): number {
    return this.total;
  }

  /**
   * Asks `upstreams` in order until one gives an answer other than SERVFAIL/REFUSED.
   * @param query the client's query, unchanged; the answer comes back with the same ID
   * @param upstreams `ip`, `ip:port` or `[ip6]:port`; unparsable entries are skipped
   * @returns the upstream answer, or `undefined` (no usable answer, over a cap, closed, aborted)
   */
  async forward(
    query: Buffer,
    upstreams: string[],
    opts: ForwardOptions,
  ): Promise<Buffer | undefined> {
    if (this.closing.signal.aborted || query.length < HEADER_BYTES) return undefined;
    const key = opts.asker ?? '';
    const mine = this.perAsker.get(key) ?? 0;
    if (this.total >= this.limits.maxInFlight || mine >= this.limits.maxInFlightPerAsker) {
      this.stats.rejectedOverCap++;
      return undefined;
    }
    this.total++;
    this.perAsker.set(key, mine + 1);
    this.stats.forwarded++;
    try {
      const answer = await this.tryAll(query, upstreams, opts);
      if (answer === undefined) this.stats.failed++;
      else this.stats.answered++;
      return answer;
    } finally {
      this.total--;
      const left = (this.perAsker.get(key) ?? 1) - 1;
      if (left === 0) this.perAsker.delete(key);
      else this.perAsker.set(key, left);
    }
  }

  /** Abandons every query in flight and refuses new ones. Idempotent. */
  close(): void {
    this.closing.abort();
  }

  private async tryAll(
    query: Buffer,
    upstreams: string[],
    opts: ForwardOptions,
  ): Promise<Buffer | undefined> {
    // One controller per query, unlinked in `finally`: AbortSignal.any() on the long-lived
    // closing signal would pile up listeners.
    const local = new AbortController();
    const abort = (): void => local.abort();
    const parents = [this.closing.signal, ...(opts.signal ? [opts.signal] : [])];
    for (const p of parents) {
      if (p.aborted) local.abort();
      else p.addEventListener('abort', abort, { once: true });
    }
    try {
      return await this.trySequence(query, upstreams, opts.tcp, local.signal);
    } finally {
      for (const p of parents) p.removeEventListener('abort', abort);
    }
  }

  private async trySequence(
    query: Buffer,
    upstreams: string[],
    tcp: boolean,
    signal: AbortSignal,
  ): Promise<Buffer | undefined> {
    const deadline = Date.now() + this.limits.totalTimeoutMs;
    const servers = upstreams
      .map(parseUpstream)
      .filter((s): s is UpstreamServer => s !== undefined)
      .slice(0, this.limits.maxUpstreams);
    for (const server of servers) {
      const remaining = deadline - Date.now();
      if (remaining <= 0 || signal.aborted) break;
      const sent = withId(query, randomInt(0, 0x10000));
      const req = {
        query: sent,
        server,
        timeoutMs: Math.min(this.limits.tryTimeoutMs, remaining),
        signal,
      };
      const answer = await this.tryOne(req, tcp, deadline);
      if (answer === undefined) continue;
      const rcode = messageRcode(answer);
      if (rcode === RCODE.SERVFAIL || rcode === RCODE.REFUSED) continue;
      return withId(answer, messageId(query));
    }
    return undefined;
  }

  private async tryOne(
    req: ExchangeRequest,
    tcp: boolean,
    deadline: number,
  ): Promise<Buffer | undefined> {
    if (tcp) return tcpExchange(req);
    const answer = await udpExchange(req);
    if (answer === undefined || !isTruncated(answer)) return answer;
    // RFC 7766 §5: a truncated UDP answer is retried over TCP; if that fails the TC answer
    // still goes back, and the client can retry over TCP itself.
    this.stats.tcpRetries++;
    const remaining = deadline - Date.now();
    if (remaining <= 0) return answer;
    const full = await tcpExchange({
      ...req,
      timeoutMs: Math.min(this.limits.tryTimeoutMs, remaining),
    });
    return full ?? answer;
  }
}
