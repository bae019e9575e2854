import type { Logger } from 'pino';
import { cidrContains, parseCidr } from '../common/cidr.js';
import { forbidden, invalid, notFound } from '../common/errors.js';
import { tryParseIp } from '../common/ip-address.js';
import { generateId } from '../common/ids.js';
import { macFromIpv4, normalizeMac } from '../common/mac.js';
import { addDefaultRoutes } from './drivers/bridge/bridge-driver.js';
import { parseBridgeOptions } from './drivers/bridge/bridge-options.js';
import { getDriver } from './drivers/registry.js';
import { withSandbox, type HostOps } from './host-ops.js';
import type { Firewall } from '../firewall/types.js';
import type { Ipam } from './ipam/ipam.js';
import type { PortAllocator } from './ports/port-allocator.js';
import type { PortRequest } from './ports/port-request.js';
import { getNetworkRecord } from './network-lookup.js';
import type { EndpointRecord, NetworkRecord, SandboxRecord } from './records.js';
import type { NetworkState } from './state.js';

/** What a container asks of one network (Docker's EndpointSettings, in domain terms). */
export interface EndpointRequest {
  containerName?: string;
  ipv4Address?: string;
  ipv6Address?: string;
  macAddress?: string;
  aliases?: string[];
  /** Ports to publish through this endpoint (the container's external connectivity). */
  ports?: PortRequest[];
  /** `--link` entries: alias → linked container name. */
  links?: Record<string, string>;
  /** The container's --dns servers (upstreams of the embedded resolver for it). */
  dns?: string[];
}

export interface EndpointManagerDeps {
  state: NetworkState;
  ipam: Ipam;
  ops: HostOps;
  logger: Logger;
  ports: PortAllocator;
  firewall?: Firewall;
}

const prefixLen = (cidr: string): string => cidr.split('/')[1] ?? '';

/** Plans, applies and removes endpoints: one per (sandbox, network). */
export class EndpointManager {
  constructor(private readonly d: EndpointManagerDeps) {}

  /**
   * The seed's EndpointCreate + Join: lease addresses and record the endpoint as `creating` in
   * one transaction, plug it into the sandbox, then mark it `ready`. A failure undoes all of it.
   */
  connect(sb: SandboxRecord, networkRef: string, req: EndpointRequest = {}): EndpointRecord {
    const { state } = this.d;
    const net = getNetworkRecord(state, networkRef);
    const driver = getDriver(net.driver);
    this.checkAllowed(sb, net, req, driver.capabilities.hostNamespace);
    const ep = this.plan(sb, net, req, driver.capabilities.hostNamespace);
    state.store.transaction((tx) => {
      this.leaseOrRelease(net, ep, req);
      this.allocatePorts(net, ep, req);
      if (ep.mac === '')
        ep.mac = ep.ipv4 !== '' ? macFromIpv4(ep.ipv4.split('/')[0] ?? '') : randomMac();
      state.putEndpoint(ep, tx);
    });
    try {
      driver.join(net, ep, sb, this.d.ops);
    } catch (err) {
      this.forget(net, ep);
      throw err;
    }
    try {
      if (ep.ports !== undefined && ep.ports.length > 0) this.d.firewall?.addPorts(ep.ports);
    } catch (err) {
      driver.leave(net, ep, sb, this.d.ops);
      this.forget(net, ep);
      throw err;
    }
    ep.state = 'ready';
    state.putEndpoint(ep);
    this.d.logger.debug({ endpoint: ep.id, network: net.name, sandbox: sb.id }, 'endpoint joined');
    return ep;
  }

  private checkAllowed(
    sb: SandboxRecord,
    net: NetworkRecord,
    req: EndpointRequest,
    hostNs: boolean,
  ): void {
    if (hostNs !== sb.isHost) {
      throw forbidden(
        'container cannot be disconnected from host network or connected to host network',
      );
    }
    for (const other of this.d.state.endpointsOfSandbox(sb.id)) {
      if (other.networkId === net.id) {
        throw forbidden(
          `endpoint with name ${other.name} already exists in network ${net.name}`,
          'ENDPOINT_EXISTS',
        );
      }
    }
    this.validateRequest(net, req);
  }

  /**
   * Checks what can be checked of a request before anything is made: a static address needs a
   * user-configured subnet of its family and must lie inside it. Used at connect and, for a
   * stopped container, when the request is only recorded.
   */
  validateRequest(net: NetworkRecord, req: EndpointRequest): void {
    for (const [family, address] of [
      [4, req.ipv4Address],
      [6, req.ipv6Address],
    ] as const) {
      if (!address) continue;
      const ref = net.pools.find((p) => p.family === family && p.userConfigured);
      if (ref === undefined) {
        throw invalid(
          'user specified IP address is supported only when connecting to networks with user configured subnets',
        );
      }
      const pool = this.d.ipam.findPool(ref.poolId);
      const ip = tryParseIp(address);
      if (pool === undefined || ip === undefined || !cidrContains(parseCidr(pool.subnet), ip)) {
        throw invalid(`invalid address "${address}": not in the subnet of network ${net.name}`);
      }
    }
  }

  private plan(
    sb: SandboxRecord,
    net: NetworkRecord,
    req: EndpointRequest,
    hostNs: boolean,
  ): EndpointRecord {
    const id = generateId();
    const interfaces = net.driver === 'bridge';
    return {
      id,
      name: req.containerName ?? sb.containerId.slice(0, 8),
      networkId: net.id,
      sandboxId: sb.id,
      containerId: sb.containerId,
      containerName: req.containerName ?? '',
      state: 'creating',
      ifName: interfaces ? this.nextIfName(sb, parseBridgeOptions(net.options).ifacePrefix) : '',
      hostIfName: interfaces && !hostNs ? `veth${id.slice(0, 11)}` : '',
      mac: interfaces && req.macAddress ? normalizeMac(req.macAddress) : '',
      ipv4: '',
      ipv6: '',
      gatewayV4: '',
      gatewayV6: '',
      aliases: req.aliases ?? [],
      providesDefaultRoute: false,
      ...(req.links !== undefined ? { links: req.links } : {}),
      ...(req.dns !== undefined && req.dns.length > 0 ? { dns: req.dns } : {}),
    };
  }

  /** The lowest free `<prefix>N` in the sandbox, as Docker numbers interfaces. */
  private nextIfName(sb: SandboxRecord, prefix: string): string {
    const used = new Set(this.d.state.endpointsOfSandbox(sb.id).map((e) => e.ifName));
    let n = 0;
    while (used.has(`${prefix}${n}`)) n += 1;
    return `${prefix}${n}`;
  }

  /**
   * Host ports for the endpoint's published ports, allocated in the caller's transaction (the
   * record holds them before any rule exists). A taken port is a 409 and releases the leases.
   */
  private allocatePorts(net: NetworkRecord, ep: EndpointRecord, req: EndpointRequest): void {
    const requests = req.ports ?? [];
    if (requests.length === 0 || ep.ipv4 === '') return;
    const defaultIp = parseBridgeOptions(net.options).hostBindingIpv4;
    const resolved = requests.map((r) => ({
      ...r,
      hostIp: r.hostIp === '' && defaultIp !== '0.0.0.0' ? defaultIp : r.hostIp,
    }));
    const v6 = (ip: string): boolean => ip.includes(':');
    try {
      ep.ports = [
        ...this.d.ports.allocate(
          resolved.filter((r) => !v6(r.hostIp)),
          { owner: ep.id, containerIp: ep.ipv4.split('/')[0] ?? '', family: 4 },
        ),
        ...(ep.ipv6 === ''
          ? []
          : this.d.ports.allocate(
              resolved.filter((r) => v6(r.hostIp)),
              { owner: ep.id, containerIp: ep.ipv6.split('/')[0] ?? '', family: 6 },
            )),
      ];
    } catch (err) {
      this.d.ports.release(ep.ports ?? []);
      ep.ports = undefined;
      this.releaseLeases(net, ep);
      throw err;
    }
  }

  /** Leases, and on failure gives back what was leased so the allocator matches the store. */
  private leaseOrRelease(net: NetworkRecord, ep: EndpointRecord, req: EndpointRequest): void {
    try {
      this.lease(net, ep, req);
    } catch (err) {
      this.releaseLeases(net, ep);
      throw err;
    }
  }

  private releaseLeases(net: NetworkRecord | undefined, ep: EndpointRecord): void {
    for (const ref of net?.pools ?? []) {
      const addr = (ref.family === 4 ? ep.ipv4 : ep.ipv6).split('/')[0];
      if (addr) this.d.ipam.releaseAddress(ref.poolId, addr);
    }
  }

  /** Leases addresses inside the caller's transaction and decides the default route. */
  private lease(net: NetworkRecord, ep: EndpointRecord, req: EndpointRequest): void {
    if (net.driver !== 'bridge') return;
    for (const ref of net.pools) {
      const pool = this.d.ipam.findPool(ref.poolId);
      if (pool === undefined) continue;
      const preferred = ref.family === 4 ? req.ipv4Address : req.ipv6Address;
      const address = this.d.ipam.requestAddress(ref.poolId, preferred || undefined);
      if (ref.family === 4) {
        ep.ipv4 = `${address}/${prefixLen(pool.subnet)}`;
        ep.gatewayV4 = pool.gateway;
      } else {
        ep.ipv6 = `${address}/${prefixLen(pool.subnet)}`;
        ep.gatewayV6 = pool.gateway;
      }
    }
    const taken = this.d.state.endpointsOfSandbox(ep.sandboxId).some((e) => e.providesDefaultRoute);
    ep.providesDefaultRoute =
      !net.internal && !taken && (ep.gatewayV4 !== '' || ep.gatewayV6 !== '');
  }

  /** Removes the endpoint of `sb` on `networkRef`. not_found when it is not connected. */
  disconnect(sb: SandboxRecord, networkRef: string): EndpointRecord {
    const net = getNetworkRecord(this.d.state, networkRef);
    const ep = this.d.state.endpointsOfSandbox(sb.id).find((e) => e.networkId === net.id);
    if (ep === undefined) {
      throw notFound(
        `container ${sb.containerId.slice(0, 12)} is not connected to network ${net.name}`,
      );
    }
    this.remove(ep);
    if (ep.providesDefaultRoute) this.moveDefaultRoute(sb);
    return ep;
  }

  /** Unplugs and forgets one endpoint. Idempotent; works when the sandbox is gone. */
  remove(ep: EndpointRecord): void {
    const { state } = this.d;
    const net = state.networks.get(ep.networkId);
    ep.state = 'removing';
    state.putEndpoint(ep);
    if (ep.ports !== undefined && ep.ports.length > 0) this.d.firewall?.removePorts(ep.ports);
    if (net !== undefined)
      getDriver(net.driver).leave(net, ep, state.sandboxes.get(ep.sandboxId), this.d.ops);
    this.forget(net, ep);
  }

  /** After the gateway endpoint left: route through the next endpoint that can carry it. */
  private moveDefaultRoute(sb: SandboxRecord): void {
    const next = this.d.state
      .endpointsOfSandbox(sb.id)
      .find(
        (e) =>
          e.state === 'ready' &&
          !this.d.state.networks.get(e.networkId)?.internal &&
          e.gatewayV4 !== '',
      );
    if (next === undefined || sb.isHost) return;
    withSandbox(this.d.ops, sb.key, (rtnl) => {
      const link = rtnl.findLink(next.ifName);
      if (link === undefined) return;
      addDefaultRoutes(rtnl, next, link.index);
    });
    next.providesDefaultRoute = true;
    this.d.state.putEndpoint(next);
  }

  private forget(net: NetworkRecord | undefined, ep: EndpointRecord): void {
    this.d.state.store.transaction((tx) => {
      this.releaseLeases(net, ep);
      this.d.ports.release(ep.ports ?? []);
      this.d.state.deleteEndpoint(ep.id, tx);
    });
  }
}

/** A locally administered unicast MAC with Docker's 02:42 prefix, for endpoints with no IPv4. */
function randomMac(): string {
  const bytes = new Uint8Array(4);
  globalThis.crypto.getRandomValues(bytes);
  return ['02', '42', ...Array.from(bytes, (b) => b.toString(16).padStart(2, '0'))].join(':');
}
