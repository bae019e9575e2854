/**
 * A `kill -9` at any step leaves nothing a restart does not clean up (design principle 1).
 */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { execFileSync } from 'node:child_process';
import { mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { ENDPOINTS } from '../../src/network/records.js';
import { REPO } from '../helpers/daemon.js';
import { openController, type TestController } from '../helpers/controller.js';
import { createTestHost, links, ping, type TestHost } from '../helpers/test-host.js';

/** Checks that store and kernel agree exactly. */
function assertConsistent(host: TestHost, tc: TestController): void {
  const { state } = tc.controller;
  const sandboxes = [...state.sandboxes.values()];
  const endpoints = [...state.endpoints.values()];
  assert.ok(sandboxes.every((s) => s.state === 'ready'));
  assert.ok(endpoints.every((e) => e.state === 'ready'));
  const netnsFiles = readdirSync(join(host.dir, 'run', 'netns'))
    .map((n) => join(host.dir, 'run', 'netns', n))
    .sort();
  assert.deepEqual(netnsFiles, sandboxes.map((s) => s.key).sort());
  const veths = links(host.path)
    .filter((l) => l.linkinfo?.info_kind === 'veth')
    .map((l) => l.ifname)
    .sort();
  assert.deepEqual(veths, endpoints.map((e) => e.hostIfName).sort());
  const addrs = endpoints.map((e) => e.ipv4);
  assert.equal(new Set(addrs).size, addrs.length, 'no address twice');
}

describe('crash recovery', () => {
  let host: TestHost;
  let tc: TestController | undefined;

  before(() => {
    host = createTestHost();
    mkdirSync(join(host.dir, 'home'), { recursive: true });
  });

  after(async () => {
    await tc?.close();
    host.dispose();
  });

  for (const round of [1, 2, 3]) {
    it(`cleans up what kill -9 left half-made (round ${round})`, async () => {
      const worker = spawn(
        process.execPath,
        [join(REPO, 'dist/test/fixtures/crash-worker.js'), host.path, host.dir],
        {
          stdio: ['ignore', 'pipe', 'pipe'],
        },
      );
      let err = '';
      worker.stderr.on('data', (d: Buffer) => (err += d.toString()));
      const target = 3 + round * 2;
      await new Promise<void>((resolve, reject) => {
        worker.stdout.on('data', (d: Buffer) => {
          if (d.toString().includes(`ready ${target}`)) {
            // Let it run into the middle of the next operations, then kill it.
            setTimeout(() => worker.kill('SIGKILL'), round);
          }
        });
        worker.once('exit', (code, signal) =>
          signal === 'SIGKILL' ? resolve() : reject(new Error(`worker exited ${code}: ${err}`)),
        );
      });
      tc = openController(host);
      assertConsistent(host, tc);
      for (const sb of tc.controller.state.sandboxes.values()) {
        // A kill between creating a sandbox and connecting it leaves a valid, empty sandbox.
        if (tc.controller.endpointsOf(sb.id).length === 0) continue;
        const detail = JSON.stringify({
          eps: tc.controller.endpointsOf(sb.id),
          inside: links(sb.key),
        });
        assert.ok(
          ping(sb.key, '10.91.0.1'),
          `sandbox ${sb.id.slice(0, 12)} reaches its gateway: ${detail}`,
        );
      }
      await tc.close();
      tc = undefined;
    });
  }

  it('removes orphans: a veth on our bridge, a netns file and a record stuck in creating', async () => {
    tc = openController(host);
    const net = tc.controller.state.findNetworkByName('crash');
    assert.ok(net?.bridge);
    const bridgeName = net.bridge.name;
    const template = [...tc.controller.state.endpoints.values()][0];
    assert.ok(template, 'the crash rounds left endpoints');
    const stuck = {
      ...template,
      id: 'f'.repeat(64),
      state: 'creating',
      hostIfName: 'vethstuck',
      ipv4: '10.91.0.200/24',
    };
    tc.controller.state.store.put(ENDPOINTS, stuck.id, stuck);
    await tc.close();
    execFileSync('ip', [
      '-n',
      host.name,
      'link',
      'add',
      'vethorphan0',
      'type',
      'veth',
      'peer',
      'name',
      'vethorphan1',
    ]);
    execFileSync('ip', ['-n', host.name, 'link', 'set', 'vethorphan0', 'master', bridgeName]);
    writeFileSync(join(host.dir, 'run', 'netns', 'deadbeef0000'), '');
    tc = openController(host);
    const report = tc.controller.startupReport;
    assert.ok(report.removedLinks >= 1, JSON.stringify(report));
    assert.ok(report.removedNetns >= 1, JSON.stringify(report));
    assert.ok(report.removedEndpoints >= 1, JSON.stringify(report));
    assert.ok(!links(host.path).some((l) => l.ifname === 'vethorphan0'));
    assertConsistent(host, tc);
  });
});
