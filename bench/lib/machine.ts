/** One line describing the machine the benchmark ran on. */
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { cpus, release } from 'node:os';

const out = (cmd: string, args: string[]): string =>
  (spawnSync(cmd, args, { encoding: 'utf8' }).stdout ?? '').trim();

export function describeMachine(): string {
  const memKiB = Number(/^MemTotal:\s+(\d+)/m.exec(readFileSync('/proc/meminfo', 'utf8'))?.[1]);
  return [
    `nproc ${out('nproc', [])} (${cpus()[0]?.model ?? '?'})`,
    `memory ${(memKiB / 1024 / 1024).toFixed(1)} GiB`,
    `kernel ${release()}`,
    `node ${process.version}`,
    `${out('dockerd', ['--version'])} (dockerd), containerd ${out('containerd', ['--version']).split(' ')[2] ?? '?'}`,
    `${out('runc', ['--version']).split('\n')[0] ?? 'runc ?'}`,
    `${out('conmon', ['--version']).split('\n')[0] ?? 'conmon ?'}`,
  ].join('; ');
}

/** MemAvailable in MiB: what the machine can still give a population before it swaps or OOMs. */
export function memAvailableMiB(): number {
  const kib = Number(/^MemAvailable:\s+(\d+)/m.exec(readFileSync('/proc/meminfo', 'utf8'))?.[1]);
  return kib / 1024;
}
