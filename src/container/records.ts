import type { ContainerConfigDto, HostConfigDto } from '../api-types/container.js';
import type { EndpointSettingsRequest } from '../api-types/network-connect.js';

export const CONTAINERS = 'containers';

export type ContainerStatus =
  'created' | 'running' | 'paused' | 'restarting' | 'removing' | 'exited' | 'dead';

/**
 * A container as persisted. `config`, `hostConfig` and `endpoints` keep Docker's wire shapes
 * (validated, image defaults merged into `config`) because inspect must return them as given.
 */
export interface ContainerRecord {
  id: string;
  /** Without the leading `/`. */
  name: string;
  created: string;
  imageId: string;
  /** The reference the client gave (`busybox`). */
  imageRef: string;
  config: ContainerConfigDto;
  hostConfig: HostConfigDto;
  /** Desired networks: name → settings the user asked for (connect records here when stopped). */
  endpoints: Record<string, EndpointSettingsRequest>;
  state: {
    status: ContainerStatus;
    pid: number;
    exitCode: number;
    error: string;
    startedAt: string;
    finishedAt: string;
  };
  /** `<home>/containers/<id>/…` */
  paths: {
    dir: string;
    hostsPath: string;
    resolvConfPath: string;
    hostnamePath: string;
    logPath: string;
  };
  restartCount: number;
}

export const ZERO_TIME = '0001-01-01T00:00:00Z';
