import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { buildProcessSpec, mergeEnv, resolveUser } from './process-spec.js';

const layer = mkdtempSync(join(tmpdir(), 'layer-'));
mkdirSync(join(layer, 'etc'));
writeFileSync(
  join(layer, 'etc', 'passwd'),
  'root:x:0:0:root:/root:/bin/sh\nnobody:x:65534:65534:nobody:/:/bin/false\n',
);
writeFileSync(join(layer, 'etc', 'group'), 'root:x:0:\nstaff:x:50:\n');

describe('process spec', () => {
  after(() => rmSync(layer, { recursive: true, force: true }));

  it('resolveUser() reads names from the image and takes numbers as they are', () => {
    assert.deepEqual(resolveUser('', [layer]), { uid: 0, gid: 0 });
    assert.deepEqual(resolveUser('nobody', [layer]), { uid: 65534, gid: 65534 });
    assert.deepEqual(resolveUser('nobody:staff', [layer]), { uid: 65534, gid: 50 });
    assert.deepEqual(resolveUser('1234:99', [layer]), { uid: 1234, gid: 99 });
    assert.throws(() => resolveUser('ghost', [layer]), /unable to find user ghost/);
  });

  it('mergeEnv() lets later lists replace keys', () => {
    assert.deepEqual(mergeEnv(['A=1', 'B=2'], ['B=3', 'C']), ['A=1', 'B=3', 'C']);
  });

  it('buildProcessSpec() joins entrypoint and cmd and sets HOSTNAME and TERM', () => {
    const p = buildProcessSpec(
      { Entrypoint: ['sh', '-c'], Cmd: ['echo hi'], Env: ['X=1'], Tty: true },
      'box',
      [layer],
    );
    assert.deepEqual(p.args, ['sh', '-c', 'echo hi']);
    assert.ok(
      p.env.includes('HOSTNAME=box') && p.env.includes('TERM=xterm') && p.env.includes('X=1'),
    );
    assert.equal(p.cwd, '/');
    assert.equal(p.terminal, true);
  });
});
