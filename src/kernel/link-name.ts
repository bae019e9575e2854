/**
 * Interface-name rules, checked before a request is sent so a bad name is an 'invalid'
 * error naming the problem instead of a bare EINVAL from the kernel. The rules are the
 * kernel's dev_valid_name() (net/core/dev.c): 1–15 bytes, not "." or "..", no '/', ':' or
 * whitespace.
 */
import { invalid } from '../common/errors.js';
import { IFNAME_MAX_BYTES } from './codec/if-link-constants.js';

/** Why `name` is not a valid interface name, or undefined when it is. */
export function findLinkNameProblem(name: string): string | undefined {
  const bytes = Buffer.byteLength(name, 'utf8');
  if (bytes === 0) return 'name is empty';
  if (bytes > IFNAME_MAX_BYTES) return `name is longer than ${IFNAME_MAX_BYTES} bytes`;
  if (name === '.' || name === '..') return 'name is "." or ".."';
  if (/[/:\s\0]/.test(name)) return "name contains '/', ':', a NUL byte or whitespace";
  return undefined;
}

/** Throws an 'invalid' EngineError when `name` is not a valid interface name. */
export function assertLinkName(name: string, action: string): void {
  const problem = findLinkNameProblem(name);
  if (problem !== undefined) throw invalid(`Cannot ${action} "${name}": ${problem}`);
}
