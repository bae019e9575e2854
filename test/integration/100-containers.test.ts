/**
 * Containers on runc with the four network modes, seen from inside the containers, with pouchd
 * in a throwaway namespace acting as the host.
 */
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { before, describe, it } from 'node:test';
import { buildBusyboxImage } from '../helpers/busybox-image.js';
import { execIn, inspect, runDetached } from '../helpers/containers.js';
import { POUCH, useDaemon } from '../helpers/daemon.js';
import { links } from '../helpers/test-host.js';
import { waitUntil } from '../helpers/wait.js';

describe('containers and network modes', () => {
  const suite = useDaemon();
  const d = () => suite.daemon();

  before(async () => {
    const tar = buildBusyboxImage(suite.host().dir);
    const r = suite.cli(POUCH, ['load', '-i', tar]);
    assert.equal(r.status, 0, r.stderr);
    assert.match(r.stdout, /Loaded image: busybox:latest/);
    for (const [name, subnet] of [
      ['n1', '10.31.0.0/24'],
      ['n2', '10.32.0.0/24'],
    ] as const) {
      const n = await d().api('POST', '/networks/create', {
        Name: name,
        IPAM: { Config: [{ Subnet: subnet }] },
      });
      assert.equal(n.status, 201, n.text);
    }
  });

  it('bridge containers get address, MAC and default route, and reach each other and the gateway', async () => {
    const a = await runDetached(d(), { Cmd: ['sleep', '1000'] }, 'a1');
    const b = await runDetached(d(), { Cmd: ['sleep', '1000'] }, 'b1');
    const ia = await inspect(d(), a);
    const ib = await inspect(d(), b);
    assert.match(ia.NetworkSettings.IPAddress, /^192\.168\.5\.\d+$/);
    assert.equal(ia.NetworkSettings.Gateway, '192.168.5.1');
    const ip = await execIn(d(), a, ['ip', '-o', 'addr', 'show', 'eth0']);
    assert.match(
      ip.out,
      new RegExp(`inet ${ia.NetworkSettings.IPAddress.replace(/\./g, '\\.')}/24`),
    );
    const link = await execIn(d(), a, ['cat', '/sys/class/net/eth0/address']);
    assert.equal(link.out.trim(), ia.NetworkSettings.MacAddress);
    const route = await execIn(d(), a, ['ip', 'route']);
    assert.match(route.out, /default via 192\.168\.5\.1 dev eth0/);
    assert.equal(
      (await execIn(d(), a, ['ping', '-c', '1', '-W', '2', ib.NetworkSettings.IPAddress])).code,
      0,
    );
    assert.equal((await execIn(d(), a, ['ping', '-c', '1', '-W', '2', '192.168.5.1'])).code, 0);
    const hosts = readFileSync(ia.HostsPath, 'utf8');
    assert.match(
      hosts,
      new RegExp(`${ia.NetworkSettings.IPAddress.replace(/\./g, '\\.')}\\t${a.slice(0, 12)}\\n$`),
    );
  });

  it('two user networks: a container on each and one on both reaching both', async () => {
    const x = await runDetached(
      d(),
      { Cmd: ['sleep', '1000'], HostConfig: { NetworkMode: 'n1' } },
      'x1',
    );
    const y = await runDetached(
      d(),
      { Cmd: ['sleep', '1000'], HostConfig: { NetworkMode: 'n2' } },
      'y1',
    );
    const both = await runDetached(
      d(),
      { Cmd: ['sleep', '1000'], HostConfig: { NetworkMode: 'n1' } },
      'both',
    );
    const c = await d().api('POST', '/networks/n2/connect', { Container: 'both' });
    assert.equal(c.status, 200, c.text);
    const ib = await inspect(d(), both);
    assert.ok(ib.NetworkSettings.Networks.n1?.IPAddress.startsWith('10.31.0.'));
    assert.ok(ib.NetworkSettings.Networks.n2?.IPAddress.startsWith('10.32.0.'));
    const ix = await inspect(d(), x);
    const iy = await inspect(d(), y);
    assert.equal(
      (
        await execIn(d(), both, [
          'ping',
          '-c',
          '1',
          '-W',
          '2',
          ix.NetworkSettings.Networks.n1?.IPAddress ?? '',
        ])
      ).code,
      0,
    );
    assert.equal(
      (
        await execIn(d(), both, [
          'ping',
          '-c',
          '1',
          '-W',
          '2',
          iy.NetworkSettings.Networks.n2?.IPAddress ?? '',
        ])
      ).code,
      0,
    );
    const ifaces = await execIn(d(), both, ['ls', '/sys/class/net']);
    assert.deepEqual(ifaces.out.trim().split(/\s+/).sort(), ['eth0', 'eth1', 'lo']);
  });

  it('host mode sees the host interfaces and hostname', async () => {
    const h = await runDetached(
      d(),
      { Cmd: ['sleep', '1000'], HostConfig: { NetworkMode: 'host' } },
      'h1',
    );
    const out = await execIn(d(), h, ['ls', '/sys/class/net']);
    assert.ok(out.out.split(/\s+/).includes('p0'), out.out);
  });

  it('none mode has only lo', async () => {
    const n = await runDetached(
      d(),
      { Cmd: ['sleep', '1000'], HostConfig: { NetworkMode: 'none' } },
      'none1',
    );
    const out = await execIn(d(), n, ['ls', '/sys/class/net']);
    assert.equal(out.out.trim(), 'lo');
  });

  it("container mode shares the target's interfaces and loopback services", async () => {
    const t = await runDetached(
      d(),
      { Cmd: ['sh', '-c', 'echo hello > /tmp/index.html; httpd -f -p 127.0.0.1:8080 -h /tmp'] },
      'web',
    );
    const j = await runDetached(
      d(),
      { Cmd: ['sleep', '1000'], HostConfig: { NetworkMode: 'container:web' } },
      'joiner',
    );
    const got = await execIn(d(), j, ['wget', '-qO-', 'http://127.0.0.1:8080/index.html']);
    assert.equal(got.out.trim(), 'hello');
    const ti = await inspect(d(), t);
    const ji = await inspect(d(), j);
    assert.equal(ji.HostsPath, ti.HostsPath);
    const c = await d().api<{ message: string }>('POST', '/networks/n1/connect', {
      Container: 'joiner',
    });
    assert.equal(c.status, 400);
    assert.match(c.body.message, /sharing network namespace/);
  });

  it('connect and disconnect a running container hot-plug eth1 and rewrite /etc/hosts in place', async () => {
    const id = await runDetached(d(), { Cmd: ['sleep', '1000'] }, 'hot');
    const before = await inspect(d(), id);
    const inode = statSync(before.HostsPath).ino;
    assert.equal(
      (
        await d().api('POST', '/networks/n1/connect', {
          Container: 'hot',
          EndpointConfig: { IPAMConfig: { IPv4Address: '10.31.0.77' } },
        })
      ).status,
      200,
    );
    const after = await inspect(d(), id);
    assert.equal(after.NetworkSettings.Networks.n1?.IPAddress, '10.31.0.77');
    assert.ok(after.NetworkSettings.Networks.n1?.EndpointID);
    assert.match(readFileSync(before.HostsPath, 'utf8'), /10\.31\.0\.77\t/);
    assert.equal(statSync(before.HostsPath).ino, inode);
    assert.match(
      (await execIn(d(), id, ['ip', '-o', 'addr', 'show', 'eth1'])).out,
      /10\.31\.0\.77\/24/,
    );
    assert.equal(
      (await d().api('POST', '/networks/n1/disconnect', { Container: 'hot' })).status,
      200,
    );
    const ifaces = await execIn(d(), id, ['ls', '/sys/class/net']);
    assert.deepEqual(ifaces.out.trim().split(/\s+/).sort(), ['eth0', 'lo']);
    assert.equal((await inspect(d(), id)).State.Status, 'running');
  });

  it('connect on a stopped container takes effect at start; stop/start keeps a static IP', async () => {
    const created = await d().api<{ Id: string }>('POST', '/containers/create?name=cold', {
      Image: 'busybox',
      Cmd: ['sleep', '1000'],
    });
    assert.equal(created.status, 201);
    assert.equal(
      (
        await d().api('POST', '/networks/n2/connect', {
          Container: 'cold',
          EndpointConfig: { IPAMConfig: { IPv4Address: '10.32.0.50' } },
        })
      ).status,
      200,
    );
    assert.equal((await d().api('POST', '/containers/cold/start')).status, 204);
    assert.equal((await inspect(d(), 'cold')).NetworkSettings.Networks.n2?.IPAddress, '10.32.0.50');
    assert.equal((await d().api('POST', '/containers/cold/stop?t=1')).status, 204);
    const stopped = await inspect(d(), 'cold');
    assert.equal(stopped.State.Status, 'exited');
    assert.equal(stopped.NetworkSettings.SandboxKey, '');
    assert.equal((await d().api('POST', '/containers/cold/start')).status, 204);
    assert.equal((await inspect(d(), 'cold')).NetworkSettings.Networks.n2?.IPAddress, '10.32.0.50');
  });

  it('--sysctl changes the container namespace and not the host', async () => {
    const id = await runDetached(
      d(),
      {
        Cmd: ['sleep', '1000'],
        HostConfig: { Sysctls: { 'net.ipv4.ip_unprivileged_port_start': '80' } },
      },
      'sys',
    );
    assert.equal(
      (await execIn(d(), id, ['cat', '/proc/sys/net/ipv4/ip_unprivileged_port_start'])).out.trim(),
      '80',
    );
    const { inNetns } = await import('../helpers/test-host.js');
    assert.equal(
      inNetns(suite.host().path, 'cat', [
        '/proc/sys/net/ipv4/ip_unprivileged_port_start',
      ]).stdout.trim(),
      '1024',
    );
  });

  it('refuses bad network input clearly and leaves nothing behind', async () => {
    const cases: Array<[Record<string, unknown>, number, RegExp]> = [
      [
        {
          NetworkingConfig: {
            EndpointsConfig: { n1: { IPAMConfig: { IPv4Address: '10.31.0.300' } } },
          },
          HostConfig: { NetworkMode: 'n1' },
        },
        400,
        /invalid IPv4 address/,
      ],
      [
        {
          NetworkingConfig: {
            EndpointsConfig: { n1: { IPAMConfig: { IPv4Address: '10.99.0.5' } } },
          },
          HostConfig: { NetworkMode: 'n1' },
        },
        400,
        /not in the subnet/,
      ],
      [{ HostConfig: { NetworkMode: 'nosuchnet' } }, 404, /nosuchnet/],
      [{ HostConfig: { NetworkMode: 'container:nosuch' } }, 404, /nosuch/],
      [
        { HostConfig: { NetworkMode: 'host', Sysctls: { 'net.ipv4.ip_forward': '1' } } },
        400,
        /host network namespace/,
      ],
      [{ HostConfig: { Sysctls: { 'kernel.shmmax': '1' } } }, 400, /only net\./],
      [{ HostConfig: { ExtraHosts: ['nohostip'] } }, 400, /add-host/],
    ];
    const count = (await d().api<unknown[]>('GET', '/containers/json?all=1')).body.length;
    for (const [body, status, message] of cases) {
      const r = await d().api<{ message: string }>('POST', '/containers/create', {
        Image: 'busybox',
        Cmd: ['true'],
        ...body,
      });
      assert.equal(r.status, status, `${JSON.stringify(body)} → ${r.text}`);
      assert.match(r.body.message, message);
    }
    assert.equal((await d().api<unknown[]>('GET', '/containers/json?all=1')).body.length, count);
    // Two containers asking for one IP: the second start is refused and leaves no endpoint.
    await runDetached(
      d(),
      {
        Cmd: ['sleep', '1000'],
        NetworkingConfig: {
          EndpointsConfig: { n1: { IPAMConfig: { IPv4Address: '10.31.0.200' } } },
        },
        HostConfig: { NetworkMode: 'n1' },
      },
      'ipa',
    );
    const second = await d().api<{ Id: string }>('POST', '/containers/create?name=ipb', {
      Image: 'busybox',
      Cmd: ['sleep', '1000'],
      NetworkingConfig: { EndpointsConfig: { n1: { IPAMConfig: { IPv4Address: '10.31.0.200' } } } },
      HostConfig: { NetworkMode: 'n1' },
    });
    assert.equal(second.status, 201);
    const vethsBefore = links(suite.host().path).filter(
      (l) => l.linkinfo?.info_kind === 'veth',
    ).length;
    const start = await d().api<{ message: string }>('POST', '/containers/ipb/start');
    assert.equal(start.status, 409, start.text);
    assert.match(start.body.message, /10\.31\.0\.200/);
    assert.equal(
      links(suite.host().path).filter((l) => l.linkinfo?.info_kind === 'veth').length,
      vethsBefore,
    );
    // A stopped container: target is refused at start.
    await d().api('POST', '/containers/create?name=stopped1', { Image: 'busybox', Cmd: ['true'] });
    await d().api('POST', '/containers/create?name=joinstopped', {
      Image: 'busybox',
      Cmd: ['true'],
      HostConfig: { NetworkMode: 'container:stopped1' },
    });
    const js = await d().api<{ message: string }>('POST', '/containers/joinstopped/start');
    assert.equal(js.status, 409);
    assert.match(js.body.message, /non running container/);
  });

  it('rm -f of running containers and a daemon restart leave no veth, netns, mount or address', async () => {
    const keep = await runDetached(
      d(),
      { Cmd: ['sleep', '1000'], HostConfig: { NetworkMode: 'n1' } },
      'survivor',
    );
    const ipBefore = (await inspect(d(), keep)).NetworkSettings.Networks.n1?.IPAddress;
    await suite.restart({ kill9: true });
    const after = await inspect(d(), keep);
    assert.equal(after.State.Status, 'running');
    assert.equal(after.NetworkSettings.Networks.n1?.IPAddress, ipBefore);
    assert.equal((await execIn(d(), keep, ['ping', '-c', '1', '-W', '2', '10.31.0.1'])).code, 0);
    const all = (await d().api<Array<{ Id: string }>>('GET', '/containers/json?all=1')).body;
    for (const c of all) {
      const r = await d().api('DELETE', `/containers/${c.Id}?force=1`);
      assert.equal(r.status, 204, r.text);
    }
    // The pairs are deleted in the background (the kernel's unregister is slow); they go soon.
    const veths = (): string[] =>
      links(suite.host().path)
        .filter((l) => l.linkinfo?.info_kind === 'veth')
        .map((l) => l.ifname);
    await waitUntil('every veth to be deleted', () => veths().length === 0).catch(() => undefined);
    assert.deepEqual(veths(), []);
    assert.deepEqual(readdirSync(join(suite.host().dir, 'run', 'netns')), []);
    const mounts = readFileSync('/proc/self/mounts', 'utf8')
      .split('\n')
      .filter((l) => l.includes(suite.host().dir));
    assert.deepEqual(mounts, []);
  });
});
