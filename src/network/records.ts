/**
 * What the network layer persists. Records are written BEFORE the kernel objects they describe
 * exist (`state: 'creating'`) and marked `ready` after; a record still `creating` or `removing`
 * at start-up is the trace of a crash, and reconcile undoes it (design principle 1).
 */

import type { PortMapping } from '../firewall/types.js';

export const NETWORKS = 'networks';
export const ENDPOINTS = 'endpoints';
export const SANDBOXES = 'sandboxes';

export type RecordState = 'creating' | 'ready' | 'removing';

export interface PoolRef {
  poolId: string;
  family: 4 | 6;
  /** The user gave the subnet (Docker lists only these under IPAM.Config, else the allocated one). */
  userConfigured: boolean;
}

export interface NetworkRecord {
  id: string;
  name: string;
  driver: string;
  state: RecordState;
  /** RFC 3339 nano. */
  created: string;
  enableIPv6: boolean;
  internal: boolean;
  attachable: boolean;
  predefined: boolean;
  ipamDriver: string;
  ipamOptions: Record<string, string>;
  pools: PoolRef[];
  options: Record<string, string>;
  labels: Record<string, string>;
  /** Bridge driver: the device name, and whether the engine made it (else it adopted it). */
  bridge?: { name: string; created: boolean };
}

export interface EndpointRecord {
  id: string;
  /** Docker names endpoints after the container; Pouch uses containerID[:8]. */
  name: string;
  networkId: string;
  sandboxId: string;
  containerId: string;
  containerName: string;
  state: RecordState;
  /** Interface name inside the sandbox (eth0, eth1, …); '' for drivers without interfaces. */
  ifName: string;
  /** Host end of the veth pair; '' when there is none. */
  hostIfName: string;
  mac: string;
  /** CIDR or ''. */
  ipv4: string;
  ipv6: string;
  gatewayV4: string;
  gatewayV6: string;
  aliases: string[];
  /** True when this endpoint's gateway is the sandbox's default route. */
  providesDefaultRoute: boolean;
  /** Published ports, allocated before the endpoint is joined (absent in older records). */
  ports?: PortMapping[];
  /** `--link` entries of the container: alias → linked container name (embedded DNS). */
  links?: Record<string, string>;
  /** The container's --dns servers: the embedded resolver's upstreams for it. */
  dns?: string[];
}

export interface SandboxRecord {
  id: string;
  containerId: string;
  /** Bind-mounted netns path: `<exec-root>/netns/<id[:12]>`; for the host sandbox, the host's. */
  key: string;
  state: RecordState;
  /** The host sandbox is the daemon's own namespace: never created or deleted by the engine. */
  isHost: boolean;
  /** Where the sandbox's 127.0.0.11 points (`gateway>containerIp`), '' or absent when nowhere. */
  dnsTarget?: string;
}
