import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { buildConmonArgs, parseSyncMessage, type ConmonArgsInput } from './conmon-args.js';

const BASE: ConmonArgsInput = {
  id: 'c1',
  cuuid: 'c1',
  runtimePath: '/usr/bin/runc',
  bundle: '/run/pouch/runtime/c1',
  pidFile: '/run/pouch/runtime/c1/pidfile',
  conmonPidFile: '/run/pouch/runtime/c1/conmon.pid',
  exitDir: '/run/pouch/runtime/exits',
  persistDir: '/run/pouch/runtime/c1',
  logPath: '/var/lib/pouch/containers/c1/c1.log',
  terminal: false,
  stdin: false,
  leaveStdinOpen: true,
};

/** The value following `flag` in argv. */
function valueOf(args: string[], flag: string): string | undefined {
  const i = args.indexOf(flag);
  return i < 0 ? undefined : args[i + 1];
}

describe('buildConmonArgs()', () => {
  it('buildConmonArgs() emits the container flags in a fixed order', () => {
    assert.deepEqual(buildConmonArgs(BASE), [
      '--api-version',
      '1',
      '-c',
      'c1',
      '-u',
      'c1',
      '-n',
      'c1',
      '-r',
      '/usr/bin/runc',
      '-b',
      '/run/pouch/runtime/c1',
      '-p',
      '/run/pouch/runtime/c1/pidfile',
      '-P',
      '/run/pouch/runtime/c1/conmon.pid',
      '--exit-dir',
      '/run/pouch/runtime/exits',
      '--persist-dir',
      '/run/pouch/runtime/c1',
      '--full-attach',
      '-l',
      'k8s-file:/var/lib/pouch/containers/c1/c1.log',
      '--log-level',
      'warn',
    ]);
  });

  it('buildConmonArgs() adds -t, -i and --leave-stdin-open only when asked', () => {
    const args = buildConmonArgs({ ...BASE, terminal: true, stdin: true });
    assert.ok(args.includes('-t') && args.includes('-i') && args.includes('--leave-stdin-open'));
    const once = buildConmonArgs({ ...BASE, stdin: true, leaveStdinOpen: false });
    assert.ok(once.includes('-i') && !once.includes('--leave-stdin-open'));
    assert.ok(!buildConmonArgs({ ...BASE, leaveStdinOpen: true }).includes('--leave-stdin-open'));
  });

  it('buildConmonArgs() passes runtime args one --runtime-arg each', () => {
    const args = buildConmonArgs({ ...BASE, runtimeArgs: ['--log-format=json', '--root=/r'] });
    assert.deepEqual(args.slice(-4), [
      '--runtime-arg',
      '--log-format=json',
      '--runtime-arg',
      '--root=/r',
    ]);
  });

  it('buildConmonArgs() runs exec mode with no log when there is no log path', () => {
    const { logPath: _drop, ...rest } = BASE;
    const args = buildConmonArgs({
      ...rest,
      cuuid: 'e1',
      exec: { processSpecPath: '/x/process.json' },
    });
    assert.equal(valueOf(args, '-l'), 'none');
    assert.equal(valueOf(args, '-u'), 'e1');
    assert.equal(valueOf(args, '--exec-process-spec'), '/x/process.json');
    assert.ok(args.includes('-e') && args.includes('--exec-attach'));
  });
});

describe('parseSyncMessage()', () => {
  it('parseSyncMessage() reads a pid and an error with its message', () => {
    assert.deepEqual(parseSyncMessage('{"data": 4242}'), { data: 4242 });
    assert.deepEqual(parseSyncMessage('{"data": -1, "message": "runc create failed"}'), {
      data: -1,
      message: 'runc create failed',
    });
  });

  it('parseSyncMessage() ignores lines that are not messages', () => {
    assert.equal(parseSyncMessage('hello'), undefined);
    assert.equal(parseSyncMessage('{"pid": 1}'), undefined);
  });
});
