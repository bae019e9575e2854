import type { Protocol } from '../../firewall/types.js';

/** What a container asks to publish (from Docker's `PortBindings` / `-P`), before allocation. */
export interface PortRequest {
  proto: Protocol;
  containerPort: number;
  /** '' = every address (0.0.0.0, or the network's `host_binding_ipv4`). */
  hostIp: string;
  /** 0 = any free port from `ip_local_port_range`. */
  hostPort: number;
  /** With a range `a-b`: the first free port in it (Docker's `HostPort: "8000-8010"`). */
  hostPortEnd?: number;
}
