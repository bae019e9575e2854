/**
 * pouchd in a throwaway namespace acting as the host: predefined networks, user-defined bridge
 * networks on the real kernel, bad input that changes nothing, restarts that keep state.
 */
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { describe, it } from 'node:test';
import { useDaemon, type TestDaemon } from '../helpers/daemon.js';
import { links } from '../helpers/test-host.js';

interface Net {
  Id: string;
  Name: string;
  Driver: string;
  Scope: string;
  IPAM: { Driver: string; Config: Array<{ Subnet: string; Gateway?: string; IPRange?: string }> };
  Options: Record<string, string>;
  Containers: Record<string, unknown>;
}

describe('pouchd networks', () => {
  const suite = useDaemon();
  const d = (): TestDaemon => suite.daemon();
  const hostPath = (): string => suite.host().path;

  it('creates bridge, host and none at first start, and p0 with 192.168.5.1/24', async () => {
    const r = await d().api<Net[]>('GET', '/networks');
    assert.equal(r.status, 200);
    const byName = new Map(r.body.map((n) => [n.Name, n]));
    assert.deepEqual([...byName.keys()].sort(), ['bridge', 'host', 'none']);
    assert.equal(byName.get('bridge')?.Driver, 'bridge');
    assert.equal(byName.get('host')?.Driver, 'host');
    assert.equal(byName.get('none')?.Driver, 'null');
    assert.equal(byName.get('bridge')?.IPAM.Config[0]?.Subnet, '192.168.5.0/24');
    assert.equal(byName.get('bridge')?.IPAM.Config[0]?.Gateway, '192.168.5.1');
    const p0 = links(hostPath()).find((l) => l.ifname === 'p0');
    assert.ok(p0, 'p0 exists');
    assert.equal(p0.linkinfo?.info_kind, 'bridge');
    assert.equal(p0.address, '02:42:c0:a8:05:01');
    assert.ok(p0.addr_info?.some((a) => a.local === '192.168.5.1' && a.prefixlen === 24));
  });

  it('gives a user-defined bridge network its bridge with the gateway address', async () => {
    const r = await d().api<{ Id: string; Warning: string }>('POST', '/networks/create', {
      Name: 'net1',
      IPAM: { Config: [{ Subnet: '10.77.0.0/24', Gateway: '10.77.0.254' }] },
      Options: { 'com.docker.network.driver.mtu': '1400' },
    });
    assert.equal(r.status, 201, r.text);
    assert.match(r.body.Id, /^[0-9a-f]{64}$/);
    const br = links(hostPath()).find((l) => l.ifname === `br-${r.body.Id.slice(0, 12)}`);
    assert.ok(br, 'bridge device exists');
    assert.equal(br.mtu, 1400);
    assert.ok(br.flags.includes('UP'));
    assert.ok(br.addr_info?.some((a) => a.local === '10.77.0.254' && a.prefixlen === 24));
    const inspect = await d().api<Net>('GET', `/networks/${r.body.Id.slice(0, 6)}`);
    assert.equal(inspect.status, 200);
    assert.equal(inspect.body.Name, 'net1');
    assert.deepEqual(inspect.body.Containers, {});
  });

  it('picks a free default pool when no subnet is given', async () => {
    const r = await d().api<{ Id: string }>('POST', '/networks/create', { Name: 'auto1' });
    assert.equal(r.status, 201, r.text);
    const n = await d().api<Net>('GET', '/networks/auto1');
    assert.equal(n.body.IPAM.Config[0]?.Subnet, '172.17.0.0/16');
    const r2 = await d().api<{ Id: string }>('POST', '/networks/create', { Name: 'auto2' });
    assert.equal(r2.status, 201);
    const n2 = await d().api<Net>('GET', '/networks/auto2');
    assert.equal(n2.body.IPAM.Config[0]?.Subnet, '172.18.0.0/16');
  });

  it('refuses bad input with the right status and creates nothing', async () => {
    const before = links(hostPath())
      .map((l) => l.ifname)
      .sort();
    const cases: Array<[unknown, number, RegExp]> = [
      ['{not json', 400, /json/i],
      [{ Name: '' }, 400, /name/i],
      [{ Name: 'bad1', IPAM: { Config: [{ Subnet: '10.0.0.0/33' }] } }, 400, /10\.0\.0\.0\/33/],
      [
        { Name: 'bad2', IPAM: { Config: [{ Subnet: '10.9.0.0/24', Gateway: '10.8.0.1' }] } },
        400,
        /gateway/i,
      ],
      [{ Name: 'bad3', Options: { 'com.docker.network.driver.mtu': 'huge' } }, 400, /mtu/],
      [{ Name: 'bad4', Driver: 'nosuch' }, 404, /nosuch/],
      [{ Name: 'net1' }, 409, /already exists/],
      [{ Name: 'bad5', IPAM: { Config: [{ Subnet: '10.77.0.0/16' }] } }, 403, /overlap/i],
      [{ Name: 'bad6', Driver: 'host' }, 403, /only one instance/],
    ];
    for (const [body, status, message] of cases) {
      const r = await d().api<{ message: string }>('POST', '/networks/create', body);
      assert.equal(r.status, status, `${JSON.stringify(body)} → ${r.text}`);
      assert.match(r.body.message, message);
    }
    const names = (await d().api<Net[]>('GET', '/networks')).body.map((n) => n.Name);
    assert.ok(!names.some((n) => n.startsWith('bad')), names.join(','));
    assert.deepEqual(
      links(hostPath())
        .map((l) => l.ifname)
        .sort(),
      before,
    );
  });

  it('refuses to remove predefined networks (403) and unknown ones (404)', async () => {
    for (const name of ['bridge', 'host', 'none']) {
      const r = await d().api<{ message: string }>('DELETE', `/networks/${name}`);
      assert.equal(r.status, 403, r.text);
      assert.match(r.body.message, /pre-defined/);
    }
    assert.equal((await d().api('DELETE', '/networks/nosuch')).status, 404);
    assert.equal((await d().api('GET', '/networks/nosuch')).status, 404);
  });

  it('keeps networks and their IDs across a restart, and after kill -9', async () => {
    const beforeList = (await d().api<Net[]>('GET', '/networks')).body
      .map((n) => `${n.Name}:${n.Id}`)
      .sort();
    await suite.restart();
    const afterStop = (await d().api<Net[]>('GET', '/networks')).body
      .map((n) => `${n.Name}:${n.Id}`)
      .sort();
    assert.deepEqual(afterStop, beforeList);
    await suite.restart({ kill9: true });
    const afterKill = (await d().api<Net[]>('GET', '/networks')).body
      .map((n) => `${n.Name}:${n.Id}`)
      .sort();
    assert.deepEqual(afterKill, beforeList);
    assert.ok(links(hostPath()).some((l) => l.ifname === 'p0'));
  });

  it('re-creates p0 when it disappeared while the daemon was down (PouchContainer #2618)', async () => {
    await d().stop();
    execFileSync('ip', ['-n', suite.host().name, 'link', 'del', 'p0']);
    await suite.restart();
    const p0 = links(hostPath()).find((l) => l.ifname === 'p0');
    assert.ok(p0?.addr_info?.some((a) => a.local === '192.168.5.1'));
  });

  it('removes a network and its bridge, leaving no link or address behind', async () => {
    const id = (await d().api<Net>('GET', '/networks/net1')).body.Id;
    const r = await d().api('DELETE', '/networks/net1');
    assert.equal(r.status, 204);
    assert.ok(!links(hostPath()).some((l) => l.ifname === `br-${id.slice(0, 12)}`));
    const pruned = await d().api<{ NetworksDeleted: string[] }>('POST', '/networks/prune');
    assert.equal(pruned.status, 200);
    assert.deepEqual([...pruned.body.NetworksDeleted].sort(), ['auto1', 'auto2']);
    const left = links(hostPath()).filter((l) => l.ifname !== 'lo' && l.ifname !== 'p0');
    assert.deepEqual(
      left.map((l) => l.ifname),
      [],
    );
  });
});
