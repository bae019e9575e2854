/**
 * The image config file (OCI image spec `config.json`, the `<id>.json` of `docker save`): its
 * JSON shape, a validating parser, and the two views callers need, the runtime config the
 * container layer starts processes from and Docker's `ContainerConfig` shape for inspect.
 *
 * Field names are the wire names (Go's capitalised `Config` keys, lower-case top level), because
 * the image ID is the hash of these exact bytes and we keep them verbatim.
 */
import type { ContainerConfigDto } from '../api-types/container.js';
import { invalid } from '../common/errors.js';
import { SHA256_DIGEST } from './digest.js';
import type { ImageRuntimeConfig } from './image-service.js';

/** The execution parameters of an image (`config` of the config file). */
export interface ImageExecConfig {
  User?: string;
  ExposedPorts?: Record<string, object> | null;
  Env?: string[] | null;
  Entrypoint?: string[] | null;
  Cmd?: string[] | null;
  WorkingDir?: string;
  Labels?: Record<string, string> | null;
  StopSignal?: string;
}

export interface ImageHistoryEntry {
  created?: string;
  created_by?: string;
  comment?: string;
  empty_layer?: boolean;
}

/** The config file's fields this engine reads; unknown fields are kept in the raw bytes. */
export interface ImageConfigFile {
  created?: string;
  author?: string;
  architecture: string;
  os: string;
  config?: ImageExecConfig;
  rootfs: { type: string; diff_ids: string[] };
  history?: ImageHistoryEntry[];
  comment?: string;
  container?: string;
  docker_version?: string;
}

const isRecord = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);
const isStringArray = (v: unknown): v is string[] =>
  Array.isArray(v) && v.every((s) => typeof s === 'string');
const isStringMap = (v: unknown): v is Record<string, string> =>
  isRecord(v) && Object.values(v).every((s) => typeof s === 'string');

const bad = (detail: string) => invalid(`Cannot read image config: ${detail}`, 'INVALID_IMAGE');

function checkExecConfig(c: unknown): void {
  if (c === undefined || c === null) return;
  if (!isRecord(c)) throw bad('"config" is not an object');
  for (const key of ['User', 'WorkingDir', 'StopSignal'] as const) {
    if (c[key] !== undefined && typeof c[key] !== 'string') throw bad(`"${key}" is not a string`);
  }
  for (const key of ['Env', 'Entrypoint', 'Cmd'] as const) {
    if (c[key] != null && !isStringArray(c[key])) throw bad(`"${key}" is not a string array`);
  }
  if (c.Labels != null && !isStringMap(c.Labels)) throw bad('"Labels" is not a string map');
  if (c.ExposedPorts != null && !isRecord(c.ExposedPorts)) throw bad('"ExposedPorts" is not a map');
}

/** Parses and checks config bytes; `invalid` (400) when they are not a usable image config. */
export function parseImageConfig(bytes: Buffer | string): ImageConfigFile {
  let value: unknown;
  try {
    value = JSON.parse(bytes.toString());
  } catch (err) {
    throw bad(`not JSON (${(err as Error).message})`);
  }
  if (!isRecord(value)) throw bad('not an object');
  const rootfs = value.rootfs;
  if (!isRecord(rootfs) || rootfs.type !== 'layers' || !isStringArray(rootfs.diff_ids)) {
    throw bad('"rootfs" must be {"type": "layers", "diff_ids": [...]}');
  }
  const wrong = rootfs.diff_ids.find((d) => !SHA256_DIGEST.test(d));
  if (wrong !== undefined) throw bad(`diff ID "${wrong}" is not a sha256 digest`);
  for (const key of ['created', 'author', 'architecture', 'os', 'comment'] as const) {
    if (value[key] !== undefined && typeof value[key] !== 'string') {
      throw bad(`"${key}" is not a string`);
    }
  }
  checkExecConfig(value.config);
  const cfg = value as unknown as ImageConfigFile;
  return { ...cfg, architecture: cfg.architecture ?? '', os: cfg.os ?? '' };
}

/** What a container starts from: defaults filled in the way Docker fills them. */
export function toRuntimeConfig(cfg: ImageConfigFile): ImageRuntimeConfig {
  const c = cfg.config ?? {};
  return {
    env: c.Env ?? [],
    ...(c.Cmd == null ? {} : { cmd: c.Cmd }),
    ...(c.Entrypoint == null ? {} : { entrypoint: c.Entrypoint }),
    workingDir: c.WorkingDir ?? '',
    user: c.User ?? '',
    exposedPorts: Object.keys(c.ExposedPorts ?? {}),
    labels: c.Labels ?? {},
    ...(c.StopSignal === undefined ? {} : { stopSignal: c.StopSignal }),
  };
}

/** The image's config in Docker's `ContainerConfig` shape, as `docker image inspect` shows it. */
export function toContainerConfigDto(cfg: ImageConfigFile): ContainerConfigDto {
  const c = cfg.config ?? {};
  const ports = c.ExposedPorts == null ? null : Object.keys(c.ExposedPorts);
  return {
    Hostname: '',
    Domainname: '',
    User: c.User ?? '',
    AttachStdin: false,
    AttachStdout: false,
    AttachStderr: false,
    ...(ports === null ? {} : { ExposedPorts: Object.fromEntries(ports.map((p) => [p, {}])) }),
    Tty: false,
    OpenStdin: false,
    StdinOnce: false,
    Env: c.Env ?? null,
    Cmd: c.Cmd ?? null,
    Image: '',
    WorkingDir: c.WorkingDir ?? '',
    Entrypoint: c.Entrypoint ?? null,
    Labels: c.Labels ?? null,
    ...(c.StopSignal === undefined ? {} : { StopSignal: c.StopSignal }),
  };
}
