import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { EngineError } from '../common/errors.js';
import { errnoName, KernelError, kindForErrno, toKernelError } from './kernel-error.js';

describe('KernelError', () => {
  it('kindForErrno() maps errnos to the engine error kinds', () => {
    const table: [number, string][] = [
      [17, 'conflict'], // EEXIST
      [16, 'conflict'], // EBUSY
      [2, 'not_found'], // ENOENT
      [19, 'not_found'], // ENODEV
      [3, 'not_found'], // ESRCH
      [1, 'forbidden'], // EPERM
      [13, 'forbidden'], // EACCES
      [22, 'invalid'], // EINVAL
      [34, 'invalid'], // ERANGE
      [95, 'internal'], // EOPNOTSUPP
    ];
    for (const [errno, kind] of table) assert.equal(kindForErrno(errno), kind, `errno ${errno}`);
  });

  it('KernelError says what failed, the errno and the kernel reason', () => {
    const err = new KernelError(17, { action: 'create link', target: 'br-abc' });
    assert.ok(err instanceof EngineError);
    assert.equal(err.message, 'Cannot create link "br-abc": File exists (EEXIST)');
    assert.equal(err.kind, 'conflict');
    assert.equal(err.code, 'EEXIST');
    assert.equal(err.errnoName, 'EEXIST');
    const withAck = new KernelError(
      22,
      { action: 'add address', target: '10.0.0.1/24', where: 'to link 3' },
      { extack: 'Invalid prefix' },
    );
    assert.equal(
      withAck.message,
      'Cannot add address "10.0.0.1/24" to link 3: Invalid argument (EINVAL): Invalid prefix',
    );
  });

  it('toKernelError() keeps the syscall of an addon error and rethrows plain bugs', () => {
    const native = Object.assign(new Error('mount: x'), {
      errno: 1,
      code: 'EPERM',
      syscall: 'mount',
    });
    const err = toKernelError(native, { action: 'create netns', target: '/run/netns/a' });
    assert.equal(err.kind, 'forbidden');
    assert.equal(err.syscall, 'mount');
    assert.equal(err.cause, native);
    const fsErr = Object.assign(new Error('ENOENT'), { errno: -2, syscall: 'open' });
    assert.equal(toKernelError(fsErr, { action: 'open', target: 'x' }).errno, 2);
    assert.throws(
      () => toKernelError(new TypeError('bad'), { action: 'x', target: 'y' }),
      TypeError,
    );
  });

  it('errnoName() names unknown errnos by number', () => {
    assert.equal(errnoName(17), 'EEXIST');
    assert.equal(errnoName(100000), 'E100000');
  });
});
