/**
 * NftFirewall: the Firewall on nftables. Every method compiles its change with the pure
 * compiler (compile/) and applies it as one `nft -f -` transaction — all or nothing — through
 * NftRunner (synchronously; see nft-runner.ts for why).
 *
 * - `replaceAll` replaces the whole `inet pouch` table atomically; other tables are untouched.
 * - `add*` add elements; a key that is already mapped to something else fails the transaction
 *   with `conflict`, so a stale element can never silently shadow a new mapping.
 * - `remove*` are idempotent: elements already gone are fine (see render.ts), and so is a
 *   missing table. If a port's key is held by *another* mapping (different container address),
 *   the batch is retried port by port and that port is left alone with a warning — a removal
 *   never deletes someone else's element.
 * - UDP mapping changes delete the conntrack entries of those host ports (udp-flows.ts).
 */
import { EngineError, isKind } from '../common/errors.js';
import { deleteConntrackEntries, type ConntrackFilter } from '../kernel/index.js';
import {
  compileAddNetwork,
  compileAddPorts,
  compileRemoveNetwork,
  compileRemovePorts,
  compileTable,
} from './compile/index.js';
import type { FirewallLogger } from './logger.js';
import { NftRunner } from './nft-runner.js';
import { TableWatcher } from './table-watcher.js';
import type { Firewall, FirewallState, NetworkRules, PortMapping } from './types.js';
import { udpFlowFilters } from './udp-flows.js';

/** Constructor options of NftFirewall. */
export interface NftFirewallOptions {
  logger: FirewallLogger;
  /** The nft binary. @default 'nft' */
  nftPath?: string;
  /**
   * Manage the table of another network namespace (tests, or an engine whose "host" is a
   * netns): nft runs as `nsenter --net=<netnsPath> nft …` and conntrack entries are deleted
   * through a ctnetlink socket opened inside it.
   */
  netnsPath?: string;
  /** Deletes conntrack entries; replaceable for tests. @default ctnetlink (kernel/conntrack) */
  deleteFlows?: (filters: ConntrackFilter[], nsPath: string | undefined) => number;
}

/** The nftables firewall. */
export class NftFirewall implements Firewall {
  private readonly logger: FirewallLogger;
  private readonly runner: NftRunner;
  private readonly netnsPath: string | undefined;
  private readonly deleteFlows: NonNullable<NftFirewallOptions['deleteFlows']>;
  private watcher: TableWatcher | undefined;

  constructor(options: NftFirewallOptions) {
    this.logger = options.logger;
    this.netnsPath = options.netnsPath;
    this.runner = new NftRunner({ nftPath: options.nftPath, netnsPath: options.netnsPath });
    this.deleteFlows =
      options.deleteFlows ?? ((filters, nsPath) => deleteConntrackEntries(filters, { nsPath }));
  }

  replaceAll(state: FirewallState): void {
    this.apply(compileTable(state), 'replace the firewall table');
  }

  addNetwork(net: NetworkRules): void {
    this.apply(compileAddNetwork(net), `add network "${net.id}" to the firewall`);
  }

  removeNetwork(net: NetworkRules): void {
    this.remove(compileRemoveNetwork(net), `remove network "${net.id}" from the firewall`);
  }

  addPorts(ports: PortMapping[]): void {
    this.apply(compileAddPorts(ports), 'publish ports');
    this.clearUdpFlows(ports);
  }

  removePorts(ports: PortMapping[]): void {
    try {
      this.remove(compileRemovePorts(ports), 'unpublish ports');
    } catch (err) {
      if (!isKind(err, 'conflict')) throw err;
      for (const port of ports) this.removeOwnPort(port);
    }
    this.clearUdpFlows(ports);
  }

  watch(current: () => FirewallState): void {
    this.watcher?.close();
    this.watcher = new TableWatcher({
      runner: this.runner,
      logger: this.logger,
      repair: () => this.replaceAll(current()),
    });
    this.watcher.start();
  }

  close(): void {
    this.watcher?.close();
    this.watcher = undefined;
  }

  private apply(text: string, action: string): void {
    if (text === '') return;
    try {
      this.runner.apply(text, action);
    } catch (err) {
      if (isKind(err, 'invalid')) this.logger.error({ err, text }, 'nft refused compiled text');
      throw err;
    }
  }

  /** Applies a removal; a missing table means there is nothing to remove. */
  private remove(text: string, action: string): void {
    try {
      this.apply(text, action);
    } catch (err) {
      if (err instanceof EngineError && !this.runner.tableExists()) {
        this.logger.debug({ action }, 'firewall table absent; nothing to remove');
        return;
      }
      throw err;
    }
  }

  /** Removes one port, leaving it alone (with a warning) when its key maps elsewhere. */
  private removeOwnPort(port: PortMapping): void {
    try {
      this.remove(compileRemovePorts([port]), 'unpublish port');
    } catch (err) {
      if (!isKind(err, 'conflict')) throw err;
      this.logger.warn({ port, err }, 'port is mapped to another target; left in place');
    }
  }

  private clearUdpFlows(ports: readonly PortMapping[]): void {
    const filters = udpFlowFilters(ports);
    if (filters.length === 0) return;
    try {
      const deleted = this.deleteFlows(filters, this.netnsPath);
      if (deleted > 0) this.logger.debug({ deleted }, 'deleted stale UDP conntrack entries');
    } catch (err) {
      // The mapping change itself is applied; a stale flow is worth a warning, not a failure.
      this.logger.warn({ err }, 'Cannot delete UDP conntrack entries');
    }
  }
}
