/**
 * NetlinkSocket: the synchronous request/ACK and dump engine over one netlink socket.
 *
 * - Every request gets a fresh sequence number; replies are matched by sequence number and
 *   our port id, so a late reply to an earlier request that timed out is skipped, not
 *   mistaken for the answer to the current one.
 * - A request is sent with NLM_F_ACK and completes at its NLMSG_ERROR (errno 0 = ACK); any
 *   messages before it (the answer to a GET) are returned.
 * - A dump collects NLM_F_MULTI parts until NLMSG_DONE.
 * - NLMSG_ERROR with an errno, or a failing NLMSG_DONE, becomes a KernelError carrying the
 *   kernel's extended-ack text.
 * - This is the one place that retries dumps the kernel flags NLM_F_DUMP_INTR (the object list
 *   changed while the dump ran, so the result may be inconsistent): up to DUMP_ATTEMPTS times,
 *   then the dump fails with EINTR. Compare containernetworking/plugins pkg/netlinksafe.
 */
import { BugError } from '../common/errors.js';
import { decodeDoneMessage, decodeErrorMessage } from './codec/error-message.js';
import { decodeMessages, encodeMessage, type NetlinkMessage } from './codec/message.js';
import {
  NLM_F_ACK,
  NLM_F_DUMP,
  NLM_F_DUMP_INTR,
  NLM_F_REQUEST,
  NLMSG_DONE,
  NLMSG_ERROR,
  NLMSG_NOOP,
  NLMSG_OVERRUN,
} from './codec/netlink-constants.js';
import { KernelError, toKernelError, type KernelOperation } from './kernel-error.js';
import { loadNative } from './native.js';

/** How many times a dump interrupted by a concurrent change is attempted in total. */
export const DUMP_ATTEMPTS = 4;

const EAGAIN = 11;
const EINTR = 4;
const ENOBUFS = 105;
const EPROTO = 71;

/** A failed receive as a KernelError; a timeout says so in words. */
function receiveError(err: unknown, operation: KernelOperation): KernelError {
  const e = toKernelError(err, operation);
  if (e.errno !== EAGAIN) return e;
  return new KernelError(EAGAIN, operation, { extack: 'no reply from the kernel in time' });
}

/** One request: message type, extra flags (NLM_F_CREATE, …) and the payload after nlmsghdr. */
export interface NetlinkRequest {
  type: number;
  flags?: number;
  payload: Buffer;
}

export interface NetlinkSocketOptions {
  /** Open the socket inside this network namespace (path of a netns file). */
  nsPath?: string;
  /** Receive timeout; a request without a reply within it fails with EAGAIN. */
  timeoutMs?: number;
}

/**
 * What the socket needs from below: the addon in production, a scripted fake in tests. Errors
 * are thrown as errno-carrying Errors (see native.ts).
 */
export interface NetlinkTransport {
  /** Our port id: replies to our requests carry it in nlmsg_pid. */
  readonly portId: number;
  send(message: Buffer): void;
  /** One whole datagram; throws EAGAIN after the receive timeout. */
  recv(): Buffer;
  /**
   * Sends and waits off the calling thread; resolves with the datagram that carries the
   * message's sequence number. Absent when the transport cannot do that.
   */
  sendAndReceive?(message: Buffer): Promise<Buffer>;
  close(): void;
}

interface ReceiveResult {
  replies: NetlinkMessage[];
  interrupted: boolean;
}

/** A synchronous netlink socket bound to the namespace it was opened in. */
export class NetlinkSocket {
  private readonly transport: NetlinkTransport;
  private closed = false;
  private seq = 0;

  constructor(transport: NetlinkTransport) {
    this.transport = transport;
  }

  /** Opens a socket for `protocol` (NETLINK_ROUTE, …), optionally inside a netns. */
  static open(protocol: number, options: NetlinkSocketOptions = {}): NetlinkSocket {
    const native = loadNative();
    try {
      const fd = native.openNetlink(protocol, options.nsPath, options.timeoutMs);
      let portId: number;
      try {
        portId = native.portId(fd);
      } catch (err) {
        native.close(fd);
        throw err;
      }
      return new NetlinkSocket({
        portId,
        send: (message) => void native.send(fd, message),
        recv: () => native.recv(fd),
        sendAndReceive: (message) => native.requestAsync(fd, message),
        close: () => native.close(fd),
      });
    } catch (err) {
      const target = options.nsPath ?? 'host';
      throw toKernelError(err, { action: 'open netlink socket in', target });
    }
  }

  /** Sends `req` with NLM_F_ACK and waits for the ACK; returns the replies before it. */
  request(req: NetlinkRequest, operation: KernelOperation): NetlinkMessage[] {
    const seq = this.send(
      req.type,
      NLM_F_REQUEST | NLM_F_ACK | (req.flags ?? 0),
      req.payload,
      operation,
    );
    return this.receive(seq, operation).replies;
  }

  /**
   * Like request(), for a change answered by its ACK alone, with the wait off the JS thread (the
   * kernel may take tens of ms, e.g. to unregister a veth). One at a time per socket, and no
   * synchronous call on the same socket while it is in flight.
   */
  async requestAsync(req: NetlinkRequest, operation: KernelOperation): Promise<void> {
    const exchange = this.transport.sendAndReceive;
    if (exchange === undefined) throw new BugError('this netlink transport cannot wait off-thread');
    const { seq, message } = this.encode(
      req.type,
      NLM_F_REQUEST | NLM_F_ACK | (req.flags ?? 0),
      req.payload,
      operation,
    );
    let datagram: Buffer;
    try {
      datagram = await exchange(message);
    } catch (err) {
      throw receiveError(err, operation);
    }
    for (const msg of decodeMessages(datagram)) {
      if (msg.seq !== seq || msg.portId !== this.transport.portId) continue;
      if (this.isFinal(msg, operation)) return;
    }
    throw new KernelError(EPROTO, operation, { extack: 'the reply carried no acknowledgement' });
  }

  /** Dumps all objects of a type, retrying when the kernel reports NLM_F_DUMP_INTR. */
  dump(req: NetlinkRequest, operation: KernelOperation): NetlinkMessage[] {
    for (let attempt = 1; ; attempt++) {
      const flags = NLM_F_REQUEST | NLM_F_DUMP | (req.flags ?? 0);
      const seq = this.send(req.type, flags, req.payload, operation);
      const result = this.receive(seq, operation);
      if (!result.interrupted) return result.replies;
      if (attempt >= DUMP_ATTEMPTS) {
        throw new KernelError(EINTR, operation, {
          extack: `dump interrupted by concurrent changes ${attempt} times`,
        });
      }
    }
  }

  /** Closes the socket; later calls are bugs. Closing twice is fine. */
  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.transport.close();
  }

  /** The next sequence number and the request encoded with it. */
  private encode(
    type: number,
    flags: number,
    payload: Buffer,
    operation: KernelOperation,
  ): { seq: number; message: Buffer } {
    if (this.closed) {
      throw new BugError(`Cannot ${operation.action} "${operation.target}": socket closed`);
    }
    this.seq = (this.seq + 1) >>> 0 || 1;
    return {
      seq: this.seq,
      message: encodeMessage({ type, flags, seq: this.seq, portId: 0 }, payload),
    };
  }

  private send(type: number, flags: number, payload: Buffer, operation: KernelOperation): number {
    const { seq, message } = this.encode(type, flags, payload, operation);
    try {
      this.transport.send(message);
    } catch (err) {
      throw toKernelError(err, operation);
    }
    return seq;
  }

  private recvDatagram(operation: KernelOperation): Buffer {
    try {
      return this.transport.recv();
    } catch (err) {
      throw receiveError(err, operation);
    }
  }

  /** Reads datagrams until the message that ends request `seq`. */
  private receive(seq: number, operation: KernelOperation): ReceiveResult {
    const result: ReceiveResult = { replies: [], interrupted: false };
    for (;;) {
      for (const msg of decodeMessages(this.recvDatagram(operation))) {
        if (msg.seq !== seq || msg.portId !== this.transport.portId) continue; // stale or not ours
        if (msg.type === NLMSG_NOOP) continue;
        if ((msg.flags & NLM_F_DUMP_INTR) !== 0) result.interrupted = true;
        if (this.isFinal(msg, operation)) return result;
        result.replies.push(msg);
      }
    }
  }

  /** True for the message that ends a request; throws for a failure. */
  private isFinal(msg: NetlinkMessage, operation: KernelOperation): boolean {
    if (msg.type === NLMSG_ERROR || msg.type === NLMSG_DONE) {
      const status = msg.type === NLMSG_ERROR ? decodeErrorMessage(msg) : decodeDoneMessage(msg);
      if (status.errno === 0) return true;
      const options = status.extack === undefined ? {} : { extack: status.extack };
      throw new KernelError(status.errno, operation, options);
    }
    if (msg.type === NLMSG_OVERRUN) {
      throw new KernelError(ENOBUFS, operation, { extack: 'netlink receive buffer overrun' });
    }
    return false;
  }
}
