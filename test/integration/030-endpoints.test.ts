/**
 * Sandboxes and endpoints through the controller, on the real kernel, with a throwaway
 * namespace as the host: what a container would see inside its namespace.
 */
import assert from 'node:assert/strict';
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { openController, type TestController } from '../helpers/controller.js';
import { createTestHost, ipJson, links, ping, type TestHost } from '../helpers/test-host.js';

interface Route {
  dst: string;
  gateway?: string;
  dev: string;
}

describe('controller endpoints', () => {
  let host: TestHost;
  let tc: TestController | undefined;

  before(() => {
    host = createTestHost();
    tc = openController(host);
  });

  after(async () => {
    await tc?.close();
    host.dispose();
  });

  const c = (): TestController['controller'] => {
    if (tc === undefined) throw new Error('no controller');
    return tc.controller;
  };

  it('joins a sandbox with eth0: address, MAC from the IP, MTU and default route', async () => {
    await c().createNetwork({
      name: 'front',
      ipam: { config: [{ subnet: '10.88.0.0/24' }] },
      options: { 'com.docker.network.driver.mtu': '1450' },
    });
    const sb = c().createSandbox('a'.repeat(64));
    const ep = c().connect(sb.id, 'front', { containerName: 'web' });
    assert.equal(ep.ipv4, '10.88.0.2/24');
    assert.equal(ep.gatewayV4, '10.88.0.1');
    const inside = links(sb.key);
    assert.deepEqual(inside.map((l) => l.ifname).sort(), ['eth0', 'lo']);
    const eth0 = inside.find((l) => l.ifname === 'eth0');
    assert.equal(eth0?.address, '02:42:0a:58:00:02');
    assert.equal(eth0?.mtu, 1450);
    assert.ok(eth0?.addr_info?.some((a) => a.local === '10.88.0.2' && a.prefixlen === 24));
    const routes = ipJson<Route[]>(sb.key, ['route', 'show']);
    assert.ok(
      routes.some((r) => r.dst === 'default' && r.gateway === '10.88.0.1' && r.dev === 'eth0'),
    );
    assert.ok(ping(sb.key, '10.88.0.1'), 'sandbox pings its gateway');
  });

  it('lets two sandboxes on one network reach each other', () => {
    const sb2 = c().createSandbox('b'.repeat(64));
    const ep2 = c().connect(sb2.id, 'front');
    assert.equal(ep2.ipv4, '10.88.0.3/24');
    const first = c().findSandbox('a'.repeat(64));
    assert.ok(first);
    assert.ok(ping(first.key, '10.88.0.3'));
    assert.ok(ping(sb2.key, '10.88.0.2'));
    // An IPv4-only endpoint has no IPv6 at all (no link-local address); lo keeps ::1.
    const inside = links(sb2.key);
    const eth0 = inside.find((l) => l.ifname === 'eth0');
    assert.deepEqual(
      eth0?.addr_info?.filter((a) => a.family === 'inet6'),
      [],
    );
    const lo = inside.find((l) => l.ifname === 'lo');
    assert.ok(lo?.addr_info?.some((a) => a.family === 'inet6' && a.local === '::1'));
  });

  it('gives a sandbox on none only lo', () => {
    const sb = c().createSandbox('c'.repeat(64));
    c().connect(sb.id, 'none');
    assert.deepEqual(
      links(sb.key).map((l) => l.ifname),
      ['lo'],
    );
    c().removeSandbox(sb.id);
    assert.ok(!existsSync(sb.key));
  });

  it('hot-plugs a second network as eth1 and unplugs only it', async () => {
    await c().createNetwork({ name: 'back', ipam: { config: [{ subnet: '10.89.0.0/24' }] } });
    const sb = c().findSandbox('a'.repeat(64));
    assert.ok(sb);
    const ep = c().connect(sb.id, 'back', { ipv4Address: '10.89.0.50' });
    assert.equal(ep.ifName, 'eth1');
    assert.equal(ep.ipv4, '10.89.0.50/24');
    assert.ok(ping(sb.key, '10.89.0.1'));
    c().disconnect(sb.id, 'back');
    // At once: eth1 is free again and the old interface is down until the background deletion.
    const now = links(sb.key);
    assert.ok(!now.some((l) => l.ifname === 'eth1'), 'eth1 is free for the next connect');
    for (const l of now.filter((x) => x.ifname.startsWith('old'))) {
      assert.ok(!l.flags.includes('UP'), `${l.ifname} is down until deleted`);
    }
    // Same address, so the same MAC: the bridge must not keep sending it to the old port.
    const again = c().connect(sb.id, 'back', { ipv4Address: '10.89.0.50' });
    assert.equal(again.ifName, 'eth1', 'a reconnect gets eth1 at once');
    assert.equal(again.mac, ep.mac);
    assert.ok(ping(host.path, '10.89.0.50'), 'the host reaches the reconnected address at once');
    c().disconnect(sb.id, 'back');
    await c().settle();
    assert.deepEqual(
      links(sb.key)
        .map((l) => l.ifname)
        .sort(),
      ['eth0', 'lo'],
    );
    assert.ok(ping(sb.key, '10.88.0.1'), 'the first network still works');
  });

  it('refuses a static IP outside the subnet, or already taken, and leaves nothing', () => {
    const sb = c().createSandbox('d'.repeat(64));
    const before = links(host.path).length;
    assert.throws(() => c().connect(sb.id, 'front', { ipv4Address: '10.99.0.5' }), {
      kind: 'invalid',
    });
    assert.throws(() => c().connect(sb.id, 'front', { ipv4Address: '10.88.0.2' }), {
      kind: 'conflict',
    });
    assert.throws(() => c().connect(sb.id, 'front', { ipv4Address: 'nonsense' }), {
      kind: 'invalid',
    });
    assert.throws(() => c().connect(sb.id, 'bridge-that-is-not'), { kind: 'not_found' });
    assert.equal(links(host.path).length, before);
    assert.deepEqual(
      links(sb.key).map((l) => l.ifname),
      ['lo'],
    );
    c().removeSandbox(sb.id);
  });

  it('gives an IPv6 network a v6 gateway on the bridge and a v6 address inside, with a given MAC', async () => {
    await c().createNetwork({
      name: 'dual',
      enableIPv6: true,
      ipam: { config: [{ subnet: '10.87.0.0/24' }, { subnet: 'fd00:87::/64' }] },
      options: { 'com.docker.network.container_iface_prefix': 'net' },
    });
    const sb = c().createSandbox('9'.repeat(64));
    const ep = c().connect(sb.id, 'dual', {
      macAddress: '02:AA:bb:cc:dd:ee',
      ipv6Address: 'fd00:87::99',
    });
    assert.equal(ep.ifName, 'net0');
    assert.equal(ep.ipv6, 'fd00:87::99/64');
    assert.equal(ep.gatewayV6, 'fd00:87::1');
    const net0 = links(sb.key).find((l) => l.ifname === 'net0');
    assert.equal(net0?.address, '02:aa:bb:cc:dd:ee');
    assert.ok(net0?.addr_info?.some((a) => a.family === 'inet6' && a.local === 'fd00:87::99'));
    const v6routes = ipJson<Route[]>(sb.key, ['-6', 'route', 'show']);
    assert.ok(v6routes.some((r) => r.dst === 'default' && r.gateway === 'fd00:87::1'));
    assert.ok(ping(sb.key, 'fd00:87::1'), 'pings the v6 gateway');
    c().removeSandbox(sb.id);
    await c().removeNetwork('dual');
  });

  it('keeps networks and endpoints across a controller restart', async () => {
    await tc?.close();
    tc = openController(host);
    const sb = c().findSandbox('a'.repeat(64));
    assert.ok(sb);
    assert.equal(c().endpointsOf(sb.id).length, 1);
    assert.ok(ping(sb.key, '10.88.0.3'));
    assert.equal(c().startupReport.removedEndpoints, 0);
    assert.equal(c().startupReport.removedLinks, 0);
  });

  it('never gives one address twice to concurrent connects', async () => {
    await c().createNetwork({ name: 'many', ipam: { config: [{ subnet: '10.90.0.0/24' }] } });
    const eps = await Promise.all(
      Array.from({ length: 40 }, async (_, i) => {
        const sb = c().createSandbox(i.toString(16).padStart(64, 'e'));
        return c().connect(sb.id, 'many');
      }),
    );
    const addrs = eps.map((e) => e.ipv4);
    assert.equal(new Set(addrs).size, 40);
    const inKernel = eps.map((e) => {
      const sb = c().findSandbox(e.containerId);
      return links(sb?.key ?? '').find((l) => l.ifname === 'eth0')?.addr_info?.[0]?.local;
    });
    assert.equal(new Set(inKernel).size, 40);
  });

  it('leaves no link, namespace file or address behind when everything is removed', async () => {
    for (const sb of [...c().state.sandboxes.values()]) c().removeSandbox(sb.id);
    for (const n of ['front', 'back', 'many']) await c().removeNetwork(n);
    await c().settle();
    const left = links(host.path).filter((l) => l.ifname !== 'lo' && l.ifname !== 'p0');
    assert.deepEqual(
      left.map((l) => l.ifname),
      [],
    );
    assert.deepEqual(readdirSync(join(host.dir, 'run', 'netns')), []);
    const p0 = links(host.path).find((l) => l.ifname === 'p0');
    assert.deepEqual(
      p0?.addr_info?.filter((a) => a.family === 'inet').map((a) => a.local),
      ['192.168.5.1'],
    );
  });
});
