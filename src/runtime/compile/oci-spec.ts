/**
 * RuntimeCreateSpec → OCI runtime spec 1.0.2 (`config.json`) as runc 1.1 reads it. Pure: the
 * same input always gives the same document, so golden files pin every field we emit
 * (compile/testdata/*.json, refreshed with UPDATE_GOLDEN=1).
 *
 * Networking is never created here: the container always joins the namespace at
 * `spec.netnsPath`, which the network layer configured before `runc create` (kernel-api.md §5.1).
 */
import { invalid } from '../../common/errors.js';
import type { BindMount, ProcessSpec, RuntimeCreateSpec } from '../runtime.js';
import {
  DEFAULT_CAPABILITIES,
  DEFAULT_MASKED_PATHS,
  DEFAULT_MOUNTS,
  DEFAULT_NOFILE,
  DEFAULT_READONLY_PATHS,
  type OciMount,
} from './oci-defaults.js';

/** The OCI version runc 1.1 implements. */
export const OCI_VERSION = '1.0.2';

/** A `process` object of the OCI spec (also the `--process` file of `runc exec`). */
export interface OciProcess {
  terminal: boolean;
  user: { uid: number; gid: number; additionalGids?: number[] };
  args: string[];
  env: string[];
  cwd: string;
  capabilities: { bounding: string[]; effective: string[]; permitted: string[] };
  rlimits: Array<{ type: string; hard: number; soft: number }>;
  noNewPrivileges: boolean;
}

/** The parts of an OCI `config.json` we emit. */
export interface OciSpec {
  ociVersion: string;
  process: OciProcess;
  root: { path: string; readonly: boolean };
  hostname?: string;
  domainname?: string;
  mounts: OciMount[];
  linux: {
    namespaces: Array<{ type: string; path?: string }>;
    sysctl?: Record<string, string>;
    cgroupsPath: string;
    resources: { devices: Array<{ allow: boolean; access: string }> };
    maskedPaths: string[];
    readonlyPaths: string[];
  };
}

/** Options of compileOciSpec. */
export interface CompileOptions {
  /** Absolute path of the mounted root filesystem (`root.path`). */
  rootfsPath: string;
  /** RLIMIT_NOFILE (soft = hard). Default 1048576, Docker's; see host-limits.ts. */
  nofile?: number;
}

/** Only per-network-namespace sysctls: anything else would change the host for everyone. */
const NET_SYSCTL = /^net\.[A-Za-z0-9_-]+(\.[A-Za-z0-9_-]+)*$/;

/** Cgroup (cgroupfs driver) of a container: absolute, so it never nests under pouchd's own. */
export function cgroupsPathFor(id: string): string {
  return `/pouch/${id}`;
}

/** The OCI process for a container's main process or an exec, with Docker's capabilities. */
export function compileProcess(process: ProcessSpec, opts: { nofile?: number } = {}): OciProcess {
  const caps = [...DEFAULT_CAPABILITIES];
  const nofile = opts.nofile ?? DEFAULT_NOFILE;
  const user: OciProcess['user'] = { uid: process.user.uid, gid: process.user.gid };
  if (process.user.additionalGids !== undefined && process.user.additionalGids.length > 0) {
    user.additionalGids = [...process.user.additionalGids];
  }
  if (process.args.length === 0) throw invalid('Cannot create process "": no command given');
  return {
    terminal: process.terminal,
    user,
    args: [...process.args],
    env: [...process.env],
    cwd: process.cwd === '' ? '/' : process.cwd,
    capabilities: { bounding: caps, effective: [...caps], permitted: [...caps] },
    rlimits: [{ type: 'RLIMIT_NOFILE', hard: nofile, soft: nofile }],
    noNewPrivileges: false,
  };
}

/** Checks `net.*` sysctls; throws EngineError invalid for any other key or a multi-line value. */
export function validateSysctls(sysctls: Record<string, string>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const key of Object.keys(sysctls).sort()) {
    const value = sysctls[key] ?? '';
    if (!NET_SYSCTL.test(key)) {
      throw invalid(`Cannot set sysctl "${key}": only net.* sysctls are allowed`, 'INVALID_SYSCTL');
    }
    if (/[\n\r\0]/.test(value)) {
      throw invalid(`Cannot set sysctl "${key}": value must be one line`, 'INVALID_SYSCTL');
    }
    out[key] = value;
  }
  return out;
}

function compileBindMount(m: BindMount): OciMount {
  if (!m.destination.startsWith('/')) {
    throw invalid(`Cannot mount "${m.destination}": destination must be an absolute path`);
  }
  const options = m.options.length > 0 ? [...m.options] : ['rbind', 'rprivate'];
  return { destination: m.destination, type: 'bind', source: m.source, options };
}

function compileNamespaces(spec: RuntimeCreateSpec): OciSpec['linux']['namespaces'] {
  if (!spec.netnsPath.startsWith('/')) {
    throw invalid(`Cannot join network namespace "${spec.netnsPath}": path must be absolute`);
  }
  const ns: OciSpec['linux']['namespaces'] = [
    { type: 'pid' },
    { type: 'network', path: spec.netnsPath },
    { type: 'ipc' },
  ];
  if (spec.hostUts !== true) ns.push({ type: 'uts' });
  ns.push({ type: 'mount' });
  return ns;
}

/**
 * Compiles the bundle's `config.json`. Throws EngineError invalid for non-`net.*` sysctls,
 * relative mount destinations or an empty command.
 */
export function compileOciSpec(spec: RuntimeCreateSpec, opts: CompileOptions): OciSpec {
  const sysctl = validateSysctls(spec.sysctls);
  const out: OciSpec = {
    ociVersion: OCI_VERSION,
    process: compileProcess(spec.process, opts.nofile === undefined ? {} : { nofile: opts.nofile }),
    root: { path: opts.rootfsPath, readonly: false },
    mounts: [...DEFAULT_MOUNTS.map((m) => ({ ...m, options: [...m.options] }))],
    linux: {
      namespaces: compileNamespaces(spec),
      cgroupsPath: cgroupsPathFor(spec.id),
      resources: { devices: [{ allow: false, access: 'rwm' }] },
      maskedPaths: [...DEFAULT_MASKED_PATHS],
      readonlyPaths: [...DEFAULT_READONLY_PATHS],
    },
  };
  // runc refuses to set a hostname without a private UTS namespace.
  if (spec.hostUts !== true) {
    out.hostname = spec.hostname;
    if (spec.domainname !== undefined && spec.domainname !== '') out.domainname = spec.domainname;
  }
  out.mounts.push(...spec.mounts.map(compileBindMount));
  if (Object.keys(sysctl).length > 0) out.linux.sysctl = sysctl;
  return out;
}
