import type { Logger } from 'pino';
import { conflict, forbidden, invalid } from '../common/errors.js';
import { generateId, rfc3339Nano } from '../common/ids.js';
import type { NetworkDriver } from './driver.js';
import { getDriver } from './drivers/registry.js';
import type { HostOps } from './host-ops.js';
import type { Firewall } from '../firewall/types.js';
import { networkRules } from './firewall-rules.js';
import type { Ipam, PoolRequest } from './ipam/ipam.js';
import { getNetworkRecord } from './network-lookup.js';
import { gatewaysOf } from './network-view.js';
import type { NetworkRecord, PoolRef } from './records.js';
import type { NetworkState } from './state.js';
import type { IpamConfigSpec, NetworkSpec } from './types.js';

// Docker's rule for object names; network names also become DNS names on user networks.
const NAME = /^[a-zA-Z0-9][a-zA-Z0-9_.-]*$/;

export interface NetworkManagerDeps {
  state: NetworkState;
  ipam: Ipam;
  ops: HostOps;
  logger: Logger;
  /** CIDRs an automatically chosen subnet must avoid (host routes and addresses). */
  hostPrefixes(): string[];
  firewall?: Firewall;
}

/** Options of a network created by the daemon itself rather than a client. */
export interface CreateOptions {
  predefined?: boolean;
  /** Keep this ID (the predefined `bridge` keeps its ID when re-created with new settings). */
  id?: string;
}

const isV6 = (c: IpamConfigSpec): boolean => (c.subnet ?? '').includes(':');

/** Creates and removes networks: validate, record intent, reserve pools, make host objects. */
export class NetworkManager {
  constructor(private readonly d: NetworkManagerDeps) {}

  create(spec: NetworkSpec, opts: CreateOptions = {}): NetworkRecord {
    const { state } = this.d;
    const name = spec.name;
    if (!NAME.test(name)) {
      throw invalid(`invalid network name "${name}": only [a-zA-Z0-9][a-zA-Z0-9_.-] are allowed`);
    }
    if (state.findNetworkByName(name) !== undefined) {
      throw conflict(`network with name ${name} already exists`, 'NETWORK_EXISTS');
    }
    const driver = getDriver(spec.driver || 'bridge');
    this.checkDriverUse(driver, spec, opts);
    const rec = this.newRecord(spec, driver, opts);
    driver.prepareNetwork(rec, this.d.ops);
    this.checkBridgeNameFree(rec);
    state.store.transaction((tx) => {
      rec.pools = driver.capabilities.usesIpam ? this.requestPools(spec) : [];
      state.putNetwork(rec, tx);
    });
    const gateways = gatewaysOf(rec, this.d.ipam);
    try {
      driver.createNetwork(rec, this.d.ops, gateways);
    } catch (err) {
      this.forget(rec);
      throw err;
    }
    const rules = networkRules(rec, this.d.ipam);
    try {
      if (rules !== undefined) this.d.firewall?.addNetwork(rules);
    } catch (err) {
      driver.deleteNetwork(rec, this.d.ops, gateways);
      this.forget(rec);
      throw err;
    }
    rec.state = 'ready';
    state.putNetwork(rec);
    this.d.logger.info({ network: rec.name, id: rec.id, driver: rec.driver }, 'network created');
    return rec;
  }

  private checkDriverUse(driver: NetworkDriver, spec: NetworkSpec, opts: CreateOptions): void {
    if (driver.capabilities.singleton && !opts.predefined) {
      throw forbidden(`only one instance of "${driver.name}" network is allowed`);
    }
    const ipamDriver = spec.ipam?.driver || 'default';
    if (ipamDriver !== 'default') throw invalid(`IPAM driver "${ipamDriver}" is not supported`);
    driver.validateOptions(spec.options ?? {});
    const configs = spec.ipam?.config ?? [];
    if (!driver.capabilities.usesIpam && configs.length > 0) {
      throw invalid(`driver "${driver.name}" takes no IPAM configuration`);
    }
    const v6 = configs.filter(isV6).length;
    if (configs.length - v6 > 1 || v6 > 1) {
      throw invalid('a network takes at most one IPv4 and one IPv6 subnet');
    }
    if (v6 > 0 && spec.enableIPv6 !== true) {
      throw invalid('an IPv6 subnet was given but IPv6 is not enabled (set EnableIPv6)');
    }
    for (const c of configs) {
      if (
        (c.subnet ?? '') === '' &&
        (c.ipRange || c.gateway || Object.keys(c.auxAddresses ?? {}).length)
      ) {
        throw invalid('IPAM config with an IP range, gateway or auxiliary address needs a subnet');
      }
    }
  }

  private newRecord(spec: NetworkSpec, driver: NetworkDriver, opts: CreateOptions): NetworkRecord {
    return {
      id: opts.id ?? generateId(),
      name: spec.name,
      driver: driver.name,
      state: 'creating',
      created: rfc3339Nano(new Date()),
      enableIPv6: spec.enableIPv6 === true,
      internal: spec.internal === true,
      attachable: spec.attachable === true,
      predefined: opts.predefined === true,
      ipamDriver: spec.ipam?.driver || 'default',
      ipamOptions: spec.ipam?.options ?? {},
      pools: [],
      options: spec.options ?? {},
      labels: spec.labels ?? {},
    };
  }

  private checkBridgeNameFree(rec: NetworkRecord): void {
    const name = rec.bridge?.name;
    if (name === undefined) return;
    for (const other of this.d.state.networks.values()) {
      if (other.bridge?.name === name) {
        throw conflict(`bridge name "${name}" is already used by network ${other.name}`);
      }
    }
  }

  /** Reserves one pool per family; runs inside the caller's store transaction. */
  private requestPools(spec: NetworkSpec): PoolRef[] {
    const configs = spec.ipam?.config ?? [];
    const wanted: Array<{ family: 4 | 6; cfg?: IpamConfigSpec }> = [
      { family: 4, cfg: configs.find((c) => !isV6(c)) },
    ];
    if (spec.enableIPv6 === true) wanted.push({ family: 6, cfg: configs.find(isV6) });
    const avoid = this.d.hostPrefixes();
    const refs: PoolRef[] = [];
    try {
      for (const { family, cfg } of wanted) {
        const req: PoolRequest = { family, options: spec.ipam?.options ?? {}, avoid };
        if (cfg?.subnet) req.subnet = cfg.subnet;
        if (cfg?.ipRange) req.ipRange = cfg.ipRange;
        if (cfg?.gateway) req.gateway = cfg.gateway;
        if (cfg?.auxAddresses) req.auxAddresses = cfg.auxAddresses;
        const pool = this.d.ipam.requestPool(req);
        refs.push({ poolId: pool.id, family, userConfigured: req.subnet !== undefined });
      }
    } catch (err) {
      // The store transaction rolls back; this keeps the allocator's memory in step with it.
      for (const ref of refs) this.d.ipam.releasePool(ref.poolId);
      throw err;
    }
    return refs;
  }

  remove(ref: string): NetworkRecord {
    const { state } = this.d;
    const net = getNetworkRecord(state, ref);
    if (net.predefined) {
      throw forbidden(`${net.name} is a pre-defined network and cannot be removed`, 'PREDEFINED');
    }
    if (state.endpointsOfNetwork(net.id).length > 0) {
      throw forbidden(
        `error while removing network: network ${net.name} id ${net.id} has active endpoints`,
        'ACTIVE_ENDPOINTS',
      );
    }
    this.destroy(net);
    this.d.logger.info({ network: net.name, id: net.id }, 'network removed');
    return net;
  }

  /** Removes a network's host objects, pools and record. Idempotent; used by reconcile too. */
  destroy(net: NetworkRecord): void {
    net.state = 'removing';
    this.d.state.putNetwork(net);
    const rules = networkRules(net, this.d.ipam);
    if (rules !== undefined) this.d.firewall?.removeNetwork(rules);
    getDriver(net.driver).deleteNetwork(net, this.d.ops, gatewaysOf(net, this.d.ipam));
    this.forget(net);
  }

  /** Drops the record and releases its pools in one transaction. */
  private forget(net: NetworkRecord): void {
    this.d.state.store.transaction((tx) => {
      for (const ref of net.pools) this.d.ipam.releasePool(ref.poolId);
      this.d.state.deleteNetwork(net.id, tx);
    });
  }
}
