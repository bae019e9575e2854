import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { describe, it } from 'node:test';
import { setTimeout as delay } from 'node:timers/promises';
import type { FirewallLogger } from './logger.js';
import { REPAIR_DEBOUNCE_MS, RESTART_DELAY_MS, TableWatcher } from './table-watcher.js';

const quiet: FirewallLogger = { debug() {}, info() {}, warn() {}, error() {} };

/** A runner whose "nft monitor" prints `script` and then lives for `lifeS` seconds. */
function fakeRunner(
  script: string,
  options: { ownPid?: number; exists?: boolean; lifeS?: number },
) {
  let spawned = 0;
  return {
    spawned: () => spawned,
    tableExists: () => options.exists ?? true,
    isOwnPid: (pid: number) => pid === options.ownPid,
    spawnMonitor: () => {
      spawned++;
      const life = options.lifeS ?? 5;
      return spawn('sh', ['-c', `printf '${script}'; sleep ${life}`], {
        stdio: ['ignore', 'pipe', 'pipe'],
      });
    },
  };
}

async function watchFor(runner: ReturnType<typeof fakeRunner>, ms: number): Promise<number> {
  let repairs = 0;
  const w = new TableWatcher({ runner, logger: quiet, repair: () => void repairs++ });
  w.start();
  await delay(ms);
  w.close();
  return repairs;
}

const FLUSH = 'delete rule inet pouch forward handle 4\\ndelete table inet pouch\\n';

describe('TableWatcher', () => {
  it('repairs after a foreign transaction deletes part of our table', async () => {
    const runner = fakeRunner(`${FLUSH}# new generation 7 by process 999 (nft)\\n`, {});
    assert.equal(await watchFor(runner, REPAIR_DEBOUNCE_MS + 300), 1);
  });

  it('ignores our own transactions (recognised by pid)', async () => {
    const runner = fakeRunner(`${FLUSH}# new generation 7 by process 42 (nft)\\n`, { ownPid: 42 });
    assert.equal(await watchFor(runner, REPAIR_DEBOUNCE_MS + 300), 0);
  });

  it('ignores changes to other tables and additions to ours', async () => {
    const events =
      'delete table inet other\\nadd element inet pouch bridges { "x" }\\n' +
      '# new generation 8 by process 999 (nft)\\n';
    assert.equal(await watchFor(fakeRunner(events, {}), REPAIR_DEBOUNCE_MS + 300), 0);
  });

  it('coalesces a burst of foreign transactions into one repair', async () => {
    const gen = (n: number) => `${FLUSH}# new generation ${n} by process 999 (nft)\\n`;
    const runner = fakeRunner(gen(1) + gen(2) + gen(3), {});
    assert.equal(await watchFor(runner, REPAIR_DEBOUNCE_MS + 300), 1);
  });

  it('repairs at start when the table is missing', async () => {
    assert.equal(await watchFor(fakeRunner('', { exists: false }), 200), 1);
  });

  it('restarts a monitor that exits', async () => {
    const runner = fakeRunner('', { lifeS: 0 });
    await watchFor(runner, RESTART_DELAY_MS + 400);
    assert.ok(runner.spawned() >= 2, `spawned ${runner.spawned()} times`);
  });
});
