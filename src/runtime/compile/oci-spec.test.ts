import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { isKind } from '../../common/errors.js';
import type { RuntimeCreateSpec } from '../runtime.js';
import { compileOciSpec, compileProcess, validateSysctls } from './oci-spec.js';

/** dist/src/runtime/compile → src/runtime/compile/testdata (goldens live with the source). */
const TESTDATA = new URL('../../../../src/runtime/compile/testdata/', import.meta.url);

function golden(name: string, actual: unknown): void {
  const path = fileURLToPath(new URL(`${name}.json`, TESTDATA));
  const text = `${JSON.stringify(actual, null, 2)}\n`;
  if (process.env['UPDATE_GOLDEN'] === '1') writeFileSync(path, text);
  assert.equal(text, readFileSync(path, 'utf8'), `golden ${name} differs (UPDATE_GOLDEN=1)`);
}

function baseSpec(over: Partial<RuntimeCreateSpec> = {}): RuntimeCreateSpec {
  return {
    id: 'c0ffee',
    rootfs: { lowerDirs: ['/layers/2', '/layers/1'] },
    process: {
      args: ['sh', '-c', 'echo hello'],
      env: ['PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin'],
      cwd: '/',
      user: { uid: 0, gid: 0 },
      terminal: false,
    },
    hostname: 'c0ffee',
    netnsPath: '/run/pouch/netns/c0ffee',
    mounts: [],
    sysctls: {},
    openStdin: false,
    logPath: '/var/lib/pouch/containers/c0ffee/c0ffee-json.log',
    ...over,
  };
}

describe('compileOciSpec()', () => {
  it('compileOciSpec() matches the golden for a plain container', () => {
    golden('basic', compileOciSpec(baseSpec(), { rootfsPath: '/run/pouch/runtime/c0ffee/rootfs' }));
  });

  it('compileOciSpec() adds binds, sysctls, a domain and a terminal', () => {
    const spec = baseSpec({
      domainname: 'example.org',
      mounts: [
        { source: '/srv/data', destination: '/data', options: ['rbind', 'rprivate', 'ro'] },
        { source: '/etc/hosts.c0ffee', destination: '/etc/hosts', options: [] },
      ],
      sysctls: { 'net.ipv4.ip_forward': '1', 'net.core.somaxconn': '1024' },
      process: {
        ...baseSpec().process,
        terminal: true,
        user: { uid: 1000, gid: 1000, additionalGids: [10] },
      },
    });
    golden('full', compileOciSpec(spec, { rootfsPath: '/r' }));
  });

  it('compileOciSpec() shares the UTS namespace and sets no hostname with hostUts', () => {
    golden('host-uts', compileOciSpec(baseSpec({ hostUts: true }), { rootfsPath: '/r' }));
  });

  it('compileOciSpec() always joins the given network namespace by path', () => {
    const out = compileOciSpec(baseSpec({ netnsPath: '/proc/42/ns/net' }), { rootfsPath: '/r' });
    assert.deepEqual(
      out.linux.namespaces.find((n) => n.type === 'network'),
      { type: 'network', path: '/proc/42/ns/net' },
    );
  });

  it('compileOciSpec() rejects a relative netns path and a relative mount destination', () => {
    assert.throws(
      () => compileOciSpec(baseSpec({ netnsPath: 'netns' }), { rootfsPath: '/r' }),
      (e) => isKind(e, 'invalid'),
    );
    const mounts = [{ source: '/a', destination: 'b', options: [] }];
    assert.throws(
      () => compileOciSpec(baseSpec({ mounts }), { rootfsPath: '/r' }),
      (e) => isKind(e, 'invalid'),
    );
  });
});

describe('validateSysctls()', () => {
  it('validateSysctls() accepts net.* keys, sorted', () => {
    assert.deepEqual(Object.keys(validateSysctls({ 'net.b.c': '1', 'net.a': '2' })), [
      'net.a',
      'net.b.c',
    ]);
  });

  it('validateSysctls() rejects keys outside net.*', () => {
    for (const key of ['kernel.shmmax', 'vm.swappiness', 'net', 'net..x', 'net.a/../../b']) {
      assert.throws(
        () => validateSysctls({ [key]: '1' }),
        (e) => isKind(e, 'invalid'),
        key,
      );
    }
  });

  it('validateSysctls() rejects multi-line values', () => {
    assert.throws(
      () => validateSysctls({ 'net.a': '1\n2' }),
      (e) => isKind(e, 'invalid'),
    );
  });
});

describe('compileProcess()', () => {
  it('compileProcess() rejects an empty command', () => {
    const p = { ...baseSpec().process, args: [] };
    assert.throws(
      () => compileProcess(p),
      (e) => isKind(e, 'invalid'),
    );
  });

  it('compileProcess() defaults an empty cwd to /', () => {
    assert.equal(compileProcess({ ...baseSpec().process, cwd: '' }).cwd, '/');
  });
});
