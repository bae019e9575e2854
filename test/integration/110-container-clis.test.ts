/**
 * The stock docker CLI and pouch drive containers against pouchd: attached runs with exit codes,
 * exec, logs, inspect, connect, removal.
 */
import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { buildBusyboxImage } from '../helpers/busybox-image.js';
import { POUCH, useDaemon, type CliResult } from '../helpers/daemon.js';

describe('docker and pouch CLIs drive containers', () => {
  const suite = useDaemon();
  const docker = (...args: string[]): CliResult =>
    suite.cli('docker', args, { DOCKER_CONFIG: suite.host().dir });
  const pouch = (...args: string[]): CliResult => suite.cli(POUCH, args);

  before(async () => {
    const tar = buildBusyboxImage(suite.host().dir);
    const r = docker('load', '-i', tar);
    assert.equal(r.status, 0, r.stderr);
    assert.match(r.stdout, /Loaded image: busybox:latest/);
    assert.equal(docker('network', 'create', '--subnet', '10.41.0.0/24', 'cn1').status, 0);
    assert.equal(docker('network', 'create', '--subnet', '10.42.0.0/24', 'cn2').status, 0);
  });

  it('docker run attached prints the output and exits with the container code', () => {
    const r = docker('run', '--rm', 'busybox', 'sh', '-c', 'echo out; echo err >&2; exit 3');
    assert.equal(r.status, 3, r.stderr);
    assert.equal(r.stdout, 'out\n');
    assert.equal(r.stderr, 'err\n');
  });

  it('docker run -d, exec, inspect, network connect, logs and rm -f', () => {
    const run = docker(
      'run',
      '-d',
      '--name',
      'dd',
      '--network',
      'cn1',
      '--ip',
      '10.41.0.9',
      'busybox',
      'sh',
      '-c',
      'echo started; sleep 1000',
    );
    assert.equal(run.status, 0, run.stderr);
    assert.match(run.stdout.trim(), /^[0-9a-f]{64}$/);
    const ip = docker('exec', 'dd', 'ip', '-o', '-4', 'addr', 'show', 'eth0');
    assert.equal(ip.status, 0, ip.stderr);
    assert.match(ip.stdout, /10\.41\.0\.9\/24/);
    assert.equal(docker('exec', 'dd', 'sh', '-c', 'exit 7').status, 7);
    const ins = docker(
      'inspect',
      '-f',
      '{{.NetworkSettings.Networks.cn1.IPAddress}} {{.State.Status}}',
      'dd',
    );
    assert.equal(ins.stdout.trim(), '10.41.0.9 running');
    assert.equal(docker('network', 'connect', 'cn2', 'dd').status, 0);
    assert.match(docker('exec', 'dd', 'ls', '/sys/class/net').stdout, /eth1/);
    assert.equal(docker('network', 'disconnect', 'cn2', 'dd').status, 0);
    assert.equal(docker('logs', 'dd').stdout, 'started\n');
    assert.match(docker('ps').stdout, /dd/);
    assert.equal(docker('rm', '-f', 'dd').status, 0);
    assert.doesNotMatch(docker('ps', '-a').stdout, /\bdd\b/);
  });

  it('pouch run, exec, logs, inspect, ps, stop and rm', () => {
    const attached = pouch('run', '--rm', 'busybox', 'sh', '-c', 'echo out; echo err >&2; exit 4');
    assert.equal(attached.status, 4, attached.stderr);
    assert.equal(attached.stdout, 'out\n');
    assert.equal(attached.stderr, 'err\n');
    const run = pouch(
      'run',
      '-d',
      '--name',
      'pp',
      '--net',
      'cn2',
      '--hostname',
      'box',
      '--add-host',
      'db:10.0.0.5',
      '--dns',
      '10.9.9.9',
      'busybox',
      'sh',
      '-c',
      'echo hi; sleep 1000',
    );
    assert.equal(run.status, 0, run.stderr);
    assert.equal(pouch('exec', 'pp', 'hostname').stdout.trim(), 'box');
    assert.match(pouch('exec', 'pp', 'cat', '/etc/hosts').stdout, /10\.0\.0\.5\tdb/);
    // On a user-defined network the embedded resolver answers; --dns becomes its upstream.
    assert.match(
      pouch('exec', 'pp', 'cat', '/etc/resolv.conf').stdout,
      /^nameserver 127\.0\.0\.11\n(.*\n)*options ndots:0/,
    );
    assert.equal(pouch('logs', 'pp').stdout, 'hi\n');
    assert.match(
      pouch('inspect', '-f', '{{.NetworkSettings.Networks.cn2.IPAddress}}', 'pp').stdout,
      /^10\.42\.0\.\d+\n$/,
    );
    assert.match(pouch('ps').stdout, /pp/);
    assert.equal(pouch('stop', '-t', '1', 'pp').status, 0);
    assert.match(pouch('ps', '-a').stdout, /Exited/);
    assert.equal(pouch('rm', 'pp').status, 0);
  });
});
