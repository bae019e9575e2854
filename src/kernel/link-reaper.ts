/**
 * LinkReaper: deletes links without blocking the JS thread.
 *
 * RTM_DELLINK of a veth returns only after the kernel has unregistered the device, which waits
 * for RCU grace periods: 15–25 ms here, during which a synchronous request would stall every API
 * call the daemon serves. The reaper queues deletions and runs them one at a time on its own
 * rtnetlink socket, each on a libuv pool thread (the addon's `requestAsync`).
 *
 * Callers make sure a queued link can no longer collide with anything they create next (the
 * bridge driver renames the container end out of the `ethN` namespace first), and reconcile at
 * start-up deletes the leftovers of deletions a crash cut short.
 */
import { encodeLinkMessage, linkHeader } from './codec/link-message.js';
import { decodeErrorMessage } from './codec/error-message.js';
import { decodeMessages, encodeMessage } from './codec/message.js';
import { NETLINK_ROUTE, NLM_F_ACK, NLM_F_REQUEST, NLMSG_ERROR } from './codec/netlink-constants.js';
import { RTM_DELLINK } from './codec/rtnetlink-constants.js';
import { KernelError, toKernelError, type KernelOperation } from './kernel-error.js';
import { assertLinkName } from './link-name.js';
import { loadNative } from './native.js';

const ENODEV = 19;
const EPROTO = 71;
/** Unregistering can take long on a busy host; a reply later than this is given up on. */
const TIMEOUT_MS = 30_000;

export interface LinkReaperOptions {
  /** The namespace whose links it deletes (the daemon's own when absent). */
  nsPath?: string;
  /** Told about a deletion that failed (anything but "already gone"). */
  onError(err: KernelError, name: string): void;
}

export class LinkReaper {
  private readonly fd: number;
  private seq = 0;
  private tail: Promise<void> = Promise.resolve();
  private queued = 0;
  private closed = false;

  constructor(private readonly options: LinkReaperOptions) {
    try {
      this.fd = loadNative().openNetlink(NETLINK_ROUTE, options.nsPath, TIMEOUT_MS);
    } catch (err) {
      throw toKernelError(err, {
        action: 'open netlink socket in',
        target: options.nsPath ?? 'host',
      });
    }
  }

  /** Deletions queued and not finished yet. */
  get pending(): number {
    return this.queued;
  }

  /** Queues the deletion of link `name`; a link that is already gone is not an error. */
  delete(name: string): void {
    assertLinkName(name, 'delete link');
    if (this.closed) throw new Error(`link reaper closed: cannot delete "${name}"`);
    this.queued += 1;
    this.tail = this.tail
      .then(() => this.deleteNow(name))
      .catch((err: unknown) => {
        const operation = { action: 'delete link', target: name };
        this.options.onError(
          err instanceof KernelError ? err : toKernelError(err, operation),
          name,
        );
      })
      .finally(() => {
        this.queued -= 1;
      });
  }

  /** Resolves when every deletion queued so far has finished. */
  drain(): Promise<void> {
    return this.tail;
  }

  /**
   * Stops taking deletions and waits for the queued ones, at most `waitMs` when given. When they
   * finish in time the socket is closed; otherwise it is left open for the process to exit with
   * (a pool thread may still be reading from it), and reconcile at the next start deletes what
   * is left.
   */
  async close(waitMs?: number): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    let timer: NodeJS.Timeout | undefined;
    const timedOut = new Promise<boolean>((resolve) => {
      if (waitMs !== undefined) timer = setTimeout(() => resolve(true), waitMs);
    });
    const late = await Promise.race([this.tail.then(() => false), timedOut]);
    clearTimeout(timer);
    if (!late) loadNative().close(this.fd);
  }

  private async deleteNow(name: string): Promise<void> {
    const operation: KernelOperation = { action: 'delete link', target: name };
    this.seq = (this.seq + 1) >>> 0 || 1;
    const payload = encodeLinkMessage({ header: linkHeader(), attrs: { name } });
    const message = encodeMessage(
      { type: RTM_DELLINK, flags: NLM_F_REQUEST | NLM_F_ACK, seq: this.seq, portId: 0 },
      payload,
    );
    const reply = await loadNative().requestAsync(this.fd, message);
    const ack = decodeMessages(reply).find((m) => m.type === NLMSG_ERROR && m.seq === this.seq);
    if (ack === undefined)
      throw new KernelError(EPROTO, operation, { extack: 'no ack in the reply' });
    const status = decodeErrorMessage(ack);
    if (status.errno === 0 || status.errno === ENODEV) return;
    throw new KernelError(
      status.errno,
      operation,
      status.extack === undefined ? {} : { extack: status.extack },
    );
  }
}
