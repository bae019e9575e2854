/**
 * Firewall and port publishing end to end: pouchd in a throwaway namespace as the host, an
 * "outside" namespace linked to it by a veth (198.18.0.0/30), containers with published ports.
 */
import assert from 'node:assert/strict';
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { buildBusyboxImage } from '../helpers/busybox-image.js';
import { execIn, inspect, runDetached } from '../helpers/containers.js';
import { POUCH, useDaemon, type CliResult } from '../helpers/daemon.js';
import { processesInNetns } from '../helpers/processes.js';
import { addNeighbour, inNetns } from '../helpers/test-host.js';
import { waitUntil } from '../helpers/wait.js';

const HOST_OUT = '198.18.0.1';
const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));
const web = (text: string): string[] => [
  'sh',
  '-c',
  `mkdir -p /www && echo ${text} > /www/index.html && httpd -f -p 80 -h /www`,
];

describe('published ports and the firewall', () => {
  const suite = useDaemon();
  const d = () => suite.daemon();
  const pouch = (...args: string[]): CliResult => suite.cli(POUCH, args);
  const outside = `po-${randomBytes(3).toString('hex')}`;
  const outsidePath = `/run/netns/${outside}`;
  let listener: ChildProcess | undefined;
  let neighbour: ReturnType<typeof addNeighbour> | undefined;

  /** curl from a namespace (Debian's static busybox wget crashes outside a container); '' when unreachable. */
  const fetchFrom = (nsPath: string, url: string): string =>
    inNetns(nsPath, 'curl', ['-s', '-m', '2', url]).stdout.trim();
  /** Waits until the server in the container answers (it starts after the container does). */
  const fetchEventually = async (nsPath: string, url: string): Promise<string> => {
    for (let i = 0; i < 30; i += 1) {
      const body = fetchFrom(nsPath, url);
      if (body !== '') return body;
      await sleep(100);
    }
    return '';
  };
  /** An HTTP GET from inside a container with nc (busybox wget crashes on some targets). */
  const httpFrom = async (ref: string, ip: string, port: number): Promise<string> => {
    const r = await execIn(d(), ref, [
      'sh',
      '-c',
      `printf 'GET / HTTP/1.0\\r\\n\\r\\n' | nc -w 2 ${ip} ${port}`,
    ]);
    return r.out.includes('\r\n\r\n') ? (r.out.split('\r\n\r\n')[1] ?? '').trim() : '';
  };
  /** Port-map elements in the engine's table (one per published host port). */
  const nftElements = (): number => {
    const r = inNetns(suite.host().path, 'nft', ['-j', 'list', 'table', 'inet', 'pouch']);
    const items = (
      JSON.parse(r.stdout) as {
        nftables: Array<{ map?: { name: string; elem?: unknown[] } }>;
      }
    ).nftables;
    return items.reduce(
      (n, o) => n + (o.map?.name.startsWith('pm') ? (o.map.elem?.length ?? 0) : 0),
      0,
    );
  };

  before(async () => {
    neighbour = addNeighbour(suite.host(), {
      name: outside,
      hostIf: 'oh0',
      peerIf: 'oc0',
      hostIp: HOST_OUT,
      peerIp: '198.18.0.2',
    });
    // The outside host routes container subnets to us, as a neighbour on a LAN could.
    execFileSync('ip', ['-n', outside, 'route', 'add', '192.168.5.0/24', 'via', HOST_OUT]);
    const r = pouch('load', '-i', buildBusyboxImage(suite.host().dir));
    assert.equal(r.status, 0, r.stderr);
  });

  after(() => {
    listener?.kill('SIGKILL');
    neighbour?.remove();
  });

  it('publishes a port reachable from outside, from the host (also 127.0.0.1) and from containers', async () => {
    const id = await runDetached(
      d(),
      { Cmd: web('hello'), HostConfig: { PortBindings: { '80/tcp': [{ HostPort: '8080' }] } } },
      'web',
    );
    const ins = await inspect(d(), id);
    assert.deepEqual((ins.NetworkSettings as unknown as { Ports: unknown }).Ports, {
      '80/tcp': [{ HostIp: '0.0.0.0', HostPort: '8080' }],
    });
    assert.equal(pouch('port', 'web').stdout.trim(), '80/tcp -> 0.0.0.0:8080');
    assert.equal(await fetchEventually(outsidePath, `http://${HOST_OUT}:8080/`), 'hello');
    assert.equal(fetchFrom(suite.host().path, 'http://127.0.0.1:8080/'), 'hello');
    assert.equal(fetchFrom(suite.host().path, `http://${HOST_OUT}:8080/`), 'hello');
    const peer = await runDetached(d(), { Cmd: ['sleep', '1000'] }, 'peer');
    assert.equal(await httpFrom(peer, HOST_OUT, 8080), 'hello');
    await d().api('POST', '/networks/create', {
      Name: 'other',
      IPAM: { Config: [{ Subnet: '10.61.0.0/24' }] },
    });
    const far = await runDetached(
      d(),
      { Cmd: ['sleep', '1000'], HostConfig: { NetworkMode: 'other' } },
      'far',
    );
    assert.equal(await httpFrom(far, HOST_OUT, 8080), 'hello');
  });

  it('keeps a port published on 127.0.0.1 and unpublished ports away from routed outside traffic', async () => {
    const id = await runDetached(
      d(),
      {
        Cmd: web('local'),
        HostConfig: { PortBindings: { '80/tcp': [{ HostIp: '127.0.0.1', HostPort: '8081' }] } },
      },
      'localweb',
    );
    assert.equal(await fetchEventually(suite.host().path, 'http://127.0.0.1:8081/'), 'local');
    const ip = (await inspect(d(), id)).NetworkSettings.IPAddress;
    assert.equal(fetchFrom(outsidePath, `http://${ip}:80/`), '');
    assert.equal(fetchFrom(outsidePath, `http://${HOST_OUT}:8081/`), '');
  });

  it('refuses a host port taken by another container or a host process, naming it', async () => {
    const created = await d().api<{ Id: string }>('POST', '/containers/create?name=clash', {
      Image: 'busybox',
      Cmd: web('x'),
      HostConfig: { PortBindings: { '80/tcp': [{ HostPort: '8080' }] } },
    });
    const r = await d().api<{ message: string }>('POST', `/containers/${created.body.Id}/start`);
    assert.equal(r.status, 409);
    assert.match(r.body.message, /8080/);
    listener = spawn(
      'nsenter',
      [`--net=${suite.host().path}`, 'busybox', 'nc', '-l', '-p', '9090'],
      { stdio: 'ignore' },
    );
    await sleep(300);
    const c2 = await d().api<{ Id: string }>('POST', '/containers/create?name=clash2', {
      Image: 'busybox',
      Cmd: web('x'),
      HostConfig: { PortBindings: { '80/tcp': [{ HostPort: '9090' }] } },
    });
    const r2 = await d().api<{ message: string }>('POST', `/containers/${c2.body.Id}/start`);
    assert.equal(r2.status, 409);
    assert.match(r2.body.message, /9090/);
  });

  it('publishes ranges, udp and -P ports from ip_local_port_range', async () => {
    const run = pouch(
      'run',
      '-d',
      '--name',
      'ranged',
      '-p',
      '8100-8102:8100-8102',
      '-p',
      '5353:53/udp',
      '--expose',
      '7000',
      '-P',
      'busybox',
      'sleep',
      '1000',
    );
    assert.equal(run.status, 0, run.stderr);
    const ports = (
      await d().api<{
        NetworkSettings: { Ports: Record<string, Array<{ HostPort: string }> | null> };
      }>('GET', '/containers/ranged/json')
    ).body.NetworkSettings.Ports;
    assert.equal(ports['8101/tcp']?.[0]?.HostPort, '8101');
    assert.equal(ports['53/udp']?.[0]?.HostPort, '5353');
    const [lo, hi] = inNetns(suite.host().path, 'cat', ['/proc/sys/net/ipv4/ip_local_port_range'])
      .stdout.trim()
      .split(/\s+/)
      .map(Number);
    const random = Number(ports['7000/tcp']?.[0]?.HostPort);
    assert.ok(random >= (lo ?? 0) && random <= (hi ?? 0), `random port ${random}`);
  });

  it('restores the table within a second after nft flush ruleset', async () => {
    inNetns(suite.host().path, 'nft', ['flush', 'ruleset']);
    await sleep(1000);
    assert.equal(fetchFrom(outsidePath, `http://${HOST_OUT}:8080/`), 'hello');
  });

  it('isolates networks, honours enable_icc=false, and keeps internal networks inside', async () => {
    await d().api('POST', '/networks/create', {
      Name: 'noicc',
      IPAM: { Config: [{ Subnet: '10.62.0.0/24' }] },
      Options: { 'com.docker.network.bridge.enable_icc': 'false' },
    });
    const a = await runDetached(
      d(),
      { Cmd: ['sleep', '1000'], HostConfig: { NetworkMode: 'noicc' } },
      'ni1',
    );
    const b = await runDetached(
      d(),
      { Cmd: ['sleep', '1000'], HostConfig: { NetworkMode: 'noicc' } },
      'ni2',
    );
    const bIp = (await inspect(d(), b)).NetworkSettings.Networks.noicc?.IPAddress ?? '';
    assert.notEqual(
      (await execIn(d(), a, ['ping', '-c', '1', '-W', '1', bIp])).code,
      0,
      'ICC off blocks',
    );
    const peerIp = (await inspect(d(), 'peer')).NetworkSettings.IPAddress;
    const webIp = (await inspect(d(), 'web')).NetworkSettings.IPAddress;
    assert.equal(
      (await execIn(d(), 'peer', ['ping', '-c', '1', '-W', '1', webIp])).code,
      0,
      'ICC on allows',
    );
    assert.notEqual(
      (await execIn(d(), 'far', ['ping', '-c', '1', '-W', '1', peerIp])).code,
      0,
      'other → bridge isolated',
    );
    assert.notEqual(
      (await execIn(d(), 'peer', ['ping', '-c', '1', '-W', '1', '10.61.0.2'])).code,
      0,
      'bridge → other isolated',
    );
    await d().api('POST', '/networks/create', {
      Name: 'inside',
      Internal: true,
      IPAM: { Config: [{ Subnet: '10.63.0.0/24' }] },
    });
    const i = await runDetached(
      d(),
      { Cmd: ['sleep', '1000'], HostConfig: { NetworkMode: 'inside' } },
      'in1',
    );
    assert.doesNotMatch((await execIn(d(), i, ['ip', 'route'])).out, /default/);
    assert.notEqual((await execIn(d(), i, ['ping', '-c', '1', '-W', '1', '198.18.0.2'])).code, 0);
    assert.equal(
      (await execIn(d(), 'peer', ['ping', '-c', '1', '-W', '1', '198.18.0.2'])).code,
      0,
      'bridge reaches outside (masquerade)',
    );
  });

  it('leaves zero elements after containers and networks are removed, also after kill -9 and restart', async () => {
    assert.ok(nftElements() > 0);
    assert.equal(nftMonitorsIn(suite.host().path), 1, "the daemon's table watcher runs");
    // A daemon killed with SIGKILL takes its idle `nft monitor` with it (parent-death signal);
    // before, the monitor lived on until its next write, holding the namespace.
    await suite.daemon().kill9();
    await waitUntil('the nft monitor of the killed daemon to exit', () => {
      return nftMonitorsIn(suite.host().path) === 0;
    }).catch(() => undefined);
    assert.equal(nftMonitorsIn(suite.host().path), 0);
    await suite.restart({ kill9: true });
    assert.equal(await fetchEventually(outsidePath, `http://${HOST_OUT}:8080/`), 'hello');
    for (const c of (await d().api<Array<{ Id: string }>>('GET', '/containers/json?all=1')).body) {
      assert.equal((await d().api('DELETE', `/containers/${c.Id}?force=1`)).status, 204);
    }
    assert.equal((await d().api('POST', '/networks/prune')).status, 200);
    assert.equal(
      nftElements(),
      0,
      inNetns(suite.host().path, 'nft', ['list', 'table', 'inet', 'pouch']).stdout,
    );
    assert.equal(fetchFrom(outsidePath, `http://${HOST_OUT}:8080/`), '');
  });
});

/** How many `nft` processes run in the network namespace mounted at `nsPath`. */
function nftMonitorsIn(nsPath: string): number {
  return processesInNetns(nsPath).filter((p) => p.comm === 'nft').length;
}
