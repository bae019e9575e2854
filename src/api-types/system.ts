/** Docker Engine API wire shapes for `/version` and `/info` (the fields pouchd fills). */

export interface VersionResponse {
  Platform: { Name: string };
  Components: Array<{ Name: string; Version: string; Details?: Record<string, string> }>;
  Version: string;
  ApiVersion: string;
  MinAPIVersion: string;
  GitCommit: string;
  GoVersion: string;
  Os: string;
  Arch: string;
  KernelVersion: string;
  BuildTime: string;
}

export interface InfoResponse {
  ID: string;
  Containers: number;
  ContainersRunning: number;
  ContainersPaused: number;
  ContainersStopped: number;
  Images: number;
  Driver: string;
  DockerRootDir: string;
  ExecRoot: string;
  Name: string;
  NCPU: number;
  MemTotal: number;
  KernelVersion: string;
  OperatingSystem: string;
  OSType: string;
  Architecture: string;
  ServerVersion: string;
  IndexServerAddress: string;
  LoggingDriver: string;
  CgroupDriver: string;
  DefaultRuntime: string;
  Runtimes: Record<string, { path: string }>;
  IPv4Forwarding: boolean;
  BridgeNfIptables: boolean;
  Debug: boolean;
  SystemTime: string;
  Labels: string[];
  Plugins: { Network: string[]; Volume: string[]; Log: string[] };
  Warnings: string[] | null;
}

/**
 * The API version pouchd speaks, reported as `ApiVersion` and in the `Api-Version` header. Clients
 * build `/v1.41/...` paths from it; requests above it are refused.
 */
export const API_VERSION = '1.41';

/** The oldest API version pouchd still serves (`MinAPIVersion`); requests below it are refused. */
export const MIN_API_VERSION = '1.24';
