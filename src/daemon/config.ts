import { readFileSync } from 'node:fs';
import { Command, Option } from 'commander';
import { invalid } from '../common/errors.js';
import { cidrContains, parseCidr, parseCidrAddress } from '../common/cidr.js';
import { normalizeIp, parseIp } from '../common/ip-address.js';

/** Everything pouchd is configured with, after flags and the config file are merged. */
export interface DaemonConfig {
  listen: string[];
  homeDir: string;
  execRootDir: string;
  bridgeName: string;
  bip: string;
  fixedCidr?: string;
  defaultGateway?: string;
  mtu: number;
  ipforward: boolean;
  iptables: boolean;
  disableBridge: boolean;
  defaultAddressPools: Array<{ base: string; size: number }>;
  /** Upstream servers of the embedded DNS when a container gives none (`network-config.dns`). */
  dns: string[];
  logLevel: string;
  tls: { verify: boolean; caCert?: string; cert?: string; key?: string };
}

export const DEFAULT_CONFIG_FILE = '/etc/pouch/config.json';

const parseBool = (v: string): boolean => {
  if (/^(1|t|true)$/i.test(v)) return true;
  if (/^(0|f|false)$/i.test(v)) return false;
  throw invalid(`invalid boolean "${v}"`);
};
const collect = (v: string, prev: string[] | undefined): string[] => [...(prev ?? []), v];

/** The flags, with PouchContainer's names and defaults. */
export function daemonCommand(): Command {
  const boolOpt = (flags: string, desc: string, dflt: boolean): Option =>
    new Option(flags, desc).argParser(parseBool).default(dflt).preset(true);
  return new Command('pouchd')
    .description('pouchd: container engine daemon serving the Docker Engine API')
    .option('--config-file <path>', 'configuration file', DEFAULT_CONFIG_FILE)
    .option('-l, --listen <url>', 'address to serve the API on (repeatable)', collect)
    .option('--home-dir <dir>', 'root of persistent state', '/var/lib/pouch')
    .option('--exec-root-dir <dir>', 'root of runtime state (netns mounts)', '/var/run/pouch')
    .option('--bridge-name <name>', 'device name of the default bridge', 'p0')
    .option('--bip <cidr>', 'address and prefix of the default bridge', '192.168.5.1/24')
    .option('--fixed-cidr <cidr>', 'sub-range of the default bridge for container addresses')
    .option('--default-gateway <ip>', 'gateway of the default bridge network')
    .option('--mtu <bytes>', 'MTU of the default bridge', (v) => Number(v), 1500)
    .addOption(boolOpt('--ipforward [bool]', 'enable IPv4 forwarding', true))
    .addOption(boolOpt('--iptables [bool]', 'program the firewall', true))
    .addOption(boolOpt('--disable-bridge [bool]', 'do not create the default bridge', false))
    .option(
      '--default-address-pool <spec>',
      'base=CIDR,size=N pool for new networks (repeatable)',
      collect,
    )
    .option('--dns <ip>', 'upstream DNS server of the embedded resolver (repeatable)', collect)
    .option('--log-level <level>', 'debug, info, warn, error', 'info')
    .addOption(boolOpt('--tlsverify [bool]', 'require client certificates on TCP listeners', true))
    .option('--tlscacert <path>', 'CA that signs client certificates')
    .option('--tlscert <path>', 'server certificate')
    .option('--tlskey <path>', 'server key')
    .helpOption('-h, --help');
}

/** Pouch's config.json nests network keys; flatten them onto the flag names. */
function flattenFileKeys(
  obj: Record<string, unknown>,
  out: Record<string, unknown> = {},
): Record<string, unknown> {
  for (const [k, v] of Object.entries(obj)) {
    if (v !== null && typeof v === 'object' && !Array.isArray(v))
      flattenFileKeys(v as Record<string, unknown>, out);
    else out[k] = v;
  }
  return out;
}

const camel = (flag: string): string =>
  flag.replace(/-([a-z])/g, (_, c: string) => c.toUpperCase());

function readConfigFile(path: string, explicit: boolean): Record<string, unknown> {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (err) {
    if (!explicit && (err as NodeJS.ErrnoException).code === 'ENOENT') return {};
    throw invalid(`Cannot read config file "${path}": ${(err as Error).message}`);
  }
  try {
    const parsed: unknown = JSON.parse(text);
    if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed))
      throw new Error('not an object');
    return flattenFileKeys(parsed as Record<string, unknown>);
  } catch (err) {
    throw invalid(`Cannot parse config file "${path}": ${(err as Error).message}`);
  }
}

/** Parses argv and the config file; a key set in both is an error, as in PouchContainer. */
export function loadConfig(argv: string[]): { config: DaemonConfig; warnings: string[] } {
  const cmd = daemonCommand().exitOverride();
  cmd.parse(argv, { from: 'user' });
  const opts = cmd.opts<Record<string, unknown>>();
  const fileKeys = readConfigFile(
    String(opts.configFile),
    cmd.getOptionValueSource('configFile') === 'cli',
  );
  const warnings: string[] = [];
  const known = new Set(cmd.options.map((o) => o.attributeName()));
  for (const [key, value] of Object.entries(fileKeys)) {
    const name = camel(key);
    if (!known.has(name) || name === 'configFile') {
      warnings.push(`ignoring unknown config file key "${key}"`);
      continue;
    }
    if (cmd.getOptionValueSource(name) === 'cli') {
      throw invalid(`found conflict flags in command line and config file: ${key}`);
    }
    opts[name] =
      typeof value === 'string' && typeof opts[name] === 'boolean' ? parseBool(value) : value;
  }
  return { config: validate(opts), warnings };
}

function parsePool(spec: string): { base: string; size: number } {
  const fields = Object.fromEntries(
    spec.split(',').map((kv) => kv.split('=', 2) as [string, string]),
  );
  const size = Number(fields.size);
  if (fields.base === undefined || !Number.isInteger(size)) {
    throw invalid(`invalid --default-address-pool "${spec}": want base=CIDR,size=N`);
  }
  const base = parseCidr(fields.base, { what: 'default address pool' });
  if (size < base.prefix || size > (base.family === 4 ? 32 : 128)) {
    throw invalid(
      `invalid --default-address-pool "${spec}": size must be between the base prefix and the address length`,
    );
  }
  return { base: fields.base, size };
}

/** Every `-l` must parse, and a TCP listener must have its TLS material (checked before start). */
function checkListeners(
  listen: string[],
  tls: { caCert?: string; cert?: string; key?: string },
  verify: boolean,
): void {
  for (const spec of listen) {
    if (spec.startsWith('/') || spec.startsWith('unix://')) continue;
    if (!spec.startsWith('tcp://')) {
      throw invalid(`invalid listen address "${spec}": want unix:///path or tcp://host:port`);
    }
    if (!URL.canParse(spec) || new URL(spec).port === '') {
      throw invalid(`invalid listen address "${spec}": want tcp://host:port`);
    }
    if (tls.cert === undefined || tls.key === undefined || (verify && tls.caCert === undefined)) {
      throw invalid(
        `Cannot listen on "${spec}": a TCP listener needs --tlscert, --tlskey and --tlscacert`,
      );
    }
  }
}

/** --bip, --fixed-cidr and --default-gateway must describe one consistent IPv4 bridge. */
function checkBridgeAddresses(bip: string, fixedCidr?: string, gw?: string): void {
  const bipAddr = parseCidrAddress(bip, { what: 'bip' });
  const bipNet = parseCidr(bip, { what: 'bip' });
  if (bipAddr.address.family !== 4) throw invalid(`invalid bip "${bip}": must be IPv4`);
  if (bipAddr.address.value === bipNet.network) {
    throw invalid(`invalid bip "${bip}": give the bridge's own address, not the network address`);
  }
  if (fixedCidr !== undefined) {
    const fc = parseCidr(fixedCidr, { what: 'fixed-cidr' });
    if (!cidrContains(bipNet, { family: 4, value: fc.network }) || fc.prefix < bipNet.prefix) {
      throw invalid(`invalid fixed-cidr "${fixedCidr}": not inside bip ${bip}`);
    }
  }
  if (gw !== undefined && !cidrContains(bipNet, parseIp(gw))) {
    throw invalid(`invalid default-gateway "${gw}": not inside bip ${bip}`);
  }
}

function validate(o: Record<string, unknown>): DaemonConfig {
  const str = (k: string): string | undefined =>
    o[k] === undefined || o[k] === '' ? undefined : String(o[k]);
  const bip = str('bip') ?? '192.168.5.1/24';
  const fixedCidr = str('fixedCidr');
  const gw = str('defaultGateway');
  checkBridgeAddresses(bip, fixedCidr, gw);
  const mtu = Number(o.mtu);
  if (!Number.isInteger(mtu) || mtu < 68 || mtu > 65535)
    throw invalid(`invalid mtu "${String(o.mtu)}"`);
  const bool = (k: string): boolean =>
    typeof o[k] === 'string' ? parseBool(o[k] as string) : o[k] === true;
  const listen =
    Array.isArray(o.listen) && o.listen.length > 0
      ? o.listen.map(String)
      : ['unix:///var/run/pouchd.sock'];
  checkListeners(
    listen,
    { caCert: str('tlscacert'), cert: str('tlscert'), key: str('tlskey') },
    bool('tlsverify'),
  );
  const pools = Array.isArray(o.defaultAddressPool)
    ? o.defaultAddressPool.map((p) => parsePool(String(p)))
    : [];
  return {
    listen,
    homeDir: str('homeDir') ?? '/var/lib/pouch',
    execRootDir: str('execRootDir') ?? '/var/run/pouch',
    bridgeName: str('bridgeName') ?? 'p0',
    bip,
    fixedCidr,
    defaultGateway: gw,
    mtu,
    ipforward: bool('ipforward'),
    iptables: bool('iptables'),
    disableBridge: bool('disableBridge'),
    defaultAddressPools: pools,
    dns: (Array.isArray(o.dns) ? o.dns.map(String) : []).map((ip) => normalizeIp(ip)),
    logLevel: str('logLevel') ?? 'info',
    tls: {
      verify: bool('tlsverify'),
      caCert: str('tlscacert'),
      cert: str('tlscert'),
      key: str('tlskey'),
    },
  };
}
