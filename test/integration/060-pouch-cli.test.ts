/**
 * The `pouch` CLI against a real pouchd: outputs, exit codes and what lands in the kernel.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { describe, it } from 'node:test';
import { POUCH, useDaemon, type CliResult } from '../helpers/daemon.js';
import { links } from '../helpers/test-host.js';

describe('pouch CLI against pouchd', () => {
  const suite = useDaemon();
  const pouch = (...args: string[]): CliResult => suite.cli(POUCH, args);

  it('pouch network create prints "<name>: <id>" and makes the bridge', () => {
    const r = pouch(
      'network',
      'create',
      '-d',
      'bridge',
      '--subnet',
      '10.55.0.0/24',
      '--gateway',
      '10.55.0.1',
      '--aux-address',
      'router=10.55.0.2',
      '-o',
      'com.docker.network.bridge.name=pcli0',
      '-l',
      'env=test',
      'pnet',
    );
    assert.equal(r.status, 0, r.stderr);
    assert.match(r.stdout.trim(), /^pnet: [0-9a-f]{64}$/);
    const br = links(suite.host().path).find((l) => l.ifname === 'pcli0');
    assert.ok(br?.addr_info?.some((a) => a.local === '10.55.0.1' && a.prefixlen === 24));
  });

  it('pouch network ls prints the table with 10-character IDs', () => {
    const r = pouch('network', 'ls');
    assert.equal(r.status, 0, r.stderr);
    const [head, ...rows] = r.stdout.trim().split('\n');
    assert.match(head ?? '', /^NETWORK ID\s+NAME\s+DRIVER\s+SCOPE$/);
    const names = rows.map((row) => row.split(/\s+/)[1]).sort();
    assert.deepEqual(names, ['bridge', 'host', 'none', 'pnet']);
    assert.ok(rows.every((row) => /^[0-9a-f]{10}\s/.test(row)));
  });

  it('pouch network inspect -f uses Go field names', () => {
    const r = pouch(
      'network',
      'inspect',
      '-f',
      '{{.Name}} {{.Driver}} {{.Scope}} {{json .Labels}} {{range .IPAM.Config}}{{.Subnet}} {{.Gateway}}{{end}}',
      'pnet',
    );
    assert.equal(r.status, 0, r.stderr);
    assert.equal(r.stdout.trim(), 'pnet bridge local {"env":"test"} 10.55.0.0/24 10.55.0.1');
    const json = pouch('network', 'inspect', 'pnet');
    const parsed = JSON.parse(json.stdout) as Array<{
      IPAM: { Config: Array<{ AuxiliaryAddresses: Record<string, string> }> };
    }>;
    assert.deepEqual(parsed[0]?.IPAM.Config[0]?.AuxiliaryAddresses, { router: '10.55.0.2' });
  });

  it('pouch reports errors on stderr with exit code 1', () => {
    const dup = pouch('network', 'create', 'pnet');
    assert.equal(dup.status, 1);
    assert.match(dup.stderr, /already exists/);
    const bad = pouch('network', 'create', '--subnet', '10.0.0.0/33', 'x1');
    assert.equal(bad.status, 1);
    assert.match(bad.stderr, /10\.0\.0\.0\/33/);
    const missing = pouch('network', 'inspect', 'nosuch');
    assert.equal(missing.status, 1);
    assert.match(missing.stderr, /not found/);
    const down = spawnSync(
      process.execPath,
      [POUCH, '-H', `unix://${suite.host().dir}/nobody.sock`, 'network', 'ls'],
      { encoding: 'utf8' },
    );
    assert.equal(down.status, 1);
    assert.match(down.stderr, /Cannot connect to the pouch daemon/);
  });

  it('pouch network rm prints "Removed: <name>" and the bridge goes', () => {
    const r = pouch('network', 'rm', 'pnet');
    assert.equal(r.status, 0, r.stderr);
    assert.equal(r.stdout.trim(), 'Removed: pnet');
    assert.ok(!links(suite.host().path).some((l) => l.ifname === 'pcli0'));
  });

  it('pouch version and pouch info talk to the daemon', () => {
    const v = pouch('version');
    assert.equal(v.status, 0, v.stderr);
    assert.match(v.stdout, /1\.41/);
    const i = pouch('info');
    assert.equal(i.status, 0, i.stderr);
    assert.match(i.stdout, /Kernel Version/i);
  });
});
