import { join } from 'node:path';
import type { Logger } from 'pino';
import { notFound } from '../common/errors.js';
import { generateId } from '../common/ids.js';
import { trySysctl, withSandbox, type HostOps } from './host-ops.js';
import type { SandboxRecord } from './records.js';
import type { NetworkState } from './state.js';

export interface SandboxManagerDeps {
  state: NetworkState;
  ops: HostOps;
  logger: Logger;
  /** `<exec-root>/netns`: where sandbox namespaces are bind-mounted. */
  netnsDir: string;
}

/**
 * Sandboxes are network namespaces the engine creates and bind-mounts under
 * `<exec-root>/netns/<id[:12]>`, fully configured (lo up) before any process joins them.
 */
export class SandboxManager {
  constructor(private readonly d: SandboxManagerDeps) {}

  /** Creates a sandbox for `containerId`; `host` gives the shared host-namespace sandbox. */
  create(containerId: string, opts: { host?: boolean } = {}): SandboxRecord {
    const { state, ops } = this.d;
    const id = generateId();
    const rec: SandboxRecord = {
      id,
      containerId,
      key: opts.host === true ? ops.hostNetnsPath : join(this.d.netnsDir, id.slice(0, 12)),
      state: 'creating',
      isHost: opts.host === true,
    };
    state.putSandbox(rec);
    if (!rec.isHost) {
      try {
        ops.netns.create(rec.key);
        withSandbox(ops, rec.key, (rtnl) => {
          const lo = rtnl.findLink('lo');
          if (lo !== undefined) rtnl.setLink(lo.index, { up: true });
        });
        // New interfaces start with IPv6 off (no link-local address on an IPv4-only endpoint,
        // as Docker does); lo keeps ::1, it exists already. The bridge driver turns IPv6 on for
        // an endpoint with an IPv6 address: one write per sandbox instead of one per connect.
        trySysctl(ops, ['net', 'ipv6', 'conf', 'default', 'disable_ipv6'], '1', rec.key);
      } catch (err) {
        ops.netns.remove(rec.key);
        state.deleteSandbox(id);
        throw err;
      }
    }
    rec.state = 'ready';
    state.putSandbox(rec);
    return rec;
  }

  get(id: string): SandboxRecord {
    const sb = this.d.state.sandboxes.get(id);
    if (sb === undefined || sb.state !== 'ready') throw notFound(`sandbox ${id} not found`);
    return sb;
  }

  findByContainer(containerId: string): SandboxRecord | undefined {
    const sb = this.d.state.findSandboxOf(containerId);
    return sb?.state === 'ready' ? sb : undefined;
  }

  /** Records that the sandbox is going away (before its endpoints are removed). */
  markRemoving(sb: SandboxRecord): void {
    if (sb.state === 'removing') return;
    sb.state = 'removing';
    this.d.state.putSandbox(sb);
  }

  /** Deletes the namespace and the record; the caller has removed the endpoints. Idempotent. */
  destroy(sb: SandboxRecord): void {
    this.markRemoving(sb);
    if (!sb.isHost) this.d.ops.netns.remove(sb.key);
    this.d.state.deleteSandbox(sb.id);
  }
}
