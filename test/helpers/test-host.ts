/**
 * A throwaway network namespace that plays "the host" for one test, plus the `ip` oracle used
 * to look at it. Everything made here is removed by `dispose()`, which tests call from `after`
 * hooks so it runs when they fail too.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface TestHost {
  /** `ip netns` name. */
  name: string;
  /** Bind-mount path of the namespace. */
  path: string;
  /** A private temp directory (home, exec-root, socket live below it). */
  dir: string;
  dispose(): void;
}

/** Runs a command inside the namespace at `nsPath` (any bind mount, not only /run/netns). */
export function inNetns(
  nsPath: string,
  cmd: string,
  args: string[],
  timeoutMs = 10_000,
): { status: number; stdout: string; stderr: string } {
  const r = spawnSync('nsenter', [`--net=${nsPath}`, cmd, ...args], {
    encoding: 'utf8',
    timeout: timeoutMs,
  });
  return { status: r.status ?? -1, stdout: r.stdout ?? '', stderr: r.stderr ?? '' };
}

/** `ip -j <args>` inside the namespace, parsed. */
export function ipJson<T = unknown>(nsPath: string, args: string[]): T {
  const r = inNetns(nsPath, 'ip', ['-j', ...args]);
  if (r.status !== 0) throw new Error(`ip ${args.join(' ')} failed: ${r.stderr}`);
  return JSON.parse(r.stdout || '[]') as T;
}

export interface IpLink {
  ifname: string;
  ifindex: number;
  mtu: number;
  address: string;
  operstate: string;
  flags: string[];
  master?: string;
  linkinfo?: { info_kind?: string };
  addr_info?: Array<{ family: string; local: string; prefixlen: number }>;
}

/** Links with addresses (`ip -d -j addr show`). */
export function links(nsPath: string): IpLink[] {
  return ipJson<IpLink[]>(nsPath, ['-d', 'addr', 'show']);
}

/** One ping from inside `nsPath` to `target`; true when it was answered. */
export function ping(nsPath: string, target: string): boolean {
  return inNetns(nsPath, 'ping', ['-c', '1', '-W', '2', target]).status === 0;
}

/** Unmounts and removes every netns file under `dir` (a daemon's `<exec-root>/netns`). */
export function removeNetnsFiles(dir: string): void {
  let names: string[] = [];
  try {
    names = readdirSync(dir);
  } catch {
    return;
  }
  for (const n of names) {
    spawnSync('umount', ['-l', join(dir, n)]);
    rmSync(join(dir, n), { force: true });
  }
}

/**
 * Kills and deletes every container a daemon under `dir` left running (its runc root is
 * `<dir>/run/runc`), and the conmon monitors that held them.
 */
function stopContainers(dir: string): void {
  const runcRoot = join(dir, 'run', 'runc');
  let ids: string[] = [];
  try {
    ids = readdirSync(runcRoot);
  } catch {
    return;
  }
  for (const id of ids) {
    spawnSync('runc', ['--root', runcRoot, 'kill', id, 'KILL']);
    spawnSync('runc', ['--root', runcRoot, 'delete', '--force', id]);
  }
  spawnSync('pkill', ['-KILL', '-f', `conmon.*${dir}`]);
}

/** Lazily unmounts everything mounted below `dir`, deepest first. */
function unmountBelow(dir: string): void {
  const mounts = readFileSync('/proc/self/mounts', 'utf8')
    .split('\n')
    .map((l) => l.split(' ')[1] ?? '')
    .filter((m) => m.startsWith(`${dir}/`))
    .sort((a, b) => b.length - a.length);
  for (const m of mounts) spawnSync('umount', ['-l', m]);
}

export function createTestHost(prefix = 'pt'): TestHost {
  const name = `${prefix}-${randomBytes(4).toString('hex')}`;
  execFileSync('ip', ['netns', 'add', name]);
  const path = `/run/netns/${name}`;
  execFileSync('ip', ['-n', name, 'link', 'set', 'lo', 'up']);
  const dir = mkdtempSync(join(tmpdir(), `${name}-`));
  return {
    name,
    path,
    dir,
    dispose() {
      stopContainers(dir);
      removeNetnsFiles(join(dir, 'run', 'netns'));
      unmountBelow(dir);
      spawnSync('ip', ['netns', 'del', name]);
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/**
 * A second namespace linked to the test host by a veth pair on a /30 — an "outside" client, or
 * an upstream server — with `lo` up. Removed by `remove()` (the veth goes with it).
 */
export function addNeighbour(
  host: TestHost,
  o: { name: string; hostIf: string; peerIf: string; hostIp: string; peerIp: string },
): { path: string; remove(): void } {
  execFileSync('ip', ['netns', 'add', o.name]);
  const ip = (...args: string[]): void => {
    execFileSync('ip', args);
  };
  ip(
    'link',
    'add',
    o.hostIf,
    'netns',
    host.name,
    'type',
    'veth',
    'peer',
    'name',
    o.peerIf,
    'netns',
    o.name,
  );
  ip('-n', host.name, 'addr', 'add', `${o.hostIp}/30`, 'dev', o.hostIf);
  ip('-n', host.name, 'link', 'set', o.hostIf, 'up');
  ip('-n', o.name, 'addr', 'add', `${o.peerIp}/30`, 'dev', o.peerIf);
  ip('-n', o.name, 'link', 'set', o.peerIf, 'up');
  ip('-n', o.name, 'link', 'set', 'lo', 'up');
  return {
    path: `/run/netns/${o.name}`,
    remove: () => void spawnSync('ip', ['netns', 'del', o.name]),
  };
}
