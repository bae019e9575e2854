/**
 * The stock `docker` CLI drives pouchd's network commands: the wire format is Docker's.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { useDaemon, type CliResult } from '../helpers/daemon.js';
import { links } from '../helpers/test-host.js';

describe('docker CLI against pouchd', () => {
  const suite = useDaemon();
  const docker = (...args: string[]): CliResult =>
    suite.cli('docker', args, { DOCKER_CONFIG: suite.host().dir });

  it('docker network create makes the network and its bridge', () => {
    const r = docker(
      'network',
      'create',
      '--subnet',
      '10.66.0.0/24',
      '--gateway',
      '10.66.0.1',
      '--label',
      'team=net',
      'dnet',
    );
    assert.equal(r.status, 0, r.stderr);
    const id = r.stdout.trim();
    assert.match(id, /^[0-9a-f]{64}$/);
    const br = links(suite.host().path).find((l) => l.ifname === `br-${id.slice(0, 12)}`);
    assert.ok(br?.addr_info?.some((a) => a.local === '10.66.0.1'));
  });

  it('docker network ls lists it with the predefined networks', () => {
    const r = docker('network', 'ls', '--format', '{{.Name}} {{.Driver}} {{.Scope}}');
    assert.equal(r.status, 0, r.stderr);
    assert.deepEqual(r.stdout.trim().split('\n').sort(), [
      'bridge bridge local',
      'dnet bridge local',
      'host host local',
      'none null local',
    ]);
    const filtered = docker('network', 'ls', '--filter', 'label=team=net', '-q');
    assert.equal(filtered.stdout.trim().split('\n').length, 1);
  });

  it('docker network inspect shows subnet, gateway and labels', () => {
    const r = docker(
      'network',
      'inspect',
      '-f',
      '{{range .IPAM.Config}}{{.Subnet}} {{.Gateway}}{{end}} {{index .Labels "team"}}',
      'dnet',
    );
    assert.equal(r.status, 0, r.stderr);
    assert.equal(r.stdout.trim(), '10.66.0.0/24 10.66.0.1 net');
  });

  it('docker network rm refuses bridge and removes dnet', () => {
    const refused = docker('network', 'rm', 'bridge');
    assert.notEqual(refused.status, 0);
    assert.match(refused.stderr, /pre-defined/);
    const r = docker('network', 'rm', 'dnet');
    assert.equal(r.status, 0, r.stderr);
    assert.equal(r.stdout.trim(), 'dnet');
    assert.ok(!links(suite.host().path).some((l) => l.ifname.startsWith('br-')));
  });

  it('docker network prune removes unused custom networks', () => {
    assert.equal(docker('network', 'create', 'p1').status, 0);
    const r = docker('network', 'prune', '-f');
    assert.equal(r.status, 0, r.stderr);
    assert.match(r.stdout, /p1/);
    assert.equal(docker('network', 'inspect', 'p1').status, 1);
  });
});
