import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ContainerConfigDto } from '../api-types/container.js';
import { invalid } from '../common/errors.js';
import type { ProcessSpec } from '../runtime/runtime.js';

/** Reads `/etc/<file>` from the topmost image layer that has it. */
function readFromLayers(layerDirs: string[], file: string): string | undefined {
  for (const dir of layerDirs) {
    try {
      return readFileSync(join(dir, 'etc', file), 'utf8');
    } catch {
      // not in this layer
    }
  }
  return undefined;
}

function lookup(table: string | undefined, name: string): string[] | undefined {
  return table
    ?.split('\n')
    .map((l) => l.split(':'))
    .find((f) => f[0] === name);
}

/**
 * Resolves Docker's `User` (`name`, `uid`, `name:group`, `uid:gid`) against the image's
 * /etc/passwd and /etc/group. Unknown names are a 400, as `docker run -u nosuch` fails.
 */
export function resolveUser(user: string, layerDirs: string[]): ProcessSpec['user'] {
  if (user === '') return { uid: 0, gid: 0 };
  const [u = '', g] = user.split(':', 2);
  const passwd = readFromLayers(layerDirs, 'passwd');
  let uid: number;
  let gid = 0;
  if (/^\d+$/.test(u)) {
    uid = Number(u);
    const entry = passwd
      ?.split('\n')
      .map((l) => l.split(':'))
      .find((f) => f[2] === u);
    if (entry?.[3] !== undefined) gid = Number(entry[3]);
  } else {
    const entry = lookup(passwd, u);
    if (entry === undefined)
      throw invalid(`unable to find user ${u}: no matching entries in passwd file`);
    uid = Number(entry[2]);
    gid = Number(entry[3]);
  }
  if (g !== undefined && g !== '') {
    if (/^\d+$/.test(g)) gid = Number(g);
    else {
      const entry = lookup(readFromLayers(layerDirs, 'group'), g);
      if (entry === undefined)
        throw invalid(`unable to find group ${g}: no matching entries in group file`);
      gid = Number(entry[2]);
    }
  }
  return { uid, gid };
}

/** Merges env lists; a later `KEY=` replaces an earlier one (image env, then container env). */
export function mergeEnv(...lists: Array<string[] | null | undefined>): string[] {
  const byKey = new Map<string, string>();
  for (const list of lists) {
    for (const kv of list ?? []) {
      const eq = kv.indexOf('=');
      byKey.set(eq < 0 ? kv : kv.slice(0, eq), kv);
    }
  }
  return [...byKey.values()];
}

/** The container's main process: entrypoint + cmd, env, cwd, user, terminal. */
export function buildProcessSpec(
  config: ContainerConfigDto,
  hostname: string,
  layerDirs: string[],
): ProcessSpec {
  const args = [...(config.Entrypoint ?? []), ...(config.Cmd ?? [])];
  if (args.length === 0) throw invalid('No command specified');
  const env = mergeEnv(
    ['PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin', `HOSTNAME=${hostname}`],
    config.Tty === true ? ['TERM=xterm'] : [],
    config.Env,
  );
  return {
    args,
    env,
    cwd: config.WorkingDir || '/',
    user: resolveUser(config.User ?? '', layerDirs),
    terminal: config.Tty === true,
  };
}
