import { spawnSync } from 'node:child_process';

/**
 * Installs Debian package `pkg` when `command` is missing. Benchmarks need tools the tests do
 * not (docker.io, dnsperf, iperf3), so they install them themselves on a fresh machine.
 */
export function ensureCommand(command: string, pkg: string): void {
  if (spawnSync('sh', ['-c', `command -v ${command}`]).status === 0) return;
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  spawnSync('apt-get', ['update', '-qq'], { stdio: 'inherit', env });
  const r = spawnSync('apt-get', ['install', '-y', '-qq', '--no-install-recommends', pkg], {
    stdio: 'inherit',
    env,
  });
  if (r.status !== 0) throw new Error(`cannot install ${pkg}`);
}
