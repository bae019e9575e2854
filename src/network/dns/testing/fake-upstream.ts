/**
 * A scriptable upstream DNS server on 127.0.0.1 (UDP and TCP on one random port) for tests of the
 * forwarder and the server. Every name resolves to 192.0.2.x addresses.
 */
import { createSocket, type Socket as UdpSocket } from 'node:dgram';
import { createServer, type Server, type Socket } from 'node:net';
import dnsPacket from 'dns-packet';
import type { Answer, Packet } from 'dns-packet';

/** How the fake treats UDP queries. */
export type UdpBehaviour = 'answer' | 'silent' | 'servfail' | 'truncate' | 'wrong-id-first';
/** How the fake treats TCP queries. */
export type TcpBehaviour = 'answer' | 'silent';

/** Script of a {@link FakeUpstream}. */
export interface FakeUpstreamOptions {
  udp?: UdpBehaviour;
  tcp?: TcpBehaviour;
  /** A records per answer (each ~16 bytes): >40 exceeds 512 bytes. @default 1 */
  answerCount?: number;
}

/** Builds the fake's answer to `query`. */
export function fakeAnswer(query: Packet, count: number, rcode = 0): Buffer {
  const q = query.questions?.[0];
  const answers: Answer[] = [];
  for (let i = 0; q !== undefined && i < count; i++) {
    answers.push({ type: 'A', name: q.name, ttl: 30, data: `192.0.2.${(i % 250) + 1}` });
  }
  return dnsPacket.encode({
    type: 'response',
    id: query.id ?? 0,
    flags: ((query.flags ?? 0) & 0x0100) | 0x0080 | rcode,
    questions: query.questions ?? [],
    answers,
  });
}

/** A fake upstream server; `address` is `127.0.0.1:<port>` after `start()`. */
export class FakeUpstream {
  udpQueries = 0;
  tcpQueries = 0;
  address = '';
  private udp: UdpSocket | undefined;
  private tcp: Server | undefined;
  private readonly sockets = new Set<Socket>();

  constructor(private readonly o: FakeUpstreamOptions = {}) {}

  /** Binds UDP on a random port, then TCP on the same port (retrying on a clash). */
  async start(): Promise<string> {
    for (;;) {
      const udp = createSocket('udp4');
      udp.on('message', (msg, rinfo) => this.onUdp(udp, msg, rinfo.port));
      await new Promise<void>((resolve) => udp.bind(0, '127.0.0.1', resolve));
      const port = udp.address().port;
      const tcp = createServer((s) => this.onTcp(s));
      const ok = await new Promise<boolean>((resolve) => {
        tcp.once('error', () => resolve(false));
        tcp.listen(port, '127.0.0.1', () => resolve(true));
      });
      if (ok) {
        this.udp = udp;
        this.tcp = tcp;
        this.address = `127.0.0.1:${port}`;
        return this.address;
      }
      udp.close();
    }
  }

  /** Closes everything. */
  async stop(): Promise<void> {
    for (const s of this.sockets) s.destroy();
    await new Promise<void>((resolve) => (this.udp ? this.udp.close(() => resolve()) : resolve()));
    await new Promise<void>((resolve) => (this.tcp ? this.tcp.close(() => resolve()) : resolve()));
  }

  private onUdp(udp: UdpSocket, msg: Buffer, port: number): void {
    this.udpQueries++;
    const behaviour = this.o.udp ?? 'answer';
    if (behaviour === 'silent') return;
    const query = dnsPacket.decode(msg);
    const send = (b: Buffer): void => udp.send(b, port, '127.0.0.1');
    if (behaviour === 'servfail') return send(fakeAnswer(query, 0, 2));
    if (behaviour === 'truncate') {
      const tc = fakeAnswer(query, 0);
      tc[2] = (tc[2] ?? 0) | 0x02;
      return send(tc);
    }
    if (behaviour === 'wrong-id-first') {
      send(fakeAnswer({ ...query, id: ((query.id ?? 0) + 1) & 0xffff }, 1));
    }
    send(fakeAnswer(query, this.o.answerCount ?? 1));
  }

  private onTcp(socket: Socket): void {
    this.sockets.add(socket);
    socket.on('close', () => this.sockets.delete(socket));
    socket.on('error', () => undefined);
    let buffered = Buffer.alloc(0);
    socket.on('data', (chunk: Buffer) => {
      buffered = Buffer.concat([buffered, chunk]);
      while (buffered.length >= 2 && buffered.length >= 2 + buffered.readUInt16BE(0)) {
        const msg = buffered.subarray(2, 2 + buffered.readUInt16BE(0));
        buffered = buffered.subarray(2 + msg.length);
        this.tcpQueries++;
        if ((this.o.tcp ?? 'answer') === 'silent') continue;
        const answer = fakeAnswer(dnsPacket.decode(msg), this.o.answerCount ?? 1);
        const prefix = Buffer.alloc(2);
        prefix.writeUInt16BE(answer.length, 0);
        socket.write(Buffer.concat([prefix, answer]));
      }
    });
  }
}
