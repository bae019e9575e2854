import { chmodSync, chownSync, existsSync, readFileSync, unlinkSync } from 'node:fs';
import {
  createServer as createHttpServer,
  type IncomingMessage,
  type Server,
  type ServerResponse,
} from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import { connect } from 'node:net';
import { BugError, invalid } from '../common/errors.js';
import type { DaemonConfig } from './config.js';

export type RequestHandler = (req: IncomingMessage, res: ServerResponse) => void;

/** The gid of group `pouch` when it exists (sockets are root:pouch 0660, as Docker's root:docker). */
function pouchGroupId(): number | undefined {
  try {
    const line = readFileSync('/etc/group', 'utf8')
      .split('\n')
      .find((l) => l.startsWith('pouch:'));
    const gid = line?.split(':')[2];
    return gid === undefined ? undefined : Number(gid);
  } catch {
    return undefined;
  }
}

/** True when something accepts connections on the unix socket (another daemon owns it). */
function socketInUse(path: string): Promise<boolean> {
  return new Promise((resolve) => {
    const s = connect(path);
    s.once('connect', () => {
      s.destroy();
      resolve(true);
    });
    s.once('error', () => resolve(false));
  });
}

async function listenUnix(path: string, handler: RequestHandler): Promise<Server> {
  if (existsSync(path)) {
    if (await socketInUse(path))
      throw invalid(`Cannot listen on "unix://${path}": another daemon is serving it`);
    unlinkSync(path);
  }
  const server = createHttpServer(handler);
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(path, () => resolve());
  });
  // Root-only API: 0660, group pouch if it exists.
  chmodSync(path, 0o660);
  const gid = pouchGroupId();
  if (gid !== undefined) chownSync(path, 0, gid);
  return server;
}

/** A TCP listener always uses TLS, and with --tlsverify (default) requires a client certificate. */
async function listenTcp(url: URL, cfg: DaemonConfig, handler: RequestHandler): Promise<Server> {
  const { caCert, cert, key, verify } = cfg.tls;
  if (cert === undefined || key === undefined) {
    throw new BugError('loadConfig() lets no TCP listener through without TLS material');
  }
  const server = createHttpsServer(
    {
      cert: readFileSync(cert),
      key: readFileSync(key),
      ...(caCert !== undefined ? { ca: readFileSync(caCert) } : {}),
      requestCert: verify,
      rejectUnauthorized: verify,
    },
    handler,
  );
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(Number(url.port), url.hostname.replace(/^\[|\]$/g, ''), () => resolve());
  });
  return server;
}

/** Opens every `-l` listener. Accepts `unix:///path`, `/path` and `tcp://host:port`. */
export async function openListeners(cfg: DaemonConfig, handler: RequestHandler): Promise<Server[]> {
  const servers: Server[] = [];
  try {
    for (const spec of cfg.listen) {
      if (spec.startsWith('/')) servers.push(await listenUnix(spec, handler));
      else if (spec.startsWith('unix://'))
        servers.push(await listenUnix(spec.slice('unix://'.length), handler));
      else if (spec.startsWith('tcp://'))
        servers.push(await listenTcp(new URL(spec), cfg, handler));
      else throw invalid(`invalid listen address "${spec}": want unix:///path or tcp://host:port`);
    }
  } catch (err) {
    await closeListeners(servers);
    throw err;
  }
  return servers;
}

export async function closeListeners(servers: Server[]): Promise<void> {
  await Promise.all(
    servers.map(
      (s) =>
        new Promise<void>((resolve) => {
          s.close(() => resolve());
          s.closeAllConnections();
        }),
    ),
  );
}
