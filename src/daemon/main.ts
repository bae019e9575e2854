import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { pino, type Logger } from 'pino';
import { createApiServer } from '../api/server.js';
import { EngineError } from '../common/errors.js';
import { generateId } from '../common/ids.js';
import { ContainerManager } from '../container/container-manager.js';
import { hostSysctls, NftFirewall } from '../firewall/index.js';
import { ImageStore } from '../image/image-store.js';
import { NetworkController } from '../network/controller.js';
import { ConmonRuntime } from '../runtime/conmon-runtime.js';
import { DefaultIpam } from '../network/ipam/default-ipam.js';
import { createKernelHostOps } from '../network/kernel-host-ops.js';
import { SqliteStore } from '../store/sqlite-store.js';
import { loadConfig, type DaemonConfig } from './config.js';
import { closeListeners, openListeners } from './listeners.js';
import { acquirePidLock } from './pid-lock.js';
import { DaemonSystemService } from './system-info.js';

/** How long a stopping daemon waits for queued veth deletions (~20 ms each) before it exits. */
const SHUTDOWN_DELETE_WAIT_MS = 3000;

/** The networking half: kernel access, firewall, and the CNM controller (which reconciles). */
async function openNetworking(cfg: DaemonConfig, logger: Logger, store: SqliteStore) {
  const ipam = new DefaultIpam(
    store,
    cfg.defaultAddressPools.length > 0 ? { defaultPools: cfg.defaultAddressPools } : {},
  );
  const ops = createKernelHostOps({
    onDeleteError: (err, name) =>
      logger.warn({ err, link: name }, 'cannot delete link; reconcile removes it at next start'),
  });
  if (cfg.ipforward) ops.writeSysctl(['net', 'ipv4', 'ip_forward'], '1');
  // --iptables=false (PouchContainer's name): no engine firewall at all.
  const firewall = cfg.iptables
    ? new NftFirewall({ logger: logger.child({ component: 'firewall' }) })
    : undefined;
  if (firewall !== undefined) applyFirewallSysctls(ops, logger);
  const controller = new NetworkController({
    store,
    ipam,
    ops,
    logger,
    execRoot: cfg.execRootDir,
    ...(firewall !== undefined ? { firewall } : {}),
    embeddedDns: { upstreams: upstreamServers(cfg) },
    defaultBridge: {
      disabled: cfg.disableBridge,
      name: cfg.bridgeName,
      bip: cfg.bip,
      fixedCidr: cfg.fixedCidr,
      defaultGateway: cfg.defaultGateway,
      mtu: cfg.mtu,
    },
  });
  await controller.startDns();
  return { ops, firewall, controller };
}

/**
 * The embedded resolver's upstreams when a container gives none: the daemon's --dns, else the
 * host's resolv.conf servers (re-read at most every 5 s; the daemon is in the host namespace, so
 * loopback resolvers such as systemd-resolved are usable).
 */
function upstreamServers(cfg: DaemonConfig): () => string[] {
  if (cfg.dns.length > 0) return () => cfg.dns;
  let cached: string[] = [];
  let readAt = 0;
  return () => {
    if (Date.now() - readAt > 5000) {
      readAt = Date.now();
      try {
        cached = readFileSync('/etc/resolv.conf', 'utf8')
          .split('\n')
          .map((l) => /^\s*nameserver\s+(\S+)/.exec(l)?.[1])
          .filter((ip): ip is string => ip !== undefined);
      } catch {
        cached = [];
      }
    }
    return cached;
  };
}

/** The container half: images, runc under conmon, and the manager (which restores). */
async function openContainers(
  cfg: DaemonConfig,
  logger: Logger,
  deps: { store: SqliteStore; controller: NetworkController; hostNetnsPath: string },
) {
  const images = new ImageStore({ root: join(cfg.homeDir, 'image'), store: deps.store });
  // runc's state lives under our exec-root so daemons side by side never see each other's containers.
  const runtime = new ConmonRuntime({
    root: join(cfg.execRootDir, 'runtime'),
    runcRoot: join(cfg.execRootDir, 'runc'),
    logger,
  });
  const containers = new ContainerManager({
    ...deps,
    images,
    runtime,
    logger,
    containersDir: join(cfg.homeDir, 'containers'),
  });
  await containers.restore();
  return { images, containers };
}

/**
 * Startup order: config → store → IPAM → firewall table → network controller (reconcile) →
 * images → runtime → containers (restore) → API listeners.
 */
async function start(cfg: DaemonConfig, logger: Logger): Promise<() => Promise<void>> {
  mkdirSync(cfg.homeDir, { recursive: true, mode: 0o700 });
  mkdirSync(join(cfg.execRootDir, 'netns'), { recursive: true, mode: 0o700 });
  const releaseLock = acquirePidLock(join(cfg.homeDir, 'pouchd.pid'));
  const store = new SqliteStore(join(cfg.homeDir, 'pouchd.db'));
  const daemonId = store.get<string>('daemon', 'id') ?? generateId();
  store.put('daemon', 'id', daemonId);
  const { ops, firewall, controller } = await openNetworking(cfg, logger, store);
  const { images, containers } = await openContainers(cfg, logger, {
    store,
    controller,
    hostNetnsPath: ops.hostNetnsPath,
  });
  const system = new DaemonSystemService(cfg, controller, daemonId, containers, images);
  const app = createApiServer({ networks: controller, containers, images, system, logger });
  await app.ready();
  const servers = await openListeners(cfg, (req, res) => app.routing(req, res));
  logger.info(
    { listen: cfg.listen, home: cfg.homeDir, pid: process.pid },
    'pouchd is serving the API',
  );
  return async () => {
    await closeListeners(servers);
    await app.close();
    await controller.close();
    firewall?.close();
    // Queued veth deletions get a moment to finish; reconcile removes any that did not.
    await ops.close({ waitMs: SHUTDOWN_DELETE_WAIT_MS });
    store.close();
    releaseLock();
  };
}

/** Host settings the firewall's rules rely on (bridged traffic through the forward hook). */
function applyFirewallSysctls(ops: ReturnType<typeof createKernelHostOps>, logger: Logger): void {
  for (const s of hostSysctls()) {
    if (s.key.includes('ipv6')) continue; // IPv6 forwarding disables RA on the host: only on demand
    try {
      ops.writeSysctl(s.key, s.value);
    } catch (err) {
      logger.warn({ err, key: s.key.join('.') }, `cannot set sysctl: ${s.why}`);
    }
  }
}

async function main(): Promise<void> {
  let cfg: DaemonConfig;
  let warnings: string[];
  try {
    ({ config: cfg, warnings } = loadConfig(process.argv.slice(2)));
  } catch (err) {
    const code = (err as { code?: string }).code;
    if (code === 'commander.helpDisplayed' || code === 'commander.version') process.exit(0);
    if (!(err instanceof EngineError)) process.exit(2); // commander already printed its message
    process.stderr.write(`pouchd: ${err.message}\n`);
    process.exit(2);
  }
  const logger = pino({ level: cfg.logLevel, base: { pid: process.pid } });
  for (const w of warnings) logger.warn(w);
  let stop: () => Promise<void>;
  try {
    stop = await start(cfg, logger);
  } catch (err) {
    logger.fatal({ err }, err instanceof Error ? err.message : 'startup failed');
    process.exit(1);
  }
  // Networks and endpoints outlive the daemon: stopping closes sockets and the store only.
  let stopping = false;
  const shutdown = (signal: string): void => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, 'pouchd stopping');
    void stop().finally(() => process.exit(0));
  };
  process.on('SIGTERM', () => shutdown('SIGTERM'));
  process.on('SIGINT', () => shutdown('SIGINT'));
}

void main();
