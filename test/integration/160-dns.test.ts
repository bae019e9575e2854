/**
 * Embedded DNS on user-defined networks, from inside containers, with a fake upstream server in
 * a namespace of its own (never the machine's resolver).
 */
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { buildBusyboxImage } from '../helpers/busybox-image.js';
import { execIn, inspect, runDetached } from '../helpers/containers.js';
import { POUCH, REPO, useDaemon } from '../helpers/daemon.js';
import { addNeighbour } from '../helpers/test-host.js';

const UPSTREAM = '198.19.0.2';

/** Addresses busybox nslookup printed for the queried name (skipping the server's own). */
function addresses(out: string): string[] {
  const answer = out.split(/Name:/).slice(1).join('\n');
  return [...answer.matchAll(/Address(?: \d+)?:\s+([0-9a-f.:]+)/g)].map((m) => m[1] ?? '').sort();
}

describe('embedded DNS', () => {
  const suite = useDaemon(['--dns', UPSTREAM]);
  const d = () => suite.daemon();
  const ns = `pd-${randomBytes(3).toString('hex')}`;
  let upstream: ChildProcess | undefined;
  let neighbour: ReturnType<typeof addNeighbour> | undefined;
  const lookup = async (ref: string, name: string): Promise<{ code: number; out: string }> =>
    execIn(d(), ref, ['nslookup', name]);

  before(async () => {
    neighbour = addNeighbour(suite.host(), {
      name: ns,
      hostIf: 'dh0',
      peerIf: 'dc0',
      hostIp: '198.19.0.1',
      peerIp: UPSTREAM,
    });
    upstream = spawn(
      'nsenter',
      [
        `--net=/run/netns/${ns}`,
        process.execPath,
        join(REPO, 'dist/test/fixtures/fake-dns.js'),
        UPSTREAM,
      ],
      { stdio: ['ignore', 'pipe', 'inherit'] },
    );
    await new Promise<void>((resolve) => upstream?.stdout?.once('data', () => resolve()));
    assert.equal(suite.cli(POUCH, ['load', '-i', buildBusyboxImage(suite.host().dir)]).status, 0);
    for (const [name, subnet, internal] of [
      ['n1', '10.71.0.0/24', false],
      ['n2', '10.72.0.0/24', false],
      ['sealed', '10.73.0.0/24', true],
    ] as const) {
      const r = await d().api('POST', '/networks/create', {
        Name: name,
        Internal: internal,
        IPAM: { Config: [{ Subnet: subnet }] },
      });
      assert.equal(r.status, 201, r.text);
    }
  });

  after(() => {
    upstream?.kill('SIGKILL');
    neighbour?.remove();
  });

  it('resolves container names, aliases and short IDs on the same network', async () => {
    const web = await runDetached(
      d(),
      {
        Cmd: ['sleep', '1000'],
        HostConfig: { NetworkMode: 'n1' },
        NetworkingConfig: { EndpointsConfig: { n1: { Aliases: ['www'] } } },
      },
      'web',
    );
    const client = await runDetached(
      d(),
      { Cmd: ['sleep', '1000'], HostConfig: { NetworkMode: 'n1' } },
      'client',
    );
    const ip = (await inspect(d(), web)).NetworkSettings.Networks.n1?.IPAddress ?? '';
    const resolv = await execIn(d(), client, ['cat', '/etc/resolv.conf']);
    assert.match(resolv.out, /^nameserver 127\.0\.0\.11$/m);
    assert.match(resolv.out, /ndots:0/);
    for (const name of ['web', 'www', web.slice(0, 12), 'web.n1']) {
      assert.deepEqual(addresses((await lookup(client, name)).out), [ip], name);
    }
    assert.equal((await execIn(d(), client, ['ping', '-c', '1', '-W', '2', 'web'])).code, 0);
    const ptr = await lookup(client, ip);
    assert.match(ptr.out, /web\.n1/);
  });

  it('scopes names to the networks the asker is on', async () => {
    const other = await runDetached(
      d(),
      { Cmd: ['sleep', '1000'], HostConfig: { NetworkMode: 'n2' } },
      'other',
    );
    assert.deepEqual(addresses((await lookup(other, 'web')).out), []);
    assert.equal(
      (await d().api('POST', '/networks/n1/connect', { Container: 'other' })).status,
      200,
    );
    assert.equal(
      addresses((await lookup(other, 'web')).out).length,
      1,
      'after connect the name resolves',
    );
    assert.equal(
      (await d().api('POST', '/networks/n1/disconnect', { Container: 'other' })).status,
      200,
    );
    assert.deepEqual(
      addresses((await lookup(other, 'web')).out),
      [],
      'after disconnect it is gone',
    );
  });

  it('gives all addresses of a shared alias', async () => {
    const ips: string[] = [];
    for (const n of ['s1', 's2']) {
      const id = await runDetached(
        d(),
        {
          Cmd: ['sleep', '1000'],
          HostConfig: { NetworkMode: 'n1' },
          NetworkingConfig: { EndpointsConfig: { n1: { Aliases: ['svc'] } } },
        },
        n,
      );
      ips.push((await inspect(d(), id)).NetworkSettings.Networks.n1?.IPAddress ?? '');
    }
    assert.deepEqual(addresses((await lookup('client', 'svc')).out), ips.sort());
  });

  it('forwards other names upstream, with failover to the next server', async () => {
    assert.deepEqual(addresses((await lookup('client', 'foo.upstream.test')).out), ['203.0.113.7']);
    const fo = await runDetached(
      d(),
      { Cmd: ['sleep', '1000'], HostConfig: { NetworkMode: 'n1', Dns: ['198.19.0.3', UPSTREAM] } },
      'failover',
    );
    assert.deepEqual(addresses((await lookup(fo, 'bar.upstream.test')).out), ['203.0.113.7']);
    // Upstream truncates over UDP: the resolver refetches over TCP and gives busybox (UDP only)
    // the records that fit, with TC set.
    const big = addresses((await lookup('client', 'big.upstream.test')).out);
    assert.ok(big.length >= 10 && big.every((a) => a.startsWith('203.0.113.')), big.join(','));
  });

  it('never forwards for containers on an internal network', async () => {
    const a = await runDetached(
      d(),
      { Cmd: ['sleep', '1000'], HostConfig: { NetworkMode: 'sealed' } },
      'sealed1',
    );
    await runDetached(
      d(),
      { Cmd: ['sleep', '1000'], HostConfig: { NetworkMode: 'sealed' } },
      'sealed2',
    );
    assert.deepEqual(addresses((await lookup(a, 'foo.upstream.test')).out), []);
    assert.equal(addresses((await lookup(a, 'sealed2')).out).length, 1);
  });

  it('keeps answering others while one container sends garbage and stalls a TCP stream', async () => {
    const bad = await runDetached(
      d(),
      {
        Cmd: [
          'sh',
          '-c',
          'while true; do echo garbage | nc -u -w 1 127.0.0.11 53; done & (sleep 1000 | nc 127.0.0.11 53) & sleep 1000',
        ],
        HostConfig: { NetworkMode: 'n1' },
      },
      'bad',
    );
    assert.ok(bad);
    const t0 = Date.now();
    assert.equal(addresses((await lookup('client', 'web')).out).length, 1);
    assert.ok(Date.now() - t0 < 3000, 'answered promptly');
  });

  it('leaves the default bridge on the filtered host resolv.conf', async () => {
    const b = await runDetached(d(), { Cmd: ['sleep', '1000'] }, 'plainbridge');
    assert.doesNotMatch((await execIn(d(), b, ['cat', '/etc/resolv.conf'])).out, /127\.0\.0\.11/);
  });
});
