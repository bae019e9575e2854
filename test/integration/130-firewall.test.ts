/**
 * NftFirewall against the real kernel (root only), entirely inside throwaway namespaces:
 *
 *   OUT (198.18.0.2/30) ── hout ── HOST ── br-t1 10.50.0.1/24 ── C1 10.50.0.2, C2 10.50.0.3
 *                                      ├── br-t2 10.51.0.1/24 ── C4 10.51.0.2   (no masquerade)
 *                                      └── br-t3 10.52.0.1/24 ── C3 10.52.0.2   (internal)
 *
 * HOST plays the machine the engine runs on: the firewall's nft runs inside it
 * (`netnsPath` → `nsenter --net=… nft`), conntrack is cleaned through a ctnetlink socket opened
 * inside it. OUT has routes to the container subnets via HOST, so "routing straight to a
 * container address" can be tried. Every container and OUT run busybox httpd on :80 serving
 * their own name and a CGI echoing the client address. Traffic only flows between these
 * namespaces (198.18.0.0/30 and 10.50-52.x). `after` kills every server and deletes every
 * namespace (and with them every link) even when a test failed.
 */
import assert from 'node:assert/strict';
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { chmodSync, mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { after, before, describe, it } from 'node:test';
import { setTimeout as delay } from 'node:timers/promises';
import { isKind } from '../../src/common/errors.js';
import { GOLDEN_DIR } from '../../src/firewall/compile/testing/golden-dir.js';
import type { FirewallLogger } from '../../src/firewall/logger.js';
import { NftFirewall } from '../../src/firewall/nft-firewall.js';
import { bridgeSysctls, hostSysctls } from '../../src/firewall/sysctls.js';
import type { FirewallState, NetworkRules, PortMapping } from '../../src/firewall/types.js';
import { writeSysctl } from '../../src/kernel/index.js';

const isRoot = process.getuid?.() === 0;
const TAG = `f130-${process.pid}`;
const NS = {
  host: `${TAG}-h`,
  out: `${TAG}-o`,
  c1: `${TAG}-c1`,
  c2: `${TAG}-c2`,
  c3: `${TAG}-c3`,
  c4: `${TAG}-c4`,
};
const HOST_PATH = `/run/netns/${NS.host}`;
const WWW = `/tmp/${TAG}`;
const HOST_OUT_IP = '198.18.0.1';
const OUT_IP = '198.18.0.2';

const NET1: NetworkRules = {
  id: 'net1',
  bridge: 'br-t1',
  subnets: ['10.50.0.0/24'],
  masquerade: true,
  icc: true,
  internal: false,
};
const NET2: NetworkRules = { ...NET1, id: 'net2', bridge: 'br-t2', subnets: ['10.51.0.0/24'] };
NET2.masquerade = false;
const NET3: NetworkRules = { ...NET1, id: 'net3', bridge: 'br-t3', subnets: ['10.52.0.0/24'] };
NET3.internal = true;

const CONTAINERS = [
  { ns: NS.c1, name: 'c1', bridge: 'br-t1', ip: '10.50.0.2', gw: '10.50.0.1', veth: 'v1' },
  { ns: NS.c2, name: 'c2', bridge: 'br-t1', ip: '10.50.0.3', gw: '10.50.0.1', veth: 'v2' },
  { ns: NS.c4, name: 'c4', bridge: 'br-t2', ip: '10.51.0.2', gw: '10.51.0.1', veth: 'v4' },
  { ns: NS.c3, name: 'c3', bridge: 'br-t3', ip: '10.52.0.2', gw: '10.52.0.1', veth: 'v3' },
];

function tcp(hostPort: number, hostIp = '', containerIp = '10.50.0.2'): PortMapping {
  return {
    owner: 'ep1',
    proto: 'tcp',
    family: 4,
    hostIp,
    hostPort,
    containerIp,
    containerPort: 80,
  };
}

function run(cmd: string, args: string[], input?: string): string {
  return execFileSync(cmd, args, {
    encoding: 'utf8',
    input,
    stdio: ['pipe', 'pipe', 'pipe'],
    timeout: 10_000,
  });
}
const ip = (ns: string, ...args: string[]): string => run('ip', ['-n', ns, ...args]);
const inNs = (ns: string, ...args: string[]): string => run('ip', ['netns', 'exec', ns, ...args]);
const hostNft = (...args: string[]): string => inNs(NS.host, 'nft', ...args);

/** `curl` from `ns`; the body, or undefined when the connection fails or times out. */
function get(ns: string, url: string): string | undefined {
  try {
    return inNs(ns, 'curl', '-sf', '--max-time', '1.5', url).trim();
  } catch {
    return undefined;
  }
}

/** The client address OUT's httpd sees for a request from `ns` (it listens dual-stack). */
function clientSeenBy(ns: string): string | undefined {
  return get(ns, `http://${OUT_IP}/cgi-bin/ip`)?.replace(/^\[(?:::ffff:)?(.*)\]$/, '$1');
}

function hostTableExists(): boolean {
  return hostNft('list', 'tables').includes('table inet pouch');
}

/** The elements of one of our maps, via `nft -j`. */
function mapElements(map: string): unknown[] {
  const out = JSON.parse(hostNft('-j', 'list', 'map', 'inet', 'pouch', map)) as {
    nftables: { map?: { elem?: unknown[] } }[];
  };
  return out.nftables.find((o) => o.map !== undefined)?.map?.elem ?? [];
}

function flows(proto: 'tcp' | 'udp', port: number): string {
  try {
    return inNs(NS.host, 'conntrack', '-L', '-p', proto, '--orig-port-dst', String(port));
  } catch {
    return '';
  }
}
const udpFlows = (port: number): string => flows('udp', port);
const tcpFlows = (port: number): string => flows('tcp', port);

async function waitFor(what: string, check: () => boolean, timeoutMs: number): Promise<number> {
  const start = Date.now();
  while (!check()) {
    if (Date.now() - start > timeoutMs) assert.fail(`timed out after ${timeoutMs} ms: ${what}`);
    await delay(20);
  }
  return Date.now() - start;
}

function buildTopology(): void {
  for (const ns of Object.values(NS)) {
    run('ip', ['netns', 'add', ns]);
    ip(ns, 'link', 'set', 'lo', 'up');
  }
  for (const [i, net] of [NET1, NET2, NET3].entries()) {
    ip(NS.host, 'link', 'add', net.bridge, 'type', 'bridge');
    ip(NS.host, 'addr', 'add', `10.5${i}.0.1/24`, 'dev', net.bridge);
    ip(NS.host, 'link', 'set', net.bridge, 'up');
  }
  for (const c of CONTAINERS) {
    ip(NS.host, 'link', 'add', c.veth, 'type', 'veth', 'peer', 'name', 'eth0', 'netns', c.ns);
    ip(NS.host, 'link', 'set', c.veth, 'master', c.bridge, 'up');
    ip(c.ns, 'addr', 'add', `${c.ip}/24`, 'dev', 'eth0');
    ip(c.ns, 'link', 'set', 'eth0', 'up');
    ip(c.ns, 'route', 'add', 'default', 'via', c.gw);
  }
  ip(NS.host, 'link', 'add', 'hout', 'type', 'veth', 'peer', 'name', 'eth0', 'netns', NS.out);
  ip(NS.host, 'addr', 'add', `${HOST_OUT_IP}/30`, 'dev', 'hout');
  ip(NS.host, 'link', 'set', 'hout', 'up');
  ip(NS.out, 'addr', 'add', `${OUT_IP}/30`, 'dev', 'eth0');
  ip(NS.out, 'link', 'set', 'eth0', 'up');
  for (const subnet of ['10.50.0.0/24', '10.51.0.0/24', '10.52.0.0/24']) {
    ip(NS.out, 'route', 'add', subnet, 'via', HOST_OUT_IP);
  }
  // What the daemon and the bridge driver set, from the firewall's own list.
  const settings = [...hostSysctls(), ...[NET1, NET2, NET3].flatMap(bridgeSysctls)];
  for (const s of settings) writeSysctl(s.key, s.value, HOST_PATH);
}

function startServer(ns: string, name: string, children: ChildProcess[]): void {
  const dir = `${WWW}/${name}`;
  mkdirSync(`${dir}/cgi-bin`, { recursive: true });
  writeFileSync(`${dir}/index.html`, `${name}\n`);
  const cgi = `${dir}/cgi-bin/ip`;
  writeFileSync(
    cgi,
    '#!/bin/sh\nprintf "Content-Type: text/plain\\r\\n\\r\\n%s\\n" "$REMOTE_ADDR"\n',
  );
  chmodSync(cgi, 0o755);
  const child = spawn(
    'ip',
    ['netns', 'exec', ns, 'busybox', 'httpd', '-f', '-p', '80', '-h', dir],
    {
      stdio: 'ignore',
    },
  );
  children.push(child);
}

function recordingLogger(lines: string[]): FirewallLogger {
  const rec = (level: string) => (_obj: object, msg: string) => void lines.push(`${level} ${msg}`);
  return { debug: rec('debug'), info: rec('info'), warn: rec('warn'), error: rec('error') };
}

describe('NftFirewall in throwaway namespaces', { skip: isRoot ? false : 'needs root' }, () => {
  const children: ChildProcess[] = [];
  const logs: string[] = [];
  const state: FirewallState = { networks: [NET1, NET2, NET3], ports: [] };
  let fw: NftFirewall | undefined;
  const firewall = (): NftFirewall => fw ?? assert.fail('firewall not created');

  before(async () => {
    buildTopology();
    for (const c of CONTAINERS) startServer(c.ns, c.name, children);
    startServer(NS.out, 'out', children);
    for (const c of CONTAINERS) {
      await waitFor(`httpd in ${c.name}`, () => get(c.ns, 'http://127.0.0.1/') === c.name, 5000);
    }
    await waitFor('httpd in out', () => get(NS.out, 'http://127.0.0.1/') === 'out', 5000);
    fw = new NftFirewall({ logger: recordingLogger(logs), netnsPath: HOST_PATH });
  });

  after(() => {
    fw?.close();
    for (const child of children) child.kill('SIGKILL');
    for (const ns of Object.values(NS)) {
      try {
        run('ip', ['netns', 'del', ns]);
      } catch {
        // never created (setup failed early)
      }
    }
    rmSync(WWW, { recursive: true, force: true });
    const left = run('ip', ['netns', 'list'])
      .split('\n')
      .filter((l) => l.includes(TAG));
    assert.deepEqual(left, [], 'no namespace of this test is left');
  });

  it('control: without our table, everything reaches everything (so the blocks below are ours)', () => {
    assert.equal(hostTableExists(), false);
    assert.equal(get(NS.out, 'http://10.50.0.2/'), 'c1', 'outside routes to a container');
    assert.equal(get(NS.c4, 'http://10.50.0.2/'), 'c1', 'bridge to bridge');
    assert.equal(get(NS.c2, 'http://10.50.0.2/'), 'c1', 'same bridge');
    assert.equal(clientSeenBy(NS.c3), '10.52.0.2', 'internal container out, not masqueraded');
    assert.equal(clientSeenBy(NS.c1), '10.50.0.2', 'not masqueraded');
    assert.equal(get(NS.out, `http://${HOST_OUT_IP}:8080/`), undefined, 'nothing published');
  });

  it('every golden file is valid nft (`nft -c` against the kernel)', () => {
    firewall().replaceAll({ networks: [], ports: [] });
    const dir = fileURLToPath(GOLDEN_DIR);
    const files = readdirSync(dir).filter((f) => f.endsWith('.nft'));
    assert.ok(files.length >= 30, `found ${files.length} goldens`);
    for (const f of files) {
      try {
        run('nsenter', [`--net=${HOST_PATH}`, 'nft', '-c', '-f', `${dir}/${f}`]);
      } catch (err) {
        assert.fail(`${f} is not valid nft: ${String((err as { stderr?: string }).stderr)}`);
      }
    }
  });

  it('replaceAll() replaces only `inet pouch`; another table stays untouched', () => {
    run(
      'nsenter',
      [`--net=${HOST_PATH}`, 'nft', '-f', '-'],
      [
        'table inet other {',
        '  set s { type ipv4_addr; elements = { 192.0.2.1 } }',
        '  chain c { type filter hook forward priority 10; policy accept; }',
        '}',
      ].join('\n'),
    );
    const before = hostNft('list', 'table', 'inet', 'other');
    firewall().replaceAll(state);
    firewall().replaceAll(state);
    const ours = hostNft('list', 'table', 'inet', 'pouch');
    for (const chain of ['prerouting', 'output', 'portmap', 'postrouting', 'forward']) {
      assert.match(ours, new RegExp(`chain ${chain} \\{`));
    }
    assert.match(ours, /"br-t3" comment "net:net3"/);
    assert.equal(hostNft('list', 'table', 'inet', 'other'), before);
    hostNft('delete', 'table', 'inet', 'other');
  });

  it('addPorts() publishes a TCP port to outside and to the host (127.0.0.1, own addresses)', () => {
    firewall().addPorts([tcp(8080)]);
    state.ports.push(tcp(8080));
    assert.equal(get(NS.out, `http://${HOST_OUT_IP}:8080/`), 'c1');
    assert.equal(get(NS.host, 'http://127.0.0.1:8080/'), 'c1');
    assert.equal(get(NS.host, `http://${HOST_OUT_IP}:8080/`), 'c1');
    assert.equal(get(NS.host, 'http://10.50.0.1:8080/'), 'c1');
  });

  it('hairpin: containers reach a published port from the same and from another bridge', () => {
    assert.equal(get(NS.c2, `http://${HOST_OUT_IP}:8080/`), 'c1');
    assert.equal(get(NS.c2, 'http://10.50.0.1:8080/'), 'c1');
    assert.equal(get(NS.c4, `http://${HOST_OUT_IP}:8080/`), 'c1');
    assert.equal(get(NS.c4, 'http://10.51.0.1:8080/'), 'c1');
  });

  it('a port published on 127.0.0.1 is reachable from the host only, not by routing', () => {
    firewall().addPorts([tcp(8081, '127.0.0.1')]);
    state.ports.push(tcp(8081, '127.0.0.1'));
    assert.equal(get(NS.host, 'http://127.0.0.1:8081/'), 'c1');
    assert.equal(get(NS.out, `http://${HOST_OUT_IP}:8081/`), undefined);
    assert.equal(get(NS.out, 'http://10.50.0.2:80/'), undefined, 'direct route to the container');
  });

  it('a packet from outside spoofing destination 127.0.0.1 is not DNATed (moby#41872)', () => {
    // OUT rewrites its own packets to HOST_OUT_IP:8081 into 127.0.0.1:8081 after routing, as an
    // attacker on the host's link could; without the prerouting guard HOST would DNAT them to C1.
    run(
      'nsenter',
      [`--net=/run/netns/${NS.out}`, 'nft', '-f', '-'],
      [
        'table netdev spoof {',
        '  chain egress {',
        '    type filter hook egress device "eth0" priority 0;',
        `    ip daddr ${HOST_OUT_IP} tcp dport 8081 ip daddr set 127.0.0.1`,
        '  }',
        '}',
      ].join('\n'),
    );
    try {
      assert.equal(get(NS.out, `http://${HOST_OUT_IP}:8081/`), undefined);
      const spoofed = tcpFlows(8081)
        .split('\n')
        .filter((l) => l.includes(`src=${OUT_IP} dst=127.0.0.1`));
      assert.ok(
        spoofed.every((l) => !l.includes('src=10.50.0.2')),
        `a spoofed flow was DNATed to C1: ${spoofed.join('; ')}`,
      );
    } finally {
      inNs(NS.out, 'nft', 'delete', 'table', 'netdev', 'spoof');
    }
  });

  it('addPorts() refuses a key already mapped elsewhere (conflict), and accepts a retry', () => {
    assert.throws(
      () => firewall().addPorts([tcp(8080, '', '10.50.0.3')]),
      (e) => isKind(e, 'conflict'),
    );
    assert.throws(
      () => firewall().addPorts([tcp(9000, '1.2.3.4; flush ruleset')]),
      (e) => isKind(e, 'invalid'),
    );
    firewall().addPorts([tcp(8080)]);
    assert.equal(get(NS.out, `http://${HOST_OUT_IP}:8080/`), 'c1');
  });

  it('ICC on lets containers of a bridge talk; ICC off blocks it', () => {
    assert.equal(get(NS.c2, 'http://10.50.0.2/'), 'c1');
    const noIcc = { ...NET1, icc: false };
    firewall().removeNetwork(NET1);
    firewall().removeNetwork(NET1);
    firewall().addNetwork(noIcc);
    try {
      assert.equal(get(NS.c2, 'http://10.50.0.2/'), undefined);
    } finally {
      firewall().removeNetwork(noIcc);
      firewall().addNetwork(NET1);
    }
    assert.equal(get(NS.c2, 'http://10.50.0.2/'), 'c1');
  });

  it('bridges are isolated from each other', () => {
    assert.equal(get(NS.c4, 'http://10.50.0.2/'), undefined);
    assert.equal(get(NS.c1, 'http://10.51.0.2/'), undefined);
  });

  it('an internal network reaches nothing outside its bridge, and nothing reaches it', () => {
    assert.equal(get(NS.c3, `http://${OUT_IP}/`), undefined);
    assert.equal(get(NS.c3, 'http://10.50.0.2/'), undefined);
    assert.equal(get(NS.c3, 'http://10.52.0.1:8080/'), undefined, 'published port via DNAT');
    assert.equal(get(NS.out, 'http://10.52.0.2/'), undefined);
    assert.equal(get(NS.c1, 'http://10.52.0.2/'), undefined);
  });

  it('masquerade on: outside sees the host address; off: the container address', () => {
    assert.equal(clientSeenBy(NS.c1), HOST_OUT_IP);
    assert.equal(clientSeenBy(NS.c4), '10.51.0.2');
  });

  it('removePorts() leaves no element and the port unreachable; removing twice is fine', () => {
    const ports = [tcp(8080), tcp(8081, '127.0.0.1')];
    firewall().removePorts(ports);
    state.ports = [];
    assert.deepEqual(mapElements('pm4_tcp_any'), []);
    assert.deepEqual(mapElements('pm4_tcp_ip'), []);
    assert.equal(get(NS.out, `http://${HOST_OUT_IP}:8080/`), undefined);
    assert.equal(get(NS.host, 'http://127.0.0.1:8081/'), undefined);
    firewall().removePorts(ports);
    firewall().removePorts([tcp(8080, '', '10.50.0.9')]);
  });

  it('removePorts() leaves another container’s mapping of the same key alone', () => {
    firewall().addPorts([tcp(8082, '', '10.50.0.2')]);
    firewall().removePorts([tcp(8082, '', '10.50.0.3'), tcp(8083)]);
    firewall().removePorts([tcp(8082, '', '10.50.0.3')]);
    assert.equal(mapElements('pm4_tcp_any').length, 1);
    assert.ok(logs.some((l) => l.startsWith('warn port is mapped to another target')));
    firewall().removePorts([tcp(8082, '', '10.50.0.2')]);
    assert.deepEqual(mapElements('pm4_tcp_any'), []);
  });

  it('watch() puts the table back within a second after `nft flush ruleset`', async () => {
    state.ports = [tcp(8080)];
    firewall().addPorts(state.ports);
    firewall().watch(() => state);
    await delay(300); // let the monitor start
    const repairsBefore = logs.filter((l) => l.includes('replacing it')).length;
    firewall().addPorts([tcp(8084)]);
    firewall().removePorts([tcp(8084)]);
    await delay(300);
    const ownChanges = logs.filter((l) => l.includes('replacing it')).length;
    assert.equal(ownChanges, repairsBefore, 'our own changes are not repaired');

    hostNft('flush', 'ruleset');
    const ms = await waitFor('table back', hostTableExists, 1000);
    assert.ok(ms <= 1000);
    assert.equal(get(NS.out, `http://${HOST_OUT_IP}:8080/`), 'c1');

    hostNft('flush', 'chain', 'inet', 'pouch', 'forward');
    await waitFor(
      'forward rules back',
      () => /ct state/.test(hostNft('list', 'chain', 'inet', 'pouch', 'forward')),
      1000,
    );
  });

  it('a UDP mapping change deletes the conntrack entries of its host port', async () => {
    const udp: PortMapping = { ...tcp(5353), proto: 'udp', containerPort: 5353 };
    firewall().addPorts([udp]);
    for (let i = 0; i < 3; i++) {
      inNs(NS.out, 'bash', '-c', `echo hi >/dev/udp/${HOST_OUT_IP}/5353`);
    }
    await waitFor('a udp flow', () => udpFlows(5353).includes('dport=5353'), 2000);
    firewall().removePorts([udp]);
    assert.equal(udpFlows(5353).includes('dport=5353'), false, udpFlows(5353));
    assert.ok(logs.includes('debug deleted stale UDP conntrack entries'));
  });
});
