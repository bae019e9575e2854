/**
 * Docker Engine API wire shapes for containers (API v1.41), field names exactly as Docker's.
 * The container layer persists `Config`, `HostConfig` and `NetworkingConfig` as clients send
 * them (after validation) because `inspect` must give them back verbatim; see README.
 */
import type { EndpointSettingsRequest } from './network-connect.js';

export type PortSet = Record<string, Record<string, never>>;

export interface PortBindingDto {
  HostIp?: string;
  HostPort?: string;
}

export type PortMapDto = Record<string, PortBindingDto[] | null>;

/** `Config` of a container (also the top level of `POST /containers/create`). */
export interface ContainerConfigDto {
  Hostname?: string;
  Domainname?: string;
  User?: string;
  AttachStdin?: boolean;
  AttachStdout?: boolean;
  AttachStderr?: boolean;
  ExposedPorts?: PortSet | null;
  Tty?: boolean;
  OpenStdin?: boolean;
  StdinOnce?: boolean;
  Env?: string[] | null;
  Cmd?: string[] | null;
  Entrypoint?: string[] | null;
  Image?: string;
  WorkingDir?: string;
  Labels?: Record<string, string> | null;
  MacAddress?: string;
  NetworkDisabled?: boolean;
  StopSignal?: string;
  StopTimeout?: number;
  /** PouchContainer: no /etc/hosts, /etc/resolv.conf, /etc/hostname bind mounts. */
  DisableNetworkFiles?: boolean;
}

export interface RestartPolicyDto {
  Name?: '' | 'no' | 'always' | 'unless-stopped' | 'on-failure';
  MaximumRetryCount?: number;
}

export interface HostConfigDto {
  NetworkMode?: string;
  PortBindings?: PortMapDto | null;
  PublishAllPorts?: boolean;
  Dns?: string[] | null;
  DnsOptions?: string[] | null;
  DnsSearch?: string[] | null;
  ExtraHosts?: string[] | null;
  Links?: string[] | null;
  Sysctls?: Record<string, string> | null;
  AutoRemove?: boolean;
  RestartPolicy?: RestartPolicyDto | null;
  Binds?: string[] | null;
}

export interface NetworkingConfigDto {
  EndpointsConfig?: Record<string, EndpointSettingsRequest | null> | null;
}

/** Body of `POST /containers/create`. */
export interface ContainerCreateRequest extends ContainerConfigDto {
  HostConfig?: HostConfigDto | null;
  NetworkingConfig?: NetworkingConfigDto | null;
}

export interface ContainerCreateResponse {
  Id: string;
  Warnings: string[];
}

/** `NetworkSettings.Networks[name]` as inspect shows it. */
export interface EndpointSettingsDto extends EndpointSettingsRequest {
  NetworkID: string;
  EndpointID: string;
  Gateway: string;
  IPAddress: string;
  IPPrefixLen: number;
  IPv6Gateway: string;
  GlobalIPv6Address: string;
  GlobalIPv6PrefixLen: number;
}

export interface NetworkSettingsDto {
  Bridge: string;
  SandboxID: string;
  HairpinMode: boolean;
  LinkLocalIPv6Address: string;
  LinkLocalIPv6PrefixLen: number;
  Ports: PortMapDto;
  SandboxKey: string;
  SecondaryIPAddresses: null;
  SecondaryIPv6Addresses: null;
  EndpointID: string;
  Gateway: string;
  GlobalIPv6Address: string;
  GlobalIPv6PrefixLen: number;
  IPAddress: string;
  IPPrefixLen: number;
  IPv6Gateway: string;
  MacAddress: string;
  Networks: Record<string, EndpointSettingsDto>;
}

export interface ContainerStateDto {
  Status: 'created' | 'running' | 'paused' | 'restarting' | 'removing' | 'exited' | 'dead';
  Running: boolean;
  Paused: boolean;
  Restarting: boolean;
  OOMKilled: boolean;
  Dead: boolean;
  Pid: number;
  ExitCode: number;
  Error: string;
  StartedAt: string;
  FinishedAt: string;
}

/** `GET /containers/{id}/json`. */
export interface ContainerInspectResponse {
  Id: string;
  Created: string;
  Path: string;
  Args: string[];
  State: ContainerStateDto;
  Image: string;
  ResolvConfPath: string;
  HostnamePath: string;
  HostsPath: string;
  LogPath: string;
  Name: string;
  RestartCount: number;
  Driver: string;
  Platform: string;
  MountLabel: string;
  ProcessLabel: string;
  AppArmorProfile: string;
  ExecIDs: string[] | null;
  HostConfig: HostConfigDto;
  Mounts: unknown[];
  Config: ContainerConfigDto;
  NetworkSettings: NetworkSettingsDto;
}

/** One item of `GET /containers/json`. */
export interface ContainerSummaryDto {
  Id: string;
  Names: string[];
  Image: string;
  ImageID: string;
  Command: string;
  Created: number;
  Ports: Array<{ IP?: string; PrivatePort: number; PublicPort?: number; Type: string }>;
  Labels: Record<string, string>;
  State: string;
  Status: string;
  HostConfig: { NetworkMode: string };
  NetworkSettings: { Networks: Record<string, EndpointSettingsDto> };
  Mounts: unknown[];
}

/** Body of `POST /containers/{id}/exec`. */
export interface ExecCreateRequest {
  AttachStdin?: boolean;
  AttachStdout?: boolean;
  AttachStderr?: boolean;
  DetachKeys?: string;
  Tty?: boolean;
  Env?: string[] | null;
  Cmd: string[];
  Privileged?: boolean;
  User?: string;
  WorkingDir?: string;
}

/** `GET /exec/{id}/json`. */
export interface ExecInspectResponse {
  ID: string;
  Running: boolean;
  ExitCode: number | null;
  ProcessConfig: {
    tty: boolean;
    entrypoint: string;
    arguments: string[];
    privileged: boolean;
    user: string;
  };
  OpenStdin: boolean;
  OpenStderr: boolean;
  OpenStdout: boolean;
  CanRemove: boolean;
  ContainerID: string;
  DetachKeys: string;
  Pid: number;
}

/** `POST /containers/{id}/wait`. */
export interface ContainerWaitResponse {
  StatusCode: number;
  Error?: { Message: string } | null;
}
