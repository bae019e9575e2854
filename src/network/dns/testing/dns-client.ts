/**
 * Minimal DNS clients for tests: one UDP or TCP query to 127.0.0.x, with a timeout, optionally
 * from a chosen loopback source address (so one test can play several containers).
 */
import { createSocket } from 'node:dgram';
import { connect } from 'node:net';
import dnsPacket from 'dns-packet';
import type { DecodedPacket, Packet, RecordType } from 'dns-packet';

/** A recursive query for `name`/`type`, with EDNS0 when `udpSize` is given. */
export function makeQuery(name: string, type: RecordType = 'A', udpSize?: number): Buffer {
  const packet: Packet = {
    type: 'query',
    id: Math.floor(Math.random() * 0x10000),
    flags: dnsPacket.RECURSION_DESIRED,
    questions: [{ name, type, class: 'IN' }],
  };
  if (udpSize !== undefined) {
    packet.additionals = [
      {
        type: 'OPT',
        name: '.',
        udpPayloadSize: udpSize,
        extendedRcode: 0,
        ednsVersion: 0,
        flags: 0,
        flag_do: false,
        options: [],
      },
    ];
  }
  return dnsPacket.encode(packet);
}

/** Options of the test clients. */
export interface ClientOptions {
  /** Source address to bind (127.0.0.x). @default '127.0.0.1' */
  from?: string;
  /** Give up after this long and resolve `undefined`. @default 2000 */
  timeoutMs?: number;
}

/** Sends `message` over UDP and resolves with the first reply (raw), or `undefined` on timeout. */
export function udpExchangeRaw(
  port: number,
  message: Buffer,
  o: ClientOptions = {},
): Promise<Buffer | undefined> {
  return new Promise((resolve) => {
    const socket = createSocket('udp4');
    const done = (reply?: Buffer): void => {
      clearTimeout(timer);
      socket.close();
      resolve(reply);
    };
    const timer = setTimeout(() => done(undefined), o.timeoutMs ?? 2000);
    socket.on('message', (msg) => done(msg));
    socket.bind(0, o.from ?? '127.0.0.1', () => socket.send(message, port, '127.0.0.1'));
  });
}

/** {@link udpExchangeRaw}, decoded. */
export async function udpQuery(
  port: number,
  message: Buffer,
  o: ClientOptions = {},
): Promise<DecodedPacket | undefined> {
  const reply = await udpExchangeRaw(port, message, o);
  return reply === undefined ? undefined : dnsPacket.decode(reply);
}

/** Sends `message` framed over a new TCP connection and resolves with the decoded reply. */
export function tcpQuery(
  port: number,
  message: Buffer,
  o: ClientOptions = {},
): Promise<DecodedPacket | undefined> {
  return new Promise((resolve) => {
    const socket = connect({ port, host: '127.0.0.1', localAddress: o.from ?? '127.0.0.1' });
    let buffered = Buffer.alloc(0);
    const done = (reply?: DecodedPacket): void => {
      clearTimeout(timer);
      socket.destroy();
      resolve(reply);
    };
    const timer = setTimeout(() => done(undefined), o.timeoutMs ?? 2000);
    socket.on('error', () => done(undefined));
    socket.on('data', (chunk: Buffer) => {
      buffered = Buffer.concat([buffered, chunk]);
      if (buffered.length >= 2 && buffered.length >= 2 + buffered.readUInt16BE(0)) {
        done(dnsPacket.decode(buffered.subarray(2, 2 + buffered.readUInt16BE(0))));
      }
    });
    const prefix = Buffer.alloc(2);
    prefix.writeUInt16BE(message.length, 0);
    socket.write(Buffer.concat([prefix, message]));
  });
}
