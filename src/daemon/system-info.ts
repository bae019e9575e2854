import { cpus, hostname, release, totalmem, arch, type } from 'node:os';
import { readFileSync } from 'node:fs';
import {
  API_VERSION,
  MIN_API_VERSION,
  type InfoResponse,
  type VersionResponse,
} from '../api-types/system.js';
import type { SystemService } from '../api/system-service.js';
import type { ContainerService } from '../container/container-service.js';
import type { ImageService } from '../image/image-service.js';
import type { NetworkService } from '../network/types.js';
import type { DaemonConfig } from './config.js';

export const ENGINE_VERSION = '0.1.0';

const GO_ARCH: Record<string, string> = { x64: 'amd64', arm64: 'arm64', arm: 'arm', ia32: '386' };

function osPrettyName(): string {
  try {
    const m = /^PRETTY_NAME="?([^"\n]*)"?/m.exec(readFileSync('/etc/os-release', 'utf8'));
    return m?.[1] ?? 'Linux';
  } catch {
    return 'Linux';
  }
}

function readForwarding(): boolean {
  try {
    return readFileSync('/proc/sys/net/ipv4/ip_forward', 'utf8').trim() === '1';
  } catch {
    return false;
  }
}

/** Facts for `/version` and `/info`, gathered from the host and the daemon's state. */
export class DaemonSystemService implements SystemService {
  private readonly started = new Date();
  private readonly osName = osPrettyName();

  constructor(
    private readonly cfg: DaemonConfig,
    private readonly networks: NetworkService,
    private readonly daemonId: string,
    private readonly containers?: ContainerService,
    private readonly images?: ImageService,
  ) {}

  version(): VersionResponse {
    const a = GO_ARCH[arch()] ?? arch();
    return {
      Platform: { Name: 'Pouch Engine (TypeScript)' },
      Components: [
        {
          Name: 'Engine',
          Version: ENGINE_VERSION,
          Details: {
            ApiVersion: API_VERSION,
            MinAPIVersion: MIN_API_VERSION,
            Os: 'linux',
            Arch: a,
            KernelVersion: release(),
          },
        },
      ],
      Version: ENGINE_VERSION,
      ApiVersion: API_VERSION,
      MinAPIVersion: MIN_API_VERSION,
      GitCommit: 'unknown',
      GoVersion: `node ${process.version}`,
      Os: 'linux',
      Arch: a,
      KernelVersion: release(),
      BuildTime: this.started.toISOString(),
    };
  }

  private counts(): Pick<
    InfoResponse,
    'Containers' | 'ContainersRunning' | 'ContainersPaused' | 'ContainersStopped' | 'Images'
  > {
    const all = this.containers?.list({ all: true }) ?? [];
    const running = all.filter((c) => c.State === 'running').length;
    return {
      Containers: all.length,
      ContainersRunning: running,
      ContainersPaused: 0,
      ContainersStopped: all.length - running,
      Images: this.images?.list().length ?? 0,
    };
  }

  info(): InfoResponse {
    return {
      ID: this.daemonId,
      ...this.counts(),
      Driver: 'overlay2',
      DockerRootDir: this.cfg.homeDir,
      ExecRoot: this.cfg.execRootDir,
      Name: hostname(),
      NCPU: cpus().length,
      MemTotal: totalmem(),
      KernelVersion: release(),
      OperatingSystem: this.osName,
      OSType: type().toLowerCase(),
      Architecture: arch() === 'x64' ? 'x86_64' : arch(),
      ServerVersion: ENGINE_VERSION,
      IndexServerAddress: 'https://index.docker.io/v1/',
      LoggingDriver: 'json-file',
      CgroupDriver: 'cgroupfs',
      DefaultRuntime: 'runc',
      Runtimes: { runc: { path: 'runc' } },
      IPv4Forwarding: readForwarding(),
      BridgeNfIptables: false,
      Debug: this.cfg.logLevel === 'debug',
      SystemTime: new Date().toISOString(),
      Labels: [],
      Plugins: {
        Network: [...new Set(this.networks.listNetworks().map((n) => n.driver))].sort(),
        Volume: [],
        Log: ['json-file'],
      },
      Warnings: this.cfg.iptables
        ? null
        : ['WARNING: the engine firewall is disabled (--iptables=false)'],
    };
  }
}
