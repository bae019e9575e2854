/**
 * Builds the API server over fakes for route tests: a FakeNetworkService, a
 * FakeContainerService, a FakeImageService, a fixed SystemService, and a pino logger at debug
 * level whose lines are captured for assertions.
 */
import { Writable } from 'node:stream';
import type { FastifyInstance } from 'fastify';
import { pino } from 'pino';
import { API_VERSION, MIN_API_VERSION } from '../../api-types/system.js';
import type { InfoResponse, VersionResponse } from '../../api-types/system.js';
import { createApiServer } from '../server.js';
import type { SystemService } from '../system-service.js';
import { createFakeContainerService, type FakeContainerService } from './fake-container-service.js';
import { createFakeImageService, type FakeImageService } from './fake-image-service.js';
import {
  createFakeNetworkService,
  type FakeNetworkOptions,
  type FakeNetworkService,
} from './fake-network-service.js';

/** The daemon version the fake SystemService reports. */
export const TEST_DAEMON_VERSION = '0.1.0-test';

/** A server over fakes, plus the fake and every log line written. */
export interface TestApp {
  app: FastifyInstance;
  networks: FakeNetworkService;
  containers: FakeContainerService;
  images: FakeImageService;
  logLines: Array<Record<string, unknown>>;
}

function fakeVersion(): VersionResponse {
  return {
    Platform: { Name: 'pouchd' },
    Components: [{ Name: 'Engine', Version: TEST_DAEMON_VERSION }],
    Version: TEST_DAEMON_VERSION,
    ApiVersion: API_VERSION,
    MinAPIVersion: MIN_API_VERSION,
    GitCommit: 'abc1234',
    GoVersion: 'node-v20',
    Os: 'linux',
    Arch: 'amd64',
    KernelVersion: '6.1.0',
    BuildTime: '2024-01-01T00:00:00.000000000+00:00',
  };
}

function fakeInfo(): InfoResponse {
  return {
    ID: 'TEST',
    Containers: 0,
    ContainersRunning: 0,
    ContainersPaused: 0,
    ContainersStopped: 0,
    Images: 0,
    Driver: 'overlay2',
    DockerRootDir: '/var/lib/pouch',
    ExecRoot: '/var/run/pouch',
    Name: 'testhost',
    NCPU: 2,
    MemTotal: 1 << 30,
    KernelVersion: '6.1.0',
    OperatingSystem: 'Test Linux',
    OSType: 'linux',
    Architecture: 'x86_64',
    ServerVersion: TEST_DAEMON_VERSION,
    IndexServerAddress: 'https://index.docker.io/v1/',
    LoggingDriver: 'json-file',
    CgroupDriver: 'cgroupfs',
    DefaultRuntime: 'runc',
    Runtimes: { runc: { path: 'runc' } },
    IPv4Forwarding: true,
    BridgeNfIptables: true,
    Debug: false,
    SystemTime: '2024-01-01T00:00:00Z',
    Labels: [],
    Plugins: { Network: ['bridge', 'host', 'null'], Volume: ['local'], Log: ['json-file'] },
    Warnings: null,
  };
}

/** A SystemService with fixed answers. */
export function createFakeSystemService(): SystemService {
  return { version: fakeVersion, info: fakeInfo };
}

/** Options of {@link createTestApp}. */
export interface TestAppOptions extends FakeNetworkOptions {
  /** Leave out the container and image services, as a daemon without them. */
  withoutEngine?: boolean;
}

/** Creates a ready server over fresh fakes. */
export async function createTestApp(options: TestAppOptions = {}): Promise<TestApp> {
  const logLines: Array<Record<string, unknown>> = [];
  const sink = new Writable({
    write(chunk: Buffer, _encoding, callback) {
      logLines.push(JSON.parse(chunk.toString()) as Record<string, unknown>);
      callback();
    },
  });
  const networks = createFakeNetworkService(options);
  const containers = createFakeContainerService();
  const images = createFakeImageService();
  const app = createApiServer({
    networks,
    system: createFakeSystemService(),
    logger: pino({ level: 'debug' }, sink),
    ...(options.withoutEngine === true ? {} : { containers, images }),
  });
  await app.ready();
  return { app, networks, containers, images, logLines };
}
