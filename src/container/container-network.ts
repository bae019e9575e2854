/**
 * The container side of networking: the seed's flow (Connect → connectToNetwork →
 * EndpointCreate → sandbox found or created → Join → settings copied back → metadata written),
 * the network files, and the release of endpoints when a container stops.
 */
import { readFileSync } from 'node:fs';
import { hostname as osHostname } from 'node:os';
import type { EndpointSettingsRequest } from '../api-types/network-connect.js';
import { conflict, forbidden, invalid, isKind } from '../common/errors.js';
import type { NetworkController } from '../network/controller.js';
import type { EndpointRequest } from '../network/endpoint-manager.js';
import type { ContainerRegistry } from './container-registry.js';
import {
  containerResolvConf,
  parseResolvConf,
  renderHosts,
  renderResolvConf,
  writeInPlace,
} from './network-files.js';
import { parseNetworkMode, type NetworkMode } from './network-mode.js';
import { portRequests } from './port-bindings.js';
import type { ContainerRecord } from './records.js';

export interface ContainerNetworkingDeps {
  controller: NetworkController;
  registry: ContainerRegistry;
  /** The daemon's own namespace (host mode). */
  hostNetnsPath: string;
  /** Host files copied or filtered into containers; overridable for tests. */
  hostFiles?: { hosts: string; resolvConf: string };
}

const readOr = (path: string, fallback: string): string => {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return fallback;
  }
};

/** Networks the user made (as opposed to the predefined bridge, host and none). */
const isUserDefined = (net: string): boolean => !['bridge', 'host', 'none'].includes(net);

export class ContainerNetworking {
  constructor(private readonly d: ContainerNetworkingDeps) {}

  private get hostFiles(): { hosts: string; resolvConf: string } {
    return this.d.hostFiles ?? { hosts: '/etc/hosts', resolvConf: '/etc/resolv.conf' };
  }

  /** The hostname a container gets: its own, the host's (host mode) or the target's (container mode). */
  hostnameFor(c: ContainerRecord, mode: NetworkMode): string {
    if (mode.kind === 'host') return osHostname();
    if (mode.kind === 'container') return this.d.registry.get(mode.target).config.Hostname ?? '';
    return c.config.Hostname || c.id.slice(0, 12);
  }

  /**
   * Makes the container's network before its process starts: a sandbox with one endpoint per
   * configured network (or the host's / the target's namespace). Returns the netns path for
   * the runtime. On failure everything made here is removed again.
   */
  attach(c: ContainerRecord): string {
    const mode = parseNetworkMode(c.hostConfig.NetworkMode);
    if (mode.kind === 'container') return this.targetNetns(c, mode.target);
    const ctl = this.d.controller;
    const sb = ctl.findSandbox(c.id) ?? ctl.createSandbox(c.id, { host: mode.kind === 'host' });
    try {
      const primary = Object.keys(c.endpoints)[0];
      for (const [net, ep] of Object.entries(c.endpoints)) {
        if (ctl.endpointsOf(sb.id).some((e) => e.networkId === ctl.resolveNetwork(net).id))
          continue;
        ctl.connect(sb.id, net, this.endpointRequest(c, net, ep, net === primary));
      }
    } catch (err) {
      ctl.removeSandbox(sb.id);
      throw err;
    }
    return mode.kind === 'host' ? this.d.hostNetnsPath : sb.key;
  }

  private targetNetns(c: ContainerRecord, targetRef: string): string {
    const target = this.d.registry.get(targetRef);
    if (target.id === c.id) throw invalid('cannot join own network');
    if (target.state.status !== 'running') {
      throw conflict(`cannot join network of a non running container: ${targetRef}`);
    }
    return `/proc/${target.state.pid}/ns/net`;
  }

  private endpointRequest(
    c: ContainerRecord,
    net: string,
    ep: EndpointSettingsRequest,
    primary: boolean,
  ): EndpointRequest {
    const userDefined = isUserDefined(net);
    const aliases = [...(ep.Aliases ?? [])];
    // Docker makes the short ID an alias on user-defined networks.
    if (userDefined && !aliases.includes(c.id.slice(0, 12))) aliases.push(c.id.slice(0, 12));
    const req: EndpointRequest = { containerName: c.name, aliases, dns: c.hostConfig.Dns ?? [] };
    const links = Object.fromEntries(
      (c.hostConfig.Links ?? []).map((l) => {
        const [name = '', alias] = l.split(':');
        return [alias || name, name.replace(/^\//, '')];
      }),
    );
    if (Object.keys(links).length > 0) req.links = links;
    if (ep.IPAMConfig?.IPv4Address) req.ipv4Address = ep.IPAMConfig.IPv4Address;
    if (ep.IPAMConfig?.IPv6Address) req.ipv6Address = ep.IPAMConfig.IPv6Address;
    const mac = ep.MacAddress || (primary ? c.config.MacAddress : undefined);
    if (mac) req.macAddress = mac;
    // Published ports go through the primary network's endpoint, as Docker's gateway endpoint.
    if (primary && net !== 'host' && net !== 'none')
      req.ports = portRequests(c.config, c.hostConfig);
    return req;
  }

  /**
   * Resolves when the container's network is complete, background parts included: the
   * 127.0.0.11 redirect its processes use is programmed while runc creates the container.
   */
  async settled(c: ContainerRecord): Promise<void> {
    const sb = this.d.controller.findSandbox(c.id);
    if (sb !== undefined) await this.d.controller.sandboxSettled(sb.id);
  }

  /** Removes the container's sandbox and endpoints (stop, exit, remove). Idempotent. */
  release(c: ContainerRecord): void {
    const sb = this.d.controller.findSandbox(c.id);
    if (sb !== undefined) this.d.controller.removeSandbox(sb.id);
  }

  /** Writes /etc/hostname, /etc/hosts and /etc/resolv.conf for a container about to start. */
  writeFiles(c: ContainerRecord): void {
    const mode = parseNetworkMode(c.hostConfig.NetworkMode);
    if (mode.kind === 'container') return;
    const hostname = this.hostnameFor(c, mode);
    writeInPlace(c.paths.hostnamePath, `${hostname}\n`);
    writeInPlace(c.paths.hostsPath, this.renderHostsFor(c, mode, hostname));
    const h = c.hostConfig;
    const flags = { dns: h.Dns ?? [], search: h.DnsSearch ?? [], options: h.DnsOptions ?? [] };
    const hostResolv = readOr(this.hostFiles.resolvConf, '');
    const noFlags = flags.dns.length + flags.search.length + flags.options.length === 0;
    let content: string;
    if (mode.kind === 'host' && noFlags) content = hostResolv;
    else if (mode.kind === 'bridge' && isUserDefined(mode.network)) {
      // User-defined networks use the embedded resolver; --dns servers become its upstreams.
      const host = parseResolvConf(hostResolv);
      content = renderResolvConf({
        nameservers: ['127.0.0.11'],
        search: flags.search.length > 0 ? flags.search : host.search,
        options: ['ndots:0', ...(flags.options.length > 0 ? flags.options : host.options)],
      });
    } else content = renderResolvConf(containerResolvConf(parseResolvConf(hostResolv), flags));
    writeInPlace(c.paths.resolvConfPath, content);
  }

  /** Rewrites /etc/hosts in place after the container's addresses changed. */
  refreshHosts(c: ContainerRecord): void {
    const mode = parseNetworkMode(c.hostConfig.NetworkMode);
    if (mode.kind === 'container' || mode.kind === 'host') return;
    writeInPlace(c.paths.hostsPath, this.renderHostsFor(c, mode, this.hostnameFor(c, mode)));
  }

  private renderHostsFor(c: ContainerRecord, mode: NetworkMode, hostname: string): string {
    const extraHosts = c.hostConfig.ExtraHosts ?? [];
    if (mode.kind === 'host' && extraHosts.length === 0) return readOr(this.hostFiles.hosts, '');
    const sb = this.d.controller.findSandbox(c.id);
    const eps =
      sb === undefined || mode.kind === 'host' ? [] : this.d.controller.endpointsOf(sb.id);
    const own = eps.flatMap((e) =>
      [e.ipv4, e.ipv6].filter((a) => a !== '').map((a) => a.split('/')[0] ?? ''),
    );
    return renderHosts({
      hostname,
      domainname: c.config.Domainname,
      extraHosts,
      links: this.linkEntries(c),
      ownAddresses: own,
    });
  }

  /** `--link name[:alias]`: the linked container's address on a network both share. */
  private linkEntries(c: ContainerRecord): Array<{ ip: string; names: string[] }> {
    const out: Array<{ ip: string; names: string[] }> = [];
    for (const link of c.hostConfig.Links ?? []) {
      const [name = '', alias] = link.split(':');
      const target = this.d.registry.find(name);
      const sb = target === undefined ? undefined : this.d.controller.findSandbox(target.id);
      const ep =
        sb === undefined
          ? undefined
          : this.d.controller.endpointsOf(sb.id).find((e) => e.ipv4 !== '');
      if (ep === undefined) continue;
      const names = alias && alias !== name ? [alias, name] : [name];
      out.push({ ip: ep.ipv4.split('/')[0] ?? '', names });
    }
    return out;
  }

  /**
   * `docker network connect`: a stopped container records the settings for its next start; a
   * running one gets the endpoint hot-plugged into its namespace (a new ethN).
   */
  connect(networkRef: string, c: ContainerRecord, cfg: EndpointSettingsRequest): void {
    const net = this.d.controller.resolveNetwork(networkRef);
    this.checkConnectable(c, net.name);
    if (c.endpoints[net.name] !== undefined) {
      throw forbidden(
        `endpoint with name ${c.name} already exists in network ${net.name}`,
        'ENDPOINT_EXISTS',
      );
    }
    this.d.controller.validateEndpointRequest(
      net.id,
      this.endpointRequest(c, net.name, cfg, false),
    );
    if (c.state.status === 'running') {
      const sb = this.d.controller.findSandbox(c.id);
      if (sb === undefined) throw conflict(`container ${c.name} has no network sandbox`);
      this.d.controller.connect(sb.id, net.name, this.endpointRequest(c, net.name, cfg, false));
    }
    c.endpoints[net.name] = cfg;
    this.d.registry.save(c);
    if (c.state.status === 'running') this.refreshHosts(c);
  }

  private checkConnectable(c: ContainerRecord, network: string): void {
    const mode = parseNetworkMode(c.hostConfig.NetworkMode);
    if (c.state.status === 'removing' || c.state.status === 'dead') {
      throw conflict(
        `container ${c.name} is marked for removal and cannot be connected or disconnected to the network ${network}`,
      );
    }
    if (mode.kind === 'container' || mode.kind === 'host') {
      throw invalid(
        'container sharing network namespace with another container or host cannot be connected to any other network',
      );
    }
    if (network === 'host') {
      throw invalid(
        'container cannot be disconnected from host network or connected to host network',
      );
    }
  }

  /** `docker network disconnect`: removes only that endpoint; the others stay. */
  disconnect(networkRef: string, c: ContainerRecord): void {
    const net = this.d.controller.resolveNetwork(networkRef);
    this.checkConnectable(c, net.name);
    if (c.endpoints[net.name] === undefined) {
      throw forbidden(
        `container ${c.name} is not connected to network ${net.name}`,
        'NOT_CONNECTED',
      );
    }
    const sb = this.d.controller.findSandbox(c.id);
    if (sb !== undefined) {
      try {
        this.d.controller.disconnect(sb.id, net.name);
      } catch (err) {
        if (!isKind(err, 'not_found')) throw err;
      }
    }
    delete c.endpoints[net.name];
    this.d.registry.save(c);
    if (c.state.status === 'running') this.refreshHosts(c);
  }
}
