/**
 * Kernel layer against the real kernel (root only). Everything happens inside two throwaway
 * namespaces made by the test itself: HOST plays the machine (bridge, host end of the veth)
 * and SANDBOX plays a container. `ip -j` (through `ip -n`) is the oracle; traffic only goes
 * between addresses inside these two namespaces. Removing both namespaces in `after` removes
 * every link, address and route the test made, even when a test fails midway.
 */
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import {
  existsSync,
  mkdirSync,
  readFileSync,
  readlinkSync,
  rmdirSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { after, afterEach, before, describe, it } from 'node:test';
import { isKind } from '../../src/common/errors.js';
import {
  KernelError,
  LinkReaper,
  netns,
  openRtnl,
  readSysctl,
  writeSysctl,
  type LinkInfo,
  type RtnlClient,
} from '../../src/kernel/index.js';
import { waitUntil } from '../helpers/wait.js';

const isRoot = process.getuid?.() === 0;
const RUN_DIR = '/run/netns';
const TAG = `k010-${process.pid}`;
const HOST_NAME = `${TAG}-h`;
const SANDBOX_NAME = `${TAG}-s`;
const HOST = `${RUN_DIR}/${HOST_NAME}`;
const SANDBOX = `${RUN_DIR}/${SANDBOX_NAME}`;
const STALE = `${RUN_DIR}/${TAG}-stale`;
const BRIDGE = 'br-k010';
const VETH = 'vk010';
const PEER_MAC = '02:42:0a:e7:00:02';
const BRIDGE_MAC = '02:42:0a:e7:00:01';

interface IpLink {
  ifindex: number;
  ifname: string;
  mtu: number;
  address: string;
  flags: string[];
  master?: string;
  linkinfo?: { info_kind?: string };
}
interface IpAddr {
  ifname: string;
  addr_info: {
    family: string;
    local: string;
    prefixlen: number;
    broadcast?: string;
    tentative?: boolean;
  }[];
}
interface IpRoute {
  dst: string;
  gateway?: string;
  dev?: string;
}

/** `ip -n <ns> -j -d <args>` parsed. */
function ipJson<T>(ns: string, args: string[]): T[] {
  return JSON.parse(
    execFileSync('ip', ['-n', ns, '-j', '-d', ...args], { encoding: 'utf8' }) || '[]',
  ) as T[];
}

/** The network namespace of the JS thread (tid == pid for the main thread). */
function jsThreadNetns(): string {
  return readlinkSync(`/proc/self/task/${process.pid}/ns/net`);
}

function netnsMounts(): string[] {
  return readFileSync('/proc/self/mounts', 'utf8')
    .split('\n')
    .filter((l) => l.includes(TAG));
}

function mustFind(rtnl: RtnlClient, name: string): LinkInfo {
  const link = rtnl.findLink(name);
  assert.ok(link, `link ${name} exists`);
  return link;
}

describe('kernel layer in throwaway namespaces', { skip: isRoot ? false : 'needs root' }, () => {
  const jsNetnsBefore = isRoot ? jsThreadNetns() : '';
  const madeRunDir = !existsSync(RUN_DIR);
  let host: RtnlClient | undefined;
  let sandbox: RtnlClient | undefined;

  const hostRtnl = (): RtnlClient => host ?? assert.fail('host rtnl not open');

  before(() => {
    netns.create(HOST);
    host = openRtnl(HOST);
  });

  afterEach(() => {
    assert.equal(jsThreadNetns(), jsNetnsBefore, 'the JS thread never leaves its namespace');
  });

  after(() => {
    sandbox?.close();
    host?.close();
    rmSync(STALE, { force: true });
    netns.remove(SANDBOX);
    netns.remove(HOST);
    if (madeRunDir) {
      try {
        rmdirSync(RUN_DIR);
      } catch {
        // another user of /run/netns appeared meanwhile; leave it
      }
    }
    assert.deepEqual(netnsMounts(), [], 'no netns mount of this test is left');
    assert.equal(jsThreadNetns(), jsNetnsBefore);
  });

  it('netns.create() makes a live namespace that `ip netns` lists, and refuses a duplicate', () => {
    netns.create(SANDBOX);
    assert.equal(netns.isMounted(SANDBOX), true);
    const listed = execFileSync('ip', ['netns', 'list'], { encoding: 'utf8' });
    assert.match(listed, new RegExp(`^${SANDBOX_NAME}\\b`, 'm'));
    assert.throws(
      () => netns.create(SANDBOX),
      (e: unknown) => e instanceof KernelError && e.kind === 'conflict' && e.errno === 17,
    );
    assert.equal(netns.isMounted(SANDBOX), true, 'a failed create leaves the existing netns alone');
  });

  it('netns.isMounted() tells a stale file (as left after a reboot) from a live netns', () => {
    mkdirSync(RUN_DIR, { recursive: true });
    writeFileSync(STALE, '');
    try {
      assert.equal(netns.isMounted(STALE), false);
      assert.equal(netns.isMounted(`${RUN_DIR}/${TAG}-absent`), false);
      netns.remove(STALE);
      assert.equal(existsSync(STALE), false);
      netns.remove(STALE);
    } finally {
      rmSync(STALE, { force: true });
    }
  });

  it('createBridge() makes a bridge with the given MTU and MAC, down until setLink() brings it up', () => {
    const rtnl = hostRtnl();
    const br = rtnl.createBridge({ name: BRIDGE, mtu: 1400, mac: BRIDGE_MAC });
    assert.deepEqual(br, {
      index: br.index,
      name: BRIDGE,
      kind: 'bridge',
      mtu: 1400,
      mac: BRIDGE_MAC,
      up: false,
    });
    const [seen] = ipJson<IpLink>(HOST_NAME, ['link', 'show', 'dev', BRIDGE]);
    assert.equal(seen?.linkinfo?.info_kind, 'bridge');
    assert.equal(seen?.mtu, 1400);
    assert.equal(seen?.address, BRIDGE_MAC);
    assert.equal(seen?.flags.includes('UP'), false);
    rtnl.setLink(br.index, { up: true });
    assert.equal(mustFind(rtnl, BRIDGE).up, true);
    assert.ok(ipJson<IpLink>(HOST_NAME, ['link', 'show', 'dev', BRIDGE])[0]?.flags.includes('UP'));
  });

  it('createBridge() reports a duplicate name as a conflict KernelError with errno 17', () => {
    assert.throws(
      () => hostRtnl().createBridge({ name: BRIDGE }),
      (e: unknown) =>
        e instanceof KernelError &&
        e.kind === 'conflict' &&
        e.errno === 17 &&
        e.errnoName === 'EEXIST' &&
        e.message === `Cannot create link "${BRIDGE}": File exists (EEXIST)`,
    );
  });

  it('addAddress() gives the bridge IPv4 with broadcast and IPv6 without DAD', () => {
    const rtnl = hostRtnl();
    const br = mustFind(rtnl, BRIDGE);
    rtnl.addAddress(br.index, '10.231.0.1/24');
    rtnl.addAddress(br.index, 'fd31::1/64');
    const [seen] = ipJson<IpAddr>(HOST_NAME, ['addr', 'show', 'dev', BRIDGE]);
    const v4 = seen?.addr_info.find((a) => a.family === 'inet');
    assert.deepEqual([v4?.local, v4?.prefixlen, v4?.broadcast], ['10.231.0.1', 24, '10.231.0.255']);
    const v6 = seen?.addr_info.find((a) => a.local === 'fd31::1');
    assert.equal(v6?.prefixlen, 64);
    assert.notEqual(v6?.tentative, true, 'NODAD: usable at once');
    const listed = rtnl.listAddresses(br.index).map((a) => `${a.address}/${a.prefixLength}`);
    assert.ok(listed.includes('10.231.0.1/24') && listed.includes('fd31::1/64'), listed.join());
    assert.throws(
      () => rtnl.addAddress(br.index, '10.231.0.1/24'),
      (e: unknown) => isKind(e, 'conflict'),
    );
  });

  it('createVeth() puts the peer inside the namespace, enslaved and up', () => {
    const rtnl = hostRtnl();
    const br = mustFind(rtnl, BRIDGE);
    const veth = rtnl.createVeth({
      name: VETH,
      peerName: 'eth0',
      peerNetnsPath: SANDBOX,
      masterIndex: br.index,
      mtu: 1400,
      peerMac: PEER_MAC,
      up: true,
    });
    assert.equal(veth.kind, 'veth');
    assert.equal(veth.masterIndex, br.index);
    assert.equal(veth.up, true);
    const [hostEnd] = ipJson<IpLink>(HOST_NAME, ['link', 'show', 'dev', VETH]);
    assert.equal(hostEnd?.master, BRIDGE);
    assert.equal(hostEnd?.mtu, 1400);
    assert.ok(hostEnd?.flags.includes('UP'));
    assert.equal(rtnl.findLink('eth0'), undefined, 'the peer never appears on the host side');
    const [peer] = ipJson<IpLink>(SANDBOX_NAME, ['link', 'show', 'dev', 'eth0']);
    assert.equal(peer?.address, PEER_MAC);
    assert.equal(peer?.mtu, 1400);
    assert.equal(peer?.linkinfo?.info_kind, 'veth');
    assert.equal(veth.linkIndex, peer?.ifindex, "IFLA_LINK is the peer's index in its namespace");
  });

  it('openRtnl(nsPath) configures the sandbox: links up, address, default route', () => {
    sandbox = openRtnl(SANDBOX);
    const eth0 = mustFind(sandbox, 'eth0');
    sandbox.setLink(mustFind(sandbox, 'lo').index, { up: true });
    sandbox.setLink(eth0.index, { up: true });
    sandbox.addAddress(eth0.index, '10.231.0.2/24');
    sandbox.addAddress(eth0.index, 'fd31::2/64');
    sandbox.addRoute({ family: 4, gateway: '10.231.0.1' });
    const routes = ipJson<IpRoute>(SANDBOX_NAME, ['-4', 'route', 'show']);
    assert.ok(
      routes.some((r) => r.dst === 'default' && r.gateway === '10.231.0.1' && r.dev === 'eth0'),
      JSON.stringify(routes),
    );
    const listed = sandbox.listRoutes(4);
    const def = listed.find((r) => r.dst === undefined);
    assert.deepEqual([def?.gateway, def?.oif, def?.table], ['10.231.0.1', eth0.index, 254]);
    assert.ok(listed.some((r) => r.dst === '10.231.0.0/24' && r.oif === eth0.index));
    assert.throws(
      () => sandbox?.addRoute({ family: 4, gateway: '10.231.0.1' }),
      (e: unknown) => isKind(e, 'conflict'),
    );
  });

  it('addRoute() adds a device route with scope link, and deleteRoute() is idempotent', () => {
    const rtnl = sandbox ?? assert.fail('sandbox rtnl not open');
    const eth0 = mustFind(rtnl, 'eth0');
    rtnl.addRoute({ family: 4, dst: '10.232.0.0/16', oif: eth0.index });
    const route = rtnl.listRoutes(4).find((r) => r.dst === '10.232.0.0/16');
    assert.deepEqual([route?.oif, route?.scope, route?.gateway], [eth0.index, 253, undefined]);
    assert.equal(rtnl.deleteRoute({ family: 4, dst: '10.232.0.0/16', oif: eth0.index }), true);
    assert.equal(rtnl.deleteRoute({ family: 4, dst: '10.232.0.0/16', oif: eth0.index }), false);
  });

  it('the sandbox reaches the bridge address over the veth (ping, IPv4 and IPv6)', () => {
    for (const [flag, address] of [
      ['-4', '10.231.0.1'],
      ['-6', 'fd31::1'],
    ] as const) {
      execFileSync(
        'nsenter',
        [`--net=${SANDBOX}`, 'busybox', 'ping', flag, '-c', '1', '-W', '3', address],
        {
          stdio: 'pipe',
        },
      );
    }
  });

  it('writeSysctl() changes the value inside the namespace only, verified by reading back', () => {
    const before = readSysctl('net.ipv4.ip_forward');
    const key = ['net', 'ipv6', 'conf', BRIDGE, 'accept_ra'];
    writeSysctl('net.ipv4.ip_forward', '1', HOST);
    writeSysctl(key, '0', HOST);
    assert.equal(readSysctl('net.ipv4.ip_forward', HOST), '1');
    assert.equal(readSysctl(key, HOST), '0');
    const oracle = execFileSync(
      'nsenter',
      [`--net=${HOST}`, 'cat', '/proc/sys/net/ipv4/ip_forward'],
      {
        encoding: 'utf8',
      },
    );
    assert.equal(oracle.trim(), '1');
    assert.equal(readSysctl('net.ipv4.ip_forward'), before, "the process's own value is untouched");
    assert.throws(
      () => readSysctl(['net', 'ipv4', 'conf', 'no-such-link', 'forwarding'], HOST),
      (e: unknown) => isKind(e, 'not_found'),
    );
  });

  it('deleteLink() and deleteAddress() are idempotent; findLink() of a missing link is undefined', () => {
    const rtnl = hostRtnl();
    const dummyBridge = rtnl.createBridge({ name: 'br-k010-tmp' });
    rtnl.addAddress(dummyBridge.index, '10.233.0.1/24');
    assert.equal(rtnl.deleteAddress(dummyBridge.index, '10.233.0.1/24'), true);
    assert.equal(rtnl.deleteAddress(dummyBridge.index, '10.233.0.1/24'), false);
    assert.equal(rtnl.deleteLink('br-k010-tmp'), true);
    assert.equal(rtnl.deleteLink('br-k010-tmp'), false);
    assert.equal(rtnl.deleteLink(dummyBridge.index), false);
    assert.equal(rtnl.findLink('br-k010-tmp'), undefined);
    assert.deepEqual(
      ipJson<IpLink>(HOST_NAME, ['link', 'show', 'type', 'bridge']).map((l) => l.ifname),
      [BRIDGE],
    );
  });

  it('LinkReaper deletes links off the JS thread, in order; gone links are fine, refusals are reported', async () => {
    const rtnl = hostRtnl();
    const errors: Array<{ name: string; errno: number }> = [];
    const reaper = new LinkReaper({
      nsPath: HOST,
      onError: (err, name) => errors.push({ name, errno: err.errno }),
    });
    try {
      for (const name of ['br-k010-r1', 'br-k010-r2']) rtnl.createBridge({ name });
      reaper.delete('br-k010-r1');
      reaper.delete('br-k010-r2');
      reaper.delete('br-k010-none'); // never existed: not an error
      reaper.delete('lo'); // the kernel refuses to delete lo
      assert.equal(reaper.pending, 4);
      await reaper.drain();
      assert.equal(reaper.pending, 0);
      assert.equal(rtnl.findLink('br-k010-r1'), undefined);
      assert.equal(rtnl.findLink('br-k010-r2'), undefined);
      assert.equal(errors.length, 1);
      assert.equal(errors[0]?.name, 'lo');
      assert.ok((errors[0]?.errno ?? 0) > 0);
      assert.throws(() => reaper.delete('bad name!'), { kind: 'invalid' });
    } finally {
      await reaper.close();
    }
    assert.throws(() => reaper.delete('br-k010-r3'), /closed/);
  });

  it('LinkReaper.close(waitMs) does not wait longer than told; the queue still finishes', async () => {
    const rtnl = hostRtnl();
    const reaper = new LinkReaper({ nsPath: HOST, onError: () => undefined });
    const names = Array.from({ length: 20 }, (_, i) => `vk010q${i}`);
    for (const name of names) rtnl.createVeth({ name, peerName: `${name}p` });
    for (const name of names) reaper.delete(name); // ~20 ms each: the kernel waits for RCU
    const t0 = Date.now();
    await reaper.close(0);
    assert.ok(Date.now() - t0 < 200, 'close(0) returned at once');
    assert.ok(reaper.pending > 0, 'deletions were still queued');
    await reaper.drain();
    for (const name of names) assert.equal(rtnl.findLink(name), undefined);
  });

  it('netns.remove() destroys the namespace and with it the veth pair', async () => {
    sandbox?.close();
    sandbox = undefined;
    netns.remove(SANDBOX);
    assert.equal(netns.isMounted(SANDBOX), false);
    assert.equal(existsSync(SANDBOX), false);
    netns.remove(SANDBOX);
    // The kernel tears a namespace down asynchronously (cleanup_net workqueue).
    await waitUntil(
      'the host end of the veth to go',
      () => hostRtnl().findLink(VETH) === undefined,
    );
    assert.deepEqual(ipJson<IpLink>(HOST_NAME, ['link', 'show', 'master', BRIDGE]), []);
  });
});
