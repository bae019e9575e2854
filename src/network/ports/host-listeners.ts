import { readFileSync } from 'node:fs';
import type { Protocol } from '../../firewall/types.js';

/** A socket a host process holds: protocol, port, and whether it is bound to every address. */
export interface HostListener {
  proto: Protocol;
  port: number;
  /** Bound address in /proc's hex form decoded; '' for the wildcard. */
  address: string;
}

const TCP_LISTEN = '0A';

function decodeAddress(hex: string): string {
  if (/^0+$/.test(hex)) return '';
  if (hex.length === 8) {
    const n = Number.parseInt(hex, 16);
    return [n & 255, (n >>> 8) & 255, (n >>> 16) & 255, n >>> 24].join('.');
  }
  return hex; // IPv6: compared only against the wildcard
}

function parse(file: string, proto: Protocol, listenOnly: boolean): HostListener[] {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch {
    return [];
  }
  const out: HostListener[] = [];
  for (const line of text.split('\n').slice(1)) {
    const f = line.trim().split(/\s+/);
    const local = f[1];
    if (local === undefined || (listenOnly && f[3] !== TCP_LISTEN)) continue;
    const [addr = '', port = '0'] = local.split(':');
    out.push({ proto, port: Number.parseInt(port, 16), address: decodeAddress(addr) });
  }
  return out;
}

/**
 * The host sockets that would collide with a published port, read from /proc/net of the
 * daemon's namespace: one read per publish, not one bind per port.
 */
export function readHostListeners(): HostListener[] {
  return [
    ...parse('/proc/net/tcp', 'tcp', true),
    ...parse('/proc/net/tcp6', 'tcp', true),
    ...parse('/proc/net/udp', 'udp', false),
    ...parse('/proc/net/udp6', 'udp', false),
  ];
}

/** `net.ipv4.ip_local_port_range` of the daemon's namespace, where `-P` ports come from. */
export function readEphemeralRange(): [number, number] {
  try {
    const [lo, hi] = readFileSync('/proc/sys/net/ipv4/ip_local_port_range', 'utf8')
      .trim()
      .split(/\s+/)
      .map(Number);
    if (lo !== undefined && hi !== undefined && lo > 0 && hi >= lo) return [lo, hi];
  } catch {
    // fall through
  }
  return [49153, 65535];
}
