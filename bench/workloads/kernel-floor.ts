/**
 * The kernel floor: the netlink operations a connect and a sandbox need, issued directly through
 * the project's kernel layer with no daemon in between. A throwaway namespace plays the host, with
 * a bridge in it; each iteration makes (a) a "connect": a veth whose peer is born in an existing
 * container namespace and enslaved to the bridge, plus the address, link up and default route
 * inside, and (b) a "full sandbox": the same after creating a fresh namespace (lo up too).
 * Opening the rtnetlink socket inside the container namespace is part of both, as it is for a
 * daemon.
 */
import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { netns, openRtnl, type RtnlClient } from '../../src/kernel/index.js';
import { createTestHost } from '../../test/helpers/test-host.js';
import { timedSync } from '../lib/stats.js';

export interface KernelFloor {
  iterations: number;
  connectMs: number[];
  sandboxMs: number[];
}

function configureInside(nsPath: string, ifName: string, loUp: boolean): void {
  const r: RtnlClient = openRtnl(nsPath);
  try {
    if (loUp) r.setLink(r.getLink('lo').index, { up: true });
    const link = r.getLink(ifName);
    r.addAddress(link.index, '10.90.0.2/24');
    r.setLink(link.index, { up: true });
    r.addRoute({ family: 4, gateway: '10.90.0.1' });
  } finally {
    r.close();
  }
}

export function kernelFloor(iterations: number): KernelFloor {
  const host = createTestHost('bk');
  const rtnl = openRtnl(host.path);
  const out: KernelFloor = { iterations, connectMs: [], sandboxMs: [] };
  try {
    const br = rtnl.createBridge({ name: 'kbr0' });
    rtnl.setLink(br.index, { up: true });
    rtnl.addAddress(br.index, '10.90.0.1/24');
    const ctr = join(host.dir, 'ns-connect');
    netns.create(ctr);
    for (let i = 0; i < iterations; i += 1) {
      const veth = `kc${i}`;
      out.connectMs.push(
        timedSync(() => {
          rtnl.createVeth({
            name: veth,
            peerName: 'eth1',
            peerNetnsPath: ctr,
            masterIndex: br.index,
            up: true,
          });
          configureInside(ctr, 'eth1', false);
        }),
      );
      rtnl.deleteLink(veth);

      const sb = join(host.dir, `ns-${i}`);
      const vs = `ks${i}`;
      out.sandboxMs.push(
        timedSync(() => {
          netns.create(sb);
          rtnl.createVeth({
            name: vs,
            peerName: 'eth0',
            peerNetnsPath: sb,
            masterIndex: br.index,
            up: true,
          });
          configureInside(sb, 'eth0', true);
        }),
      );
      rtnl.deleteLink(vs);
      netns.remove(sb);
    }
    netns.remove(ctr);
  } finally {
    rtnl.close();
    host.dispose();
  }
  return out;
}

/**
 * kernelFloor() in a child process. The floor is synchronous and its untimed clean-up (link and
 * namespace deletion, RCU waits) can take tens of ms per iteration: run inline while daemons are
 * up it would block the bench's event loop for seconds, long enough for a daemon to close the
 * client's idle keep-alive connection under it (the next request then fails with EPIPE).
 */
export function kernelFloorInChild(iterations: number): Promise<KernelFloor> {
  return new Promise((resolve, reject) => {
    execFile(
      process.execPath,
      [fileURLToPath(import.meta.url), String(iterations)],
      { maxBuffer: 16 << 20 },
      (err, stdout, stderr) => {
        if (err !== null) reject(new Error(`kernel floor: ${err.message} ${stderr}`));
        else resolve(JSON.parse(stdout) as KernelFloor);
      },
    );
  });
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  process.stdout.write(JSON.stringify(kernelFloor(Number(process.argv[2] ?? 200))));
}
