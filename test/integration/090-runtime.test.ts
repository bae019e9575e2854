/**
 * The conmon/runc runtime against the real kernel (root only). Containers run a busybox rootfs
 * (test/helpers/busybox-rootfs.ts) as their only overlay layer and join a throwaway network
 * namespace made here, with a veth pair inside it so the test can tell it apart. runc keeps its state
 * in a private `--root`, so "no runc state left" is checkable. `after` deletes every container
 * the suite created, kills any conmon it started that is still alive (by pid), removes the
 * namespace and the temp dir, also when a test failed midway.
 */
import assert from 'node:assert/strict';
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { Readable } from 'node:stream';
import { after, before, describe, it } from 'node:test';
import { setTimeout as delay } from 'node:timers/promises';
import { pino } from 'pino';
import { isKind } from '../../src/common/errors.js';
import { ConmonRuntime } from '../../src/runtime/conmon-runtime.js';
import type { LogEntry, ProcessSpec, RuntimeCreateSpec } from '../../src/runtime/runtime.js';
import { makeBusyboxRootfs } from '../helpers/busybox-rootfs.js';

const isRoot = process.getuid?.() === 0;
const TAG = `rt090-${process.pid}`;
const NETNS = `/run/netns/${TAG}`;
const logger = pino({ level: 'silent' });

let dir = '';
let lower = '';
let rt: ConmonRuntime;
const created = new Set<string>();

function runtime(): ConmonRuntime {
  return new ConmonRuntime({ root: join(dir, 'runtime'), runcRoot: join(dir, 'runc'), logger });
}

function proc(args: string[], over: Partial<ProcessSpec> = {}): ProcessSpec {
  return {
    args,
    env: ['PATH=/bin', 'HOME=/root'],
    cwd: '/',
    user: { uid: 0, gid: 0 },
    terminal: false,
    ...over,
  };
}

function spec(
  id: string,
  args: string[],
  over: Partial<RuntimeCreateSpec> = {},
): RuntimeCreateSpec {
  return {
    id,
    rootfs: { lowerDirs: [lower] },
    process: proc(args),
    hostname: id,
    netnsPath: NETNS,
    mounts: [],
    sysctls: {},
    openStdin: false,
    logPath: join(dir, `${id}.log`),
    ...over,
  };
}

async function create(s: RuntimeCreateSpec): Promise<void> {
  created.add(s.id);
  await rt.create(s);
}

/** Creates, starts, waits for the exit and returns the exit code and the log. */
async function runToEnd(s: RuntimeCreateSpec): Promise<{ code: number; logs: LogEntry[] }> {
  await create(s);
  await rt.start(s.id);
  const { exitCode } = await rt.waitExit(s.id);
  const logs: LogEntry[] = [];
  for await (const e of rt.readLogs(s.id, {})) logs.push(e);
  return { code: exitCode, logs };
}

function text(logs: LogEntry[], stream?: 'stdout' | 'stderr'): string {
  return logs
    .filter((e) => stream === undefined || e.stream === stream)
    .map((e) => e.data.toString())
    .join('');
}

function collect(stream: Readable | undefined): Promise<string> {
  return new Promise((resolve) => {
    if (stream === undefined) return resolve('');
    let out = '';
    stream.on('data', (d: Buffer) => (out += d.toString()));
    stream.on('end', () => resolve(out));
    stream.on('close', () => resolve(out));
  });
}

/** Resolves with everything read from `stream` once it contains `want`. */
function readUntil(stream: Readable, want: string, timeoutMs = 5000): Promise<string> {
  return new Promise((resolve, reject) => {
    let out = '';
    const timer = setTimeout(
      () => reject(new Error(`timeout; got ${JSON.stringify(out)}`)),
      timeoutMs,
    );
    stream.on('data', (d: Buffer) => {
      out += d.toString();
      if (out.includes(want)) {
        clearTimeout(timer);
        resolve(out);
      }
    });
  });
}

/** Pids of conmon processes whose command line mentions this suite's directory. */
function ourConmons(): number[] {
  const r = spawnSync('pgrep', ['-f', `conmon.*${dir}`], { encoding: 'utf8' });
  return r.stdout
    .split('\n')
    .filter((l) => l.trim() !== '')
    .map(Number)
    .filter((pid) => {
      try {
        return !readFileSync(`/proc/${pid}/stat`, 'utf8').includes(') Z');
      } catch {
        return false;
      }
    });
}

function mountedAt(path: string): boolean {
  return readFileSync('/proc/self/mountinfo', 'utf8')
    .split('\n')
    .some((l) => l.split(' ')[4] === path);
}

describe('ConmonRuntime (runc + conmon)', { skip: isRoot ? false : 'needs root' }, () => {
  /** Undoes everything the suite made; safe to call at any stage. */
  async function cleanup(): Promise<void> {
    const current = rt as ConmonRuntime | undefined; // unset when `before` failed early
    for (const id of created) await current?.delete(id).catch(() => undefined);
    current?.dispose();
    for (const pid of dir === '' ? [] : ourConmons()) {
      try {
        process.kill(pid, 'SIGKILL');
      } catch {
        // gone already
      }
    }
    spawnSync('ip', ['netns', 'del', TAG]);
    if (dir !== '') rmSync(dir, { recursive: true, force: true });
  }

  before(async () => {
    try {
      dir = mkdtempSync(`/tmp/${TAG}-`);
      lower = makeBusyboxRootfs(join(dir, 'lower'));
      execFileSync('ip', ['netns', 'add', TAG]);
      execFileSync('ip', [
        '-n',
        TAG,
        'link',
        'add',
        'v090a',
        'type',
        'veth',
        'peer',
        'name',
        'v090b',
      ]);
      rt = runtime();
    } catch (err) {
      await cleanup(); // node:test does not run `after` when `before` fails
      throw err;
    }
  });

  after(cleanup);

  it('create+start runs a process: exit code from waitExit, stdout and stderr in the log', async () => {
    const s = spec('exit3', ['sh', '-c', 'echo hello; echo err >&2; exit 3']);
    const { code, logs } = await runToEnd(s);
    assert.equal(code, 3);
    assert.equal(text(logs, 'stdout'), 'hello\n');
    assert.equal(text(logs, 'stderr'), 'err\n');
    assert.equal(rt.exitStatus('exit3')?.exitCode, 3);
    assert.equal((await rt.state('exit3'))?.status, 'stopped');
    const tail: LogEntry[] = [];
    for await (const e of rt.readLogs('exit3', { tail: 1 })) tail.push(e);
    assert.equal(tail.length, 1);
  });

  it('kill: PID 1 ignores an unhandled TERM (as in Docker), KILL gives 137, a TERM trap 143', async () => {
    await create(spec('sleeper', ['sleep', '1000']));
    const started = await rt.start('sleeper');
    assert.equal(started.status, 'running');
    assert.ok(started.pid > 0);
    assert.equal(rt.exitStatus('sleeper'), undefined);
    await rt.kill('sleeper', 'TERM');
    await delay(300);
    assert.equal((await rt.state('sleeper'))?.status, 'running');
    await rt.kill('sleeper', 'SIGKILL');
    assert.equal((await rt.waitExit('sleeper')).exitCode, 137);

    const trap = 'trap "exit 143" TERM; sleep 1000 & wait';
    await create(spec('trapper', ['sh', '-c', trap]));
    await rt.start('trapper');
    await delay(200); // let sh install its trap
    await rt.kill('trapper', 'SIGTERM');
    assert.equal((await rt.waitExit('trapper')).exitCode, 143);
  });

  it('delete leaves no mount, no bundle, no runc state and is idempotent', async () => {
    await create(spec('gone', ['sleep', '1000']));
    await rt.start('gone');
    const rootfs = rt.rootfsPath('gone');
    assert.ok(mountedAt(rootfs));
    await rt.delete('gone');
    assert.ok(!mountedAt(rootfs));
    assert.ok(!existsSync(join(dir, 'runtime', 'gone')));
    assert.equal(await rt.state('gone'), undefined);
    const list = execFileSync('runc', ['--root', join(dir, 'runc'), 'list', '-q'], {
      encoding: 'utf8',
    });
    assert.ok(!list.split('\n').includes('gone'));
    await rt.delete('gone');
    await rt.delete('never-existed');
  });

  it('the container joins the given network namespace', async () => {
    const script = 'ip -o link; readlink /proc/self/ns/net';
    const { code, logs } = await runToEnd(spec('netns', ['sh', '-c', script]));
    assert.equal(code, 0);
    const out = text(logs, 'stdout');
    assert.match(out, /v090a/);
    assert.ok(out.includes(`net:[${statSync(NETNS).ino}]`), out);
  });

  it('net.* sysctls apply inside the container only; others are rejected', async () => {
    const hostBefore = readFileSync('/proc/sys/net/ipv4/ip_forward', 'utf8');
    const s = spec('sysctl', ['cat', '/proc/sys/net/ipv4/ip_forward'], {
      sysctls: { 'net.ipv4.ip_forward': '1' },
    });
    const { logs } = await runToEnd(s);
    assert.equal(text(logs, 'stdout'), '1\n');
    assert.equal(readFileSync('/proc/sys/net/ipv4/ip_forward', 'utf8'), hostBefore);
    const bad = spec('badsysctl', ['true'], { sysctls: { 'kernel.shmmax': '1' } });
    await assert.rejects(create(bad), (e) => isKind(e, 'invalid'));
    assert.ok(!existsSync(join(dir, 'runtime', 'badsysctl')));
  });

  it('attach with stdin: cat echoes what is written; detaching keeps it running', async () => {
    await create(spec('cat', ['cat'], { openStdin: true }));
    await rt.start('cat');
    const a = await rt.attach('cat', { stdin: true });
    const echoed = readUntil(a.stdout, 'ping\n');
    a.stdin?.write('ping\n');
    assert.equal(await echoed, 'ping\n');
    a.close();
    await delay(300);
    assert.equal((await rt.state('cat'))?.status, 'running');
    const b = await rt.attach('cat', { stdin: true });
    const again = readUntil(b.stdout, 'pong\n');
    b.stdin?.write('pong\n');
    assert.equal(await again, 'pong\n');
    b.close();
  });

  it('attach to a tty container (before start: nothing is missed) with a resize', async () => {
    const s = spec('tty', [], {
      process: proc(['sh', '-c', 'tty; stty size'], { terminal: true }),
    });
    await create(s);
    const a = await rt.attach('tty', { stdin: false });
    assert.equal(a.stderr, undefined);
    a.resize(100, 40);
    const out = collect(a.stdout);
    await delay(100); // conmon applies resizes asynchronously (ctl fifo → winsz fifo → ioctl)
    await rt.start('tty');
    assert.equal((await rt.waitExit('tty')).exitCode, 0);
    const text = await out;
    assert.match(text, /\/dev\/pts\/0\r\n/, JSON.stringify(text));
    assert.match(text, /40 100\r\n/, JSON.stringify(text));
  });

  it('exec returns stdout, stderr and the exit code; stdin reaches the process', async () => {
    await create(spec('execbox', ['sleep', '1000']));
    await rt.start('execbox');
    const hi = await rt.exec('execbox', proc(['echo', 'hi']), { stdin: false });
    assert.ok(hi.pid > 0);
    assert.equal(await collect(hi.streams.stdout), 'hi\n');
    assert.equal(await hi.exited, 0);

    const seven = await rt.exec('execbox', proc(['sh', '-c', 'echo out; echo err >&2; exit 7']), {
      stdin: false,
    });
    const [out, err] = await Promise.all([
      collect(seven.streams.stdout),
      collect(seven.streams.stderr),
    ]);
    assert.deepEqual([out, err, await seven.exited], ['out\n', 'err\n', 7]);

    const cat = await rt.exec('execbox', proc(['cat']), { stdin: true });
    const catOut = collect(cat.streams.stdout);
    cat.streams.stdin?.end('abc');
    assert.equal(await catOut, 'abc');
    assert.equal(await cat.exited, 0);

    await assert.rejects(
      rt.exec('execbox', proc(['/nonexistent']), { stdin: false }),
      /nonexistent/,
    );
    assert.deepEqual(readdirSync(join(dir, 'runtime', 'execbox', 'exec')), []);
  });

  it('exec with a tty merges output into stdout', async () => {
    const t = await rt.exec('execbox', proc(['tty'], { terminal: true }), { stdin: false });
    assert.equal(t.streams.stderr, undefined);
    assert.match(await collect(t.streams.stdout), /^\/dev\/pts\/\d+\r\n$/);
    assert.equal(await t.exited, 0);
  });

  it('readLogs follow yields lines as they come and ends when the container exits', async () => {
    await create(spec('follow', ['sh', '-c', 'echo a; sleep 0.5; echo b']));
    await rt.start('follow');
    const seen: string[] = [];
    for await (const e of rt.readLogs('follow', { follow: true })) seen.push(e.data.toString());
    assert.deepEqual(seen, ['a\n', 'b\n']);
  });

  it('readLogs follow stops on abort', async () => {
    await create(spec('abort', ['sleep', '1000']));
    await rt.start('abort');
    const ac = new AbortController();
    setTimeout(() => ac.abort(), 200);
    const seen: LogEntry[] = [];
    for await (const e of rt.readLogs('abort', { follow: true, signal: ac.signal })) seen.push(e);
    assert.deepEqual(seen, []);
  });

  it('a new runtime instance (daemon restart) sees a running container and its exit', async () => {
    await create(spec('survivor', ['cat'], { openStdin: true }));
    await rt.start('survivor');
    rt.dispose();
    rt = runtime();
    const st = await rt.state('survivor');
    assert.equal(st?.status, 'running');
    const a = await rt.attach('survivor', { stdin: true });
    const echoed = readUntil(a.stdout, 'still here\n');
    a.stdin?.write('still here\n');
    await echoed;
    a.close();
    const exited = rt.waitExit('survivor');
    await rt.kill('survivor', 'KILL');
    assert.equal((await exited).exitCode, 137);
    assert.equal(runtime().exitStatus('survivor')?.exitCode, 137);
  });

  it('containers survive SIGKILL of the creating daemon and its whole process group', async () => {
    // A stand-in daemon: its own process group, creates and starts a container, then idles.
    const mod = new URL('../../src/runtime/conmon-runtime.js', import.meta.url).href;
    const s = spec('orphan', ['sleep', '1000']);
    const code = [
      `const { ConmonRuntime } = await import(${JSON.stringify(mod)});`,
      `const { pino } = await import('pino');`,
      `const paths = ${JSON.stringify({ root: join(dir, 'runtime'), runcRoot: join(dir, 'runc') })};`,
      `const rt = new ConmonRuntime({ ...paths, logger: pino({ level: 'silent' }) });`,
      `await rt.create(${JSON.stringify(s)}); await rt.start('orphan');`,
      `process.stdout.write('ready\\n'); setInterval(() => undefined, 1000);`,
    ].join('\n');
    created.add('orphan');
    const child = spawn(process.execPath, ['--input-type=module', '-e', code], {
      cwd: new URL('../../..', import.meta.url).pathname,
      detached: true,
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    await readUntil(child.stdout, 'ready', 20_000);
    process.kill(-(child.pid ?? 0), 'SIGKILL');
    await new Promise((resolve) => child.once('exit', resolve));
    await delay(200);
    assert.equal((await rt.state('orphan'))?.status, 'running');
    const exited = rt.waitExit('orphan');
    await rt.kill('orphan', 9);
    assert.equal((await exited).exitCode, 137);
  });

  it('operations on unknown containers fail with not_found', async () => {
    await assert.rejects(rt.start('nosuch'), (e) => isKind(e, 'not_found'));
    await assert.rejects(rt.kill('nosuch', 'TERM'), (e) => isKind(e, 'not_found'));
    await assert.rejects(rt.waitExit('nosuch'), (e) => isKind(e, 'not_found'));
    await assert.rejects(rt.attach('nosuch', { stdin: false }), (e) => isKind(e, 'not_found'));
    assert.equal(await rt.state('nosuch'), undefined);
  });

  it('a failing runc create surfaces runc error text and cleans up', async () => {
    const s = spec('badmount', ['true'], {
      mounts: [{ source: join(dir, 'no-such-source'), destination: '/x', options: ['rbind'] }],
    });
    await assert.rejects(
      create(s),
      (e) => e instanceof Error && /no-such-source|no such file/i.test(e.message),
    );
    assert.ok(!existsSync(join(dir, 'runtime', 'badmount')));
    assert.equal(await rt.state('badmount'), undefined);
  });

  it('leaves no conmon behind once containers are deleted', async () => {
    for (const id of created) await rt.delete(id);
    await delay(100);
    assert.deepEqual(ourConmons(), []);
  });
});
