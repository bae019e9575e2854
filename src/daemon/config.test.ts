import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { loadConfig } from './config.js';

const dir = mkdtempSync(join(tmpdir(), 'pouchd-config-'));
const file = (name: string, content: unknown): string => {
  const path = join(dir, name);
  writeFileSync(path, typeof content === 'string' ? content : JSON.stringify(content));
  return path;
};
const noFile = ['--config-file', join(dir, 'absent.json')];

describe('loadConfig()', () => {
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('uses PouchContainer defaults when nothing is given', () => {
    const { config } = loadConfig([]);
    assert.deepEqual(config.listen, ['unix:///var/run/pouchd.sock']);
    assert.equal(config.homeDir, '/var/lib/pouch');
    assert.equal(config.execRootDir, '/var/run/pouch');
    assert.equal(config.bridgeName, 'p0');
    assert.equal(config.bip, '192.168.5.1/24');
    assert.equal(config.mtu, 1500);
    assert.equal(config.ipforward, true);
    assert.equal(config.iptables, true);
    assert.equal(config.disableBridge, false);
  });

  it('reads repeatable flags and Go-style booleans', () => {
    const cfg = file('empty.json', {});
    const { config } = loadConfig([
      '--config-file',
      cfg,
      '-l',
      'unix:///tmp/a.sock',
      '-l',
      'tcp://127.0.0.1:2376',
      '--tlscacert',
      '/ca.pem',
      '--tlscert',
      '/cert.pem',
      '--tlskey',
      '/key.pem',
      '--iptables=false',
      '--ipforward',
      'false',
      '--default-address-pool',
      'base=10.10.0.0/16,size=24',
    ]);
    assert.deepEqual(config.listen, ['unix:///tmp/a.sock', 'tcp://127.0.0.1:2376']);
    assert.equal(config.iptables, false);
    assert.equal(config.ipforward, false);
    assert.deepEqual(config.defaultAddressPools, [{ base: '10.10.0.0/16', size: 24 }]);
  });

  it("reads Pouch's nested network-config keys from the file", () => {
    const cfg = file('nested.json', {
      'home-dir': '/srv/pouch',
      'network-config': {
        'exec-root-dir': '/run/p',
        'bridge-config': { bip: '10.1.0.1/16', 'bridge-name': 'pb0', mtu: 1400, iptables: false },
      },
    });
    const { config } = loadConfig(['--config-file', cfg]);
    assert.equal(config.homeDir, '/srv/pouch');
    assert.equal(config.execRootDir, '/run/p');
    assert.equal(config.bip, '10.1.0.1/16');
    assert.equal(config.bridgeName, 'pb0');
    assert.equal(config.mtu, 1400);
    assert.equal(config.iptables, false);
  });

  it('refuses a key set both as a flag and in the file', () => {
    const cfg = file('conflict.json', {
      'network-config': { 'bridge-config': { bip: '10.1.0.1/16' } },
    });
    assert.throws(
      () => loadConfig(['--config-file', cfg, '--bip', '10.2.0.1/16']),
      /conflict flags.*bip/,
    );
  });

  it('warns about unknown file keys instead of failing', () => {
    const cfg = file('unknown.json', { debug: true });
    const { warnings } = loadConfig(['--config-file', cfg]);
    assert.deepEqual(warnings, ['ignoring unknown config file key "debug"']);
  });

  it('refuses an explicit config file that is missing or not JSON', () => {
    assert.throws(() => loadConfig(noFile), /Cannot read config file/);
    assert.throws(
      () => loadConfig(['--config-file', file('bad.json', '{oops')]),
      /Cannot parse config file/,
    );
  });

  for (const [args, message] of [
    [['--bip', '192.168.5.0/24'], /network address/],
    [['--bip', '300.1.1.1/24'], /bip/],
    [['--fixed-cidr', '10.0.0.0/24'], /fixed-cidr/],
    [['--default-gateway', '10.0.0.1'], /default-gateway/],
    [['--mtu', '20'], /mtu/],
    [['-l', 'tcp://127.0.0.1:2376'], /needs --tlscert/],
    [['-l', 'http://x'], /invalid listen address/],
    [['--default-address-pool', 'base=10.0.0.0/16'], /default-address-pool/],
    [['--default-address-pool', 'base=10.0.0.0/16,size=8'], /size/],
  ] as const) {
    it(`refuses ${args.join(' ')}`, () => {
      assert.throws(() => loadConfig([...args, '--config-file', file('e.json', {})]), message);
    });
  }
});
