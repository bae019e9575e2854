import { conflict, invalid } from '../../common/errors.js';
import { tryParseIp } from '../../common/ip-address.js';
import type { PortMapping, Protocol } from '../../firewall/types.js';
import type { HostListener } from './host-listeners.js';
import type { PortRequest } from './port-request.js';

export interface PortAllocatorOptions {
  /** Current host sockets (read once per allocation). */
  hostListeners: () => HostListener[];
  ephemeralRange: [number, number];
}

const key = (proto: Protocol, port: number): string => `${proto}/${port}`;

/**
 * Host ports in use by published mappings, indexed by protocol and port. A port bound on every
 * address collides with any other use of that port; two specific addresses do not collide.
 */
export class PortAllocator {
  private readonly used = new Map<string, Set<string>>();
  private cursor: number;

  constructor(private readonly o: PortAllocatorOptions) {
    this.cursor = o.ephemeralRange[0];
  }

  /** Marks existing mappings as used (at start, from the endpoint records). */
  reserve(mappings: PortMapping[]): void {
    for (const m of mappings) this.take(m.proto, m.hostPort, m.hostIp);
  }

  release(mappings: PortMapping[]): void {
    for (const m of mappings) {
      const set = this.used.get(key(m.proto, m.hostPort));
      set?.delete(m.hostIp);
      if (set?.size === 0) this.used.delete(key(m.proto, m.hostPort));
    }
  }

  private take(proto: Protocol, port: number, hostIp: string): void {
    const set = this.used.get(key(proto, port)) ?? new Set<string>();
    set.add(hostIp);
    this.used.set(key(proto, port), set);
  }

  private freeInEngine(proto: Protocol, port: number, hostIp: string): boolean {
    const set = this.used.get(key(proto, port));
    return set === undefined || (hostIp !== '' && !set.has('') && !set.has(hostIp));
  }

  private freeOnHost(
    listeners: HostListener[],
    proto: Protocol,
    port: number,
    hostIp: string,
  ): boolean {
    return !listeners.some(
      (l) =>
        l.proto === proto &&
        l.port === port &&
        (hostIp === '' || l.address === '' || l.address === hostIp),
    );
  }

  /**
   * Turns requests into mappings for one endpoint, all or nothing: a taken port is a 409 naming
   * it (`Bind for 0.0.0.0:8080 failed: port is already allocated`, Docker's words).
   */
  allocate(
    requests: PortRequest[],
    target: { owner: string; containerIp: string; family: 4 | 6 },
  ): PortMapping[] {
    const listeners = requests.length > 0 ? this.o.hostListeners() : [];
    const out: PortMapping[] = [];
    try {
      for (const r of requests) {
        const hostPort = this.pick(r, listeners);
        this.take(r.proto, hostPort, r.hostIp);
        out.push({
          owner: target.owner,
          proto: r.proto,
          family: target.family,
          hostIp: r.hostIp,
          hostPort,
          containerIp: target.containerIp,
          containerPort: r.containerPort,
        });
      }
    } catch (err) {
      this.release(out);
      throw err;
    }
    return out;
  }

  private pick(r: PortRequest, listeners: HostListener[]): number {
    if (r.hostIp !== '' && tryParseIp(r.hostIp) === undefined)
      throw invalid(`invalid host IP "${r.hostIp}"`);
    const shown = `${r.hostIp === '' ? '0.0.0.0' : r.hostIp}`;
    const free = (p: number): boolean =>
      this.freeInEngine(r.proto, p, r.hostIp) && this.freeOnHost(listeners, r.proto, p, r.hostIp);
    if (r.hostPort !== 0 && r.hostPortEnd === undefined) {
      if (!this.freeInEngine(r.proto, r.hostPort, r.hostIp)) {
        throw conflict(
          `Bind for ${shown}:${r.hostPort} failed: port is already allocated`,
          'PORT_ALLOCATED',
        );
      }
      if (!this.freeOnHost(listeners, r.proto, r.hostPort, r.hostIp)) {
        throw conflict(
          `Bind for ${shown}:${r.hostPort} failed: port is already in use by a host process`,
          'PORT_IN_USE',
        );
      }
      return r.hostPort;
    }
    const [lo, hi] =
      r.hostPort !== 0 ? [r.hostPort, r.hostPortEnd ?? r.hostPort] : this.o.ephemeralRange;
    const span = hi - lo + 1;
    const start = r.hostPort !== 0 ? lo : Math.min(Math.max(this.cursor, lo), hi);
    for (let i = 0; i < span; i += 1) {
      const p = lo + ((start - lo + i) % span);
      if (free(p)) {
        if (r.hostPort === 0) this.cursor = p + 1 > hi ? lo : p + 1;
        return p;
      }
    }
    throw conflict(
      `Bind for ${shown}:${lo}-${hi} failed: no free port in the range`,
      'PORT_RANGE_EXHAUSTED',
    );
  }
}
