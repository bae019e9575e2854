/**
 * sysctls under /proc/sys, in the process's namespace or inside another network namespace.
 *
 * Keys: a dotted string (`net.ipv4.ip_forward`) or an array of path segments
 * (`['net', 'ipv6', 'conf', 'br-x.100', 'accept_ra']`). Interface names may contain dots, so
 * in the string form a '/' stands for a literal '.' inside a segment, as in sysctl(8):
 * `net.ipv4.conf.eth0/100.forwarding` is /proc/sys/net/ipv4/conf/eth0.100/forwarding. The
 * array form needs no escaping and is preferred for keys built from names.
 *
 * In another namespace the file is opened by the addon on a thread that joined it (a
 * /proc/sys/net file belongs to the namespace of whoever opened it); the fd is then read and
 * written from the JS thread. Writes are verified by reading back, because some knobs clamp
 * or ignore values without an error.
 */
import { closeSync, constants, openSync, readSync, writeSync } from 'node:fs';
import { EngineError, invalid } from '../common/errors.js';
import { toKernelError, type KernelOperation } from './kernel-error.js';
import { loadNative } from './native.js';

/** A sysctl key: dotted string or path segments below /proc/sys. */
export type SysctlKey = string | readonly string[];

const EACCES = 13;
const READ_MAX_BYTES = 4096;

/** The /proc/sys path of a key; 'invalid' for empty segments or path tricks. */
export function sysctlPath(key: SysctlKey): string {
  const segments =
    typeof key === 'string' ? key.split('.').map((s) => s.replaceAll('/', '.')) : [...key];
  const shown = typeof key === 'string' ? key : key.join('.');
  for (const s of segments) {
    if (s === '' || s === '.' || s === '..' || s.includes('/') || s.includes('\0')) {
      throw invalid(`Cannot use sysctl "${shown}": bad key segment "${s}"`);
    }
  }
  return `/proc/sys/${segments.join('/')}`;
}

function openSysctl(path: string, flags: number, nsPath: string | undefined): number {
  return nsPath === undefined
    ? openSync(path, flags)
    : loadNative().openInNetns(nsPath, path, flags);
}

function readFd(fd: number): string {
  const buf = Buffer.alloc(READ_MAX_BYTES);
  const n = readSync(fd, buf, 0, buf.length, 0);
  return buf.toString('utf8', 0, n);
}

/** Whitespace-insensitive comparison: the kernel prints "1\n", multi-values tab-separated. */
function normalize(value: string): string {
  return value.trim().split(/\s+/).join(' ');
}

function operation(key: SysctlKey, nsPath: string | undefined): KernelOperation {
  const target = typeof key === 'string' ? key : key.join('.');
  return nsPath === undefined
    ? { action: 'access sysctl', target }
    : { action: 'access sysctl', target, where: `in "${nsPath}"` };
}

/** Reads a sysctl, trimmed. `nsPath`: a netns file to read it in. */
export function readSysctl(key: SysctlKey, nsPath?: string): string {
  const path = sysctlPath(key);
  let fd: number | undefined;
  try {
    fd = openSysctl(path, constants.O_RDONLY, nsPath);
    return readFd(fd).trim();
  } catch (err) {
    throw toKernelError(err, operation(key, nsPath));
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}

/** Opens read-write, or write-only for a write-only knob (root cannot read mode 0200). */
function openForWrite(path: string, nsPath: string | undefined): { fd: number; readable: boolean } {
  try {
    return { fd: openSysctl(path, constants.O_RDWR, nsPath), readable: true };
  } catch (err) {
    if (Math.abs((err as { errno?: number }).errno ?? 0) !== EACCES) throw err;
    return { fd: openSysctl(path, constants.O_WRONLY, nsPath), readable: false };
  }
}

/**
 * Writes a sysctl and reads it back; a value the kernel did not keep is an 'invalid' error.
 * Write-only knobs (mode 0200, e.g. net.ipv4.route.flush) are written without the check.
 */
export function writeSysctl(key: SysctlKey, value: string, nsPath?: string): void {
  const op = operation(key, nsPath);
  const path = sysctlPath(key);
  let opened: { fd: number; readable: boolean } | undefined;
  let actual: string | undefined;
  try {
    opened = openForWrite(path, nsPath);
    writeSync(opened.fd, value, 0, 'utf8');
    if (opened.readable) actual = readFd(opened.fd);
  } catch (err) {
    throw toKernelError(err, op);
  } finally {
    if (opened !== undefined) closeSync(opened.fd);
  }
  if (actual !== undefined && normalize(actual) !== normalize(value)) {
    const where = op.where === undefined ? '' : ` ${op.where}`;
    const message = `Cannot set sysctl "${op.target}"${where} to "${value}": the kernel kept "${actual.trim()}"`;
    throw new EngineError('invalid', message, { code: 'SYSCTL_NOT_APPLIED' });
  }
}
