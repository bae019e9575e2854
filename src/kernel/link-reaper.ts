/**
 * LinkReaper: deletes links without blocking the JS thread.
 *
 * RTM_DELLINK of a veth returns only after the kernel has unregistered the device, which waits
 * for RCU grace periods: 15–25 ms here, during which a synchronous request would stall every API
 * call the daemon serves. The reaper queues deletions and runs them one at a time on its own
 * rtnetlink socket, each waiting on a libuv pool thread (NetlinkSocket.requestAsync).
 *
 * Callers make sure a queued link can no longer collide with anything they create next (the
 * bridge driver renames the container end out of the `ethN` namespace first), and reconcile at
 * start-up deletes the leftovers of deletions a crash cut short.
 */
import { NETLINK_ROUTE } from './codec/netlink-constants.js';
import { KernelError, toKernelError } from './kernel-error.js';
import { deleteLinkAsync } from './link-ops.js';
import { assertLinkName } from './link-name.js';
import { NetlinkSocket } from './netlink-socket.js';

/** Unregistering can take long on a busy host; a reply later than this is given up on. */
const TIMEOUT_MS = 30_000;

export interface LinkReaperOptions {
  /** The namespace whose links it deletes (the daemon's own when absent). */
  nsPath?: string;
  /** Told about a deletion that failed (anything but "already gone"). */
  onError(err: KernelError, name: string): void;
}

export class LinkReaper {
  private readonly sock: NetlinkSocket;
  private tail: Promise<void> = Promise.resolve();
  private queued = 0;
  private closed = false;

  constructor(private readonly options: LinkReaperOptions) {
    this.sock = NetlinkSocket.open(NETLINK_ROUTE, {
      ...(options.nsPath !== undefined ? { nsPath: options.nsPath } : {}),
      timeoutMs: TIMEOUT_MS,
    });
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
      .then(() => deleteLinkAsync(this.sock, name))
      .then(
        () => undefined,
        (err: unknown) => {
          const e =
            err instanceof KernelError
              ? err
              : toKernelError(err, { action: 'delete link', target: name });
          this.options.onError(e, name);
        },
      )
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
    if (!late) this.sock.close();
  }
}
