/**
 * Container lifecycle details: a container that dies while pouchd is down, network inspect's
 * Containers, links, disabled network files, a real terminal.
 */
import assert from 'node:assert/strict';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { before, describe, it } from 'node:test';
import { buildBusyboxImage } from '../helpers/busybox-image.js';
import { execIn, inspect, runDetached } from '../helpers/containers.js';
import { POUCH, useDaemon, type CliResult } from '../helpers/daemon.js';
import { links } from '../helpers/test-host.js';

describe('container lifecycle', () => {
  const suite = useDaemon();
  const d = () => suite.daemon();
  const pouch = (...args: string[]): CliResult => suite.cli(POUCH, args);

  before(() => {
    const r = pouch('load', '-i', buildBusyboxImage(suite.host().dir));
    assert.equal(r.status, 0, r.stderr);
  });

  it('network inspect lists attached containers under Containers', async () => {
    const id = await runDetached(d(), { Cmd: ['sleep', '1000'] }, 'listed');
    const ip = (await inspect(d(), id)).NetworkSettings.IPAddress;
    const net = await d().api<{
      Containers: Record<string, { Name: string; IPv4Address: string }>;
    }>('GET', '/networks/bridge');
    assert.equal(net.body.Containers[id]?.Name, 'listed');
    assert.equal(net.body.Containers[id]?.IPv4Address, `${ip}/24`);
  });

  it('--link writes the linked container into /etc/hosts', () => {
    const r = pouch(
      'run',
      '-d',
      '--name',
      'linker',
      '--link',
      'listed:db',
      'busybox',
      'sleep',
      '1000',
    );
    assert.equal(r.status, 0, r.stderr);
    assert.match(
      pouch('exec', 'linker', 'cat', '/etc/hosts').stdout,
      /192\.168\.5\.\d+\tdb listed\n/,
    );
  });

  it('--disable-network-files leaves the image files in place', () => {
    const r = pouch('run', '--rm', '--disable-network-files', 'busybox', 'cat', '/etc/hosts');
    assert.equal(r.status, 0, r.stderr);
    assert.equal(r.stdout, '');
  });

  it('-t gives the container a real terminal', () => {
    const r = pouch('run', '--rm', '-t', 'busybox', 'tty');
    assert.equal(r.status, 0, r.stderr);
    assert.match(r.stdout, /^\/dev\/pts\/\d+\r?\n$/);
  });

  it('a container that died while pouchd was down is exited after restart and its network released', async () => {
    const id = await runDetached(d(), { Cmd: ['sleep', '1000'] }, 'doomed');
    const pid = (await inspect(d(), id)).State.Pid;
    await d().stop();
    process.kill(pid, 'SIGKILL');
    await suite.restart();
    const after = await inspect(d(), id);
    assert.equal(after.State.Status, 'exited');
    assert.equal(after.State.ExitCode, 137);
    assert.equal(after.NetworkSettings.SandboxKey, '');
    const stillRunning = (await d().api<Array<{ Id: string }>>('GET', '/containers/json')).body.map(
      (c) => c.Id,
    );
    const sandboxes = readdirSync(join(suite.host().dir, 'run', 'netns'));
    assert.equal(sandboxes.length, stillRunning.length);
    const veths = links(suite.host().path).filter((l) => l.linkinfo?.info_kind === 'veth');
    assert.equal(veths.length, stillRunning.length);
    assert.equal((await execIn(d(), 'listed', ['true'])).code, 0);
  });
});
