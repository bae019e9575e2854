/**
 * The resolver of one network: a UDP socket and a TCP listener on the network's gateway address,
 * in the daemon's network namespace. Containers send to 127.0.0.11:53; an nft DNAT in their
 * namespace rewrites that to `<gateway>:53` and SNATs the source to the container's own address,
 * so the source IP here identifies the asker (the aardvark-dns model). No process per network.
 *
 * Names are looked up live in the directory on every query, so there is nothing to reload and the
 * sockets stay bound across container and network changes (aardvark-dns#389).
 */
import { setMaxListeners } from 'node:events';
import { createSocket, type RemoteInfo, type Socket as UdpSocket } from 'node:dgram';
import { createServer, type Server, type Socket } from 'node:net';
import type { DnsDirectory } from './directory.js';
import { emptyStats, QueryHandler, type DnsLogger, type DnsServerStats } from './query-handler.js';
import { DEFAULT_TCP_SESSION_LIMITS, TcpSession, type TcpSessionLimits } from './tcp-session.js';
import type { Forwarder } from './upstream.js';

/** TCP limits of a server. */
export interface DnsTcpLimits extends TcpSessionLimits {
  /** Open TCP connections overall. @default 512 */
  maxConnections: number;
  /** Open TCP connections from one source address. @default 16 */
  maxConnectionsPerSource: number;
}

/** Options of {@link DnsServer.start}. */
export interface DnsServerStartOptions {
  /** Address to bind: the network's gateway IP (must already be on the bridge). */
  address: string;
  /** Port for both UDP and TCP; 0 picks a free port common to both (tests). @default 53 */
  port?: number;
  /** Network whose resolver this is: passed to `directory.asker()`. */
  networkId: string;
  directory: DnsDirectory;
  /** Shared by all networks' servers, so its caps are daemon-wide. */
  forwarder: Forwarder;
  logger: DnsLogger;
  /** Overrides of the TCP limits. */
  tcp?: Partial<DnsTcpLimits>;
  /** Kernel receive buffer of the UDP socket, capped by net.core.rmem_max. @default 4 MiB */
  udpReceiveBufferBytes?: number;
}

const DEFAULT_TCP_LIMITS: DnsTcpLimits = {
  ...DEFAULT_TCP_SESSION_LIMITS,
  maxConnections: 512,
  maxConnectionsPerSource: 16,
};

/** Strips the IPv4-mapped prefix a dual-stack socket may report (`::ffff:10.0.0.2`). */
function plainAddress(address: string | undefined): string {
  if (address === undefined) return '';
  return address.startsWith('::ffff:') && address.includes('.') ? address.slice(7) : address;
}

/**
 * Embedded DNS server for one network.
 * @example
 * const server = new DnsServer();
 * await server.start({ address: '172.18.0.1', networkId, directory, forwarder, logger });
 * await server.stop();
 */
export class DnsServer {
  /** Counters since start. */
  readonly stats: DnsServerStats = emptyStats();
  private udp: UdpSocket | undefined;
  private tcp: Server | undefined;
  private readonly connections = new Set<Socket>();
  private readonly perSource = new Map<string, number>();
  private stopping = new AbortController();
  private bound: { address: string; port: number } | undefined;

  /** Where the server listens (after `start`). */
  address(): { address: string; port: number } {
    if (this.bound === undefined) throw new Error('Cannot get DNS server address: not started');
    return { ...this.bound };
  }

  /**
   * Binds UDP and TCP on `address:port` and starts answering.
   * @throws the bind error (EADDRINUSE, EADDRNOTAVAIL, EACCES) after closing what was bound
   */
  async start(o: DnsServerStartOptions): Promise<void> {
    if (this.udp !== undefined) throw new Error('Cannot start DNS server: already started');
    this.stopping = new AbortController();
    setMaxListeners(0, this.stopping.signal); // one listener per forwarded query in flight
    const handler = new QueryHandler({
      networkId: o.networkId,
      directory: o.directory,
      forwarder: o.forwarder,
      logger: o.logger,
      stats: this.stats,
      signal: this.stopping.signal,
    });
    const limits = { ...DEFAULT_TCP_LIMITS, ...o.tcp };
    const wanted = o.port ?? 53;
    for (let attempt = 0; ; attempt++) {
      const udp = await this.bindUdp(o, wanted, handler);
      const port = udp.address().port;
      try {
        this.tcp = await this.listenTcp(o.address, port, handler, limits);
        this.udp = udp;
        this.bound = { address: o.address, port };
        o.logger.debug({ network: o.networkId, address: o.address, port }, 'dns: listening');
        return;
      } catch (err) {
        udp.close();
        const retry =
          wanted === 0 && attempt < 10 && (err as NodeJS.ErrnoException).code === 'EADDRINUSE';
        if (!retry) throw err;
      }
    }
  }

  /** Closes both sockets and every TCP connection; forwarding in flight is abandoned. Idempotent. */
  async stop(): Promise<void> {
    this.stopping.abort();
    const udp = this.udp;
    const tcp = this.tcp;
    this.udp = undefined;
    this.tcp = undefined;
    this.bound = undefined;
    for (const socket of this.connections) socket.destroy();
    this.connections.clear();
    this.perSource.clear();
    await Promise.all([
      udp === undefined ? undefined : new Promise<void>((resolve) => udp.close(() => resolve())),
      tcp === undefined ? undefined : new Promise<void>((resolve) => tcp.close(() => resolve())),
    ]);
  }

  private bindUdp(o: DnsServerStartOptions, port: number, handler: QueryHandler) {
    const family = o.address.includes(':') ? 'udp6' : 'udp4';
    const udp = createSocket({
      type: family,
      recvBufferSize: o.udpReceiveBufferBytes ?? 4 * 1024 * 1024,
    });
    const send = (reply: Buffer | undefined, to: RemoteInfo): void => {
      if (reply === undefined || this.udp !== udp) return;
      udp.send(reply, to.port, to.address, (err) => {
        if (err) this.stats.dropped++;
      });
    };
    udp.on('message', (msg, rinfo) => {
      this.stats.udpQueries++;
      const result = handler.handle(msg, plainAddress(rinfo.address), false);
      if (result instanceof Promise) void result.then((reply) => send(reply, rinfo));
      else send(result, rinfo);
    });
    udp.on('error', (err) => o.logger.debug({ err, network: o.networkId }, 'dns: udp error'));
    return new Promise<UdpSocket>((resolve, reject) => {
      udp.once('error', reject);
      udp.bind({ address: o.address, port, exclusive: true }, () => {
        udp.off('error', reject);
        resolve(udp);
      });
    });
  }

  private listenTcp(
    address: string,
    port: number,
    handler: QueryHandler,
    limits: DnsTcpLimits,
  ): Promise<Server> {
    const server = createServer({ pauseOnConnect: false }, (socket) =>
      this.accept(socket, handler, limits),
    );
    server.on('error', () => undefined);
    return new Promise((resolve, reject) => {
      server.once('error', reject);
      server.listen({ host: address, port, exclusive: true }, () => {
        server.off('error', reject);
        resolve(server);
      });
    });
  }

  private accept(socket: Socket, handler: QueryHandler, limits: DnsTcpLimits): void {
    const source = plainAddress(socket.remoteAddress);
    const fromSource = this.perSource.get(source) ?? 0;
    if (
      this.connections.size >= limits.maxConnections ||
      fromSource >= limits.maxConnectionsPerSource
    ) {
      this.stats.tcpRejected++;
      socket.destroy();
      return;
    }
    this.connections.add(socket);
    this.perSource.set(source, fromSource + 1);
    socket.once('close', () => {
      if (!this.connections.delete(socket)) return;
      const left = (this.perSource.get(source) ?? 1) - 1;
      if (left <= 0) this.perSource.delete(source);
      else this.perSource.set(source, left);
    });
    new TcpSession(
      socket,
      (message) => {
        this.stats.tcpQueries++;
        return handler.handle(message, source, true);
      },
      limits,
    );
  }
}
