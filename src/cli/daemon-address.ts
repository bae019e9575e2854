/**
 * Where the daemon listens, parsed from `-H/--host` (or `POUCH_HOST`): `unix:///path` or
 * `tcp://host:port`, with Docker's TLS flags for tcp. Parsing is pure; the files named by the
 * TLS flags are read by the client when it first connects.
 */
import { invalid } from '../common/errors.js';

/** pouchd's default socket, as PouchContainer installs it. */
export const DEFAULT_HOST = 'unix:///var/run/pouchd.sock';

/** Docker's `--tls*` flags; any of them turns a tcp connection into https. */
export interface TlsFlags {
  tls?: boolean;
  tlsverify?: boolean;
  tlscacert?: string;
  tlscert?: string;
  tlskey?: string;
}

/** Paths for an https connection; `verify` checks the server certificate against `caFile`. */
export interface TlsSettings {
  verify: boolean;
  caFile?: string;
  certFile?: string;
  keyFile?: string;
}

export type DaemonAddress =
  | { kind: 'unix'; url: string; socketPath: string }
  | { kind: 'tcp'; url: string; hostname: string; port: number; tls?: TlsSettings };

/** Parses a host URL; throws EngineError `invalid` for anything but unix:// or tcp://. */
export function parseDaemonAddress(host: string, flags: TlsFlags = {}): DaemonAddress {
  if (host.startsWith('unix://')) {
    const socketPath = host.slice('unix://'.length);
    if (socketPath === '') throw invalid(`Cannot parse host "${host}": the socket path is empty`);
    return { kind: 'unix', url: host, socketPath };
  }
  if (host.startsWith('tcp://')) return parseTcp(host, flags);
  throw invalid(`Cannot parse host "${host}": expected unix://PATH or tcp://HOST:PORT`);
}

function parseTcp(host: string, flags: TlsFlags): DaemonAddress {
  let url: URL;
  try {
    url = new URL(host);
  } catch {
    throw invalid(`Cannot parse host "${host}": not a valid tcp://HOST:PORT address`);
  }
  const hostname = url.hostname.replace(/^\[(.*)\]$/, '$1');
  if (hostname === '' || url.port === '' || (url.pathname !== '' && url.pathname !== '/')) {
    throw invalid(`Cannot parse host "${host}": expected tcp://HOST:PORT`);
  }
  const tls = tlsSettings(flags);
  const address: DaemonAddress = { kind: 'tcp', url: host, hostname, port: Number(url.port) };
  return tls ? { ...address, tls } : address;
}

function tlsSettings(flags: TlsFlags): TlsSettings | undefined {
  const wanted =
    flags.tls === true ||
    flags.tlsverify === true ||
    flags.tlscacert !== undefined ||
    flags.tlscert !== undefined ||
    flags.tlskey !== undefined;
  if (!wanted) return undefined;
  if ((flags.tlscert === undefined) !== (flags.tlskey === undefined)) {
    throw invalid('Cannot configure TLS: --tlscert and --tlskey must be given together');
  }
  const settings: TlsSettings = { verify: flags.tlsverify === true };
  if (flags.tlscacert !== undefined) settings.caFile = flags.tlscacert;
  if (flags.tlscert !== undefined) settings.certFile = flags.tlscert;
  if (flags.tlskey !== undefined) settings.keyFile = flags.tlskey;
  return settings;
}
