/**
 * KernelError: the one place where an errno becomes an EngineError kind (style.md B.5:
 * "errnos are translated once, at the kernel boundary"). Both netlink NLMSG_ERROR replies and
 * failing syscalls in the native addon end up here.
 */
import { getSystemErrorName } from 'node:util';
import { EngineError, type ErrorKind } from '../common/errors.js';

/** What the kernel layer was doing, e.g. `{ action: 'create link', target: 'br-abc' }`. */
export interface KernelOperation {
  /** Verb phrase for the message: 'create link', 'add address', 'open netns'. */
  action: string;
  /** The object acted on, quoted in the message. */
  target: string;
  /** Optional context after the target: 'on link 7', 'in "/run/netns/x"'. */
  where?: string;
}

export interface KernelErrorOptions {
  /** The kernel's extended-ack text (NLMSGERR_ATTR_MSG), when it sent one. */
  extack?: string;
  /** The failing syscall for errors from the native addon ('mount', 'setns', …). */
  syscall?: string;
  cause?: unknown;
}

// Linux errno numbers (asm-generic/errno-base.h, errno.h) the kind table branches on.
const EPERM = 1;
const ENOENT = 2;
const ESRCH = 3;
const EACCES = 13;
const EBUSY = 16;
const EEXIST = 17;
const ENODEV = 19;
const EINVAL = 22;
const ERANGE = 34;

const KIND_BY_ERRNO: ReadonlyMap<number, ErrorKind> = new Map<number, ErrorKind>([
  [EEXIST, 'conflict'],
  [EBUSY, 'conflict'],
  [ENOENT, 'not_found'],
  [ENODEV, 'not_found'],
  [ESRCH, 'not_found'],
  [EPERM, 'forbidden'],
  [EACCES, 'forbidden'],
  [EINVAL, 'invalid'],
  [ERANGE, 'invalid'],
]);

/** strerror() text for the errnos rtnetlink and namespaces commonly return (glibc wording). */
const DESCRIPTIONS: Readonly<Record<string, string>> = {
  EPERM: 'Operation not permitted',
  ENOENT: 'No such file or directory',
  ESRCH: 'No such process',
  EAGAIN: 'Resource temporarily unavailable',
  EACCES: 'Permission denied',
  EBUSY: 'Device or resource busy',
  EEXIST: 'File exists',
  ENODEV: 'No such device',
  ENOTDIR: 'Not a directory',
  EINVAL: 'Invalid argument',
  ENOSPC: 'No space left on device',
  ERANGE: 'Numerical result out of range',
  ENOBUFS: 'No buffer space available',
  EMSGSIZE: 'Message too long',
  EOPNOTSUPP: 'Operation not supported',
  EAFNOSUPPORT: 'Address family not supported by protocol',
  EADDRINUSE: 'Address already in use',
  EADDRNOTAVAIL: 'Cannot assign requested address',
  ENETUNREACH: 'Network is unreachable',
  ENOTEMPTY: 'Directory not empty',
};

/** 'EEXIST' for 17; `E<number>` for an errno Node does not know. */
export function errnoName(errno: number): string {
  const name = getSystemErrorName(-errno);
  return /^E[A-Z0-9]+$/.test(name) ? name : `E${errno}`;
}

/** The EngineError kind for an errno (EEXIST→conflict, ENOENT→not_found, …; else internal). */
export function kindForErrno(errno: number): ErrorKind {
  return KIND_BY_ERRNO.get(errno) ?? 'internal';
}

/** A failed kernel operation: errno, its name, what we were doing and the kernel's reason. */
export class KernelError extends EngineError {
  /** Positive errno, e.g. 17. */
  readonly errno: number;
  /** Errno name, e.g. 'EEXIST'. */
  readonly errnoName: string;
  readonly operation: KernelOperation;
  readonly extack?: string;
  readonly syscall?: string;

  /** Message: `Cannot create link "br-abc": File exists (EEXIST): <extack>`. */
  constructor(errno: number, operation: KernelOperation, options: KernelErrorOptions = {}) {
    const name = errnoName(errno);
    const detail = `${DESCRIPTIONS[name] ?? `errno ${errno}`} (${name})`;
    const extack =
      options.extack === undefined || options.extack === '' ? '' : `: ${options.extack}`;
    const where = operation.where === undefined ? '' : ` ${operation.where}`;
    const what = `Cannot ${operation.action} "${operation.target}"${where}`;
    super(kindForErrno(errno), `${what}: ${detail}${extack}`, {
      code: name,
      cause: options.cause,
    });
    this.name = 'KernelError';
    this.errno = errno;
    this.errnoName = name;
    this.operation = operation;
    if (options.extack !== undefined && options.extack !== '') this.extack = options.extack;
    if (options.syscall !== undefined) this.syscall = options.syscall;
  }
}

/** The fields the native addon sets on the errors it throws. */
interface NativeErrnoError extends Error {
  errno: number;
  syscall?: string;
}

function isNativeErrnoError(err: unknown): err is NativeErrnoError {
  return err instanceof Error && typeof (err as Partial<NativeErrnoError>).errno === 'number';
}

/**
 * Converts an error thrown by the native addon (or node:fs) into a KernelError; anything
 * else (a TypeError from a bad argument) is rethrown as is, because it is a bug.
 */
export function toKernelError(err: unknown, operation: KernelOperation): KernelError {
  if (err instanceof KernelError) return err;
  if (!isNativeErrnoError(err)) throw err;
  const errno = Math.abs(err.errno); // node:fs reports negative errnos, the addon positive ones
  const options: KernelErrorOptions = { cause: err };
  if (err.syscall !== undefined) options.syscall = err.syscall;
  return new KernelError(errno, operation, options);
}
