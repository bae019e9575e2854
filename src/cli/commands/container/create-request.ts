/**
 * `pouch create`/`run` flags → the `POST /containers/create` body. Pure: files named by
 * `--env-file` are read by the caller and passed in as `envFileLines`, and `K`-only `-e` values
 * are resolved against the `env` given, so every mapping is unit-tested without a daemon.
 */
import type {
  ContainerCreateRequest,
  HostConfigDto,
  RestartPolicyDto,
} from '../../../api-types/container.js';
import { invalid } from '../../../common/errors.js';
import { parseKeyValueList } from '../../key-value.js';
import type { ContainerCreateOptions } from './create-options.js';
import { planNetworks, validateDnsServer, validateExtraHost } from './network-flags.js';
import { buildPortConfig } from './port-spec.js';

/** What the pure builder needs besides the flags. */
export interface CreateContext {
  /** The client's environment, for `-e NAME`. */
  env?: Readonly<Record<string, string | undefined>>;
  /** The lines of every `--env-file`, in order. */
  envFileLines?: readonly string[];
}

/**
 * Docker's env handling: `K=V` as given; `K` alone takes the client's value, and is passed
 * through bare when the client has none; env-file lines (blank and `#` lines skipped) come first.
 * @throws EngineError `invalid` for an empty name or a name with whitespace.
 */
export function buildEnv(
  values: readonly string[],
  fileLines: readonly string[],
  env: Readonly<Record<string, string | undefined>>,
): string[] {
  const fromFile = fileLines
    .map((l) => l.trimStart())
    .filter((l) => l !== '' && !l.startsWith('#'));
  return [...fromFile, ...values].map((item) => {
    const eq = item.indexOf('=');
    const name = eq < 0 ? item : item.slice(0, eq);
    if (name === '') throw invalid(`invalid environment variable: ${JSON.stringify(item)}`);
    if (/\s/.test(name)) throw invalid(`variable ${JSON.stringify(name)} contains whitespaces`);
    if (eq >= 0) return item;
    const value = env[name];
    return value === undefined ? name : `${name}=${value}`;
  });
}

/** `-l key` is a label with an empty value, as with Docker. */
function buildLabels(items: readonly string[]): Record<string, string> {
  return parseKeyValueList(items.map((item) => (item.includes('=') ? item : `${item}=`)));
}

/**
 * Parses `--restart`: `no`, `always`, `unless-stopped`, `on-failure[:N]`.
 * @throws EngineError `invalid` with `invalid restart policy: "<value>"`.
 */
export function parseRestartPolicy(value: string): RestartPolicyDto {
  const [name = '', count, extra] = value.split(':');
  const bad = () => invalid(`invalid restart policy: ${JSON.stringify(value)}`);
  if (extra !== undefined) throw bad();
  if (name === 'no' || name === 'always' || name === 'unless-stopped') {
    if (count !== undefined) throw bad();
    return { Name: name, MaximumRetryCount: 0 };
  }
  if (name !== 'on-failure') throw bad();
  if (count !== undefined && !/^\d+$/.test(count)) throw bad();
  return { Name: 'on-failure', MaximumRetryCount: count === undefined ? 0 : Number(count) };
}

function parseStopTimeout(value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  if (!/^-?\d+$/.test(value)) throw invalid(`invalid stop timeout: ${JSON.stringify(value)}`);
  return Number(value);
}

function buildHostConfig(opts: ContainerCreateOptions, mode: string): HostConfigDto {
  const restart = opts.restart === undefined ? undefined : parseRestartPolicy(opts.restart);
  if (opts.rm && restart && restart.Name !== 'no') {
    throw invalid('conflicting options: --restart and --rm');
  }
  const { portBindings } = buildPortConfig(opts.publish ?? [], opts.expose ?? []);
  const hostConfig: HostConfigDto = {
    NetworkMode: mode,
    PortBindings: portBindings,
    PublishAllPorts: opts.publishAll === true,
    Dns: (opts.dns ?? []).map(validateDnsServer),
    DnsOptions: opts.dnsOption ?? [],
    DnsSearch: opts.dnsSearch ?? [],
    ExtraHosts: (opts.addHost ?? []).map(validateExtraHost),
    Links: opts.link ?? [],
    Sysctls: parseKeyValueList(opts.sysctl ?? []),
    AutoRemove: opts.rm === true,
  };
  if (restart) hostConfig.RestartPolicy = restart;
  return hostConfig;
}

/**
 * Validates the flags and builds the request body for `image` and its command `args`.
 * @throws EngineError `invalid` for any malformed flag (ports, addresses, env, restart policy).
 */
export function buildContainerCreateRequest(
  opts: ContainerCreateOptions,
  image: string,
  args: readonly string[],
  context: CreateContext = {},
): ContainerCreateRequest {
  if (image === '') throw invalid('image name cannot be empty');
  const networks = planNetworks({ ...opts, net: opts.network, netAlias: opts.networkAlias });
  const { exposedPorts } = buildPortConfig(opts.publish ?? [], opts.expose ?? []);
  const interactive = opts.interactive === true;
  const attached = opts.detach !== true;
  const request: ContainerCreateRequest = {
    Hostname: opts.hostname ?? '',
    Domainname: opts.domainname ?? '',
    User: opts.user ?? '',
    AttachStdin: interactive && attached,
    AttachStdout: attached,
    AttachStderr: attached,
    ExposedPorts: exposedPorts,
    Tty: opts.tty === true,
    OpenStdin: interactive,
    StdinOnce: interactive && attached,
    Env: buildEnv(opts.env ?? [], context.envFileLines ?? [], context.env ?? {}),
    Cmd: args.length > 0 ? [...args] : null,
    Image: image,
    WorkingDir: opts.workdir ?? '',
    Entrypoint: opts.entrypoint === undefined ? null : [opts.entrypoint],
    Labels: buildLabels(opts.label ?? []),
    MacAddress: opts.macAddress ?? '',
    DisableNetworkFiles: opts.disableNetworkFiles === true,
    HostConfig: buildHostConfig(opts, networks.mode),
    NetworkingConfig: {
      EndpointsConfig: networks.endpoint ? { [networks.mode]: networks.endpoint } : {},
    },
  };
  if (opts.stopSignal !== undefined) request.StopSignal = opts.stopSignal;
  const stopTimeout = parseStopTimeout(opts.stopTimeout);
  if (stopTimeout !== undefined) request.StopTimeout = stopTimeout;
  return request;
}
