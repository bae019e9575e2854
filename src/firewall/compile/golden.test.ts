/**
 * Golden tests of the compiler: each case's output must equal testdata/<case>.nft byte for byte.
 * `UPDATE_GOLDEN=1 node --test …` rewrites the files instead (review the diff!). That every
 * golden is valid nft is checked against the kernel by test/integration/130-firewall.test.ts.
 */
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, it } from 'node:test';
import { GOLDEN_CASES } from './testing/golden-cases.js';
import { GOLDEN_DIR } from './testing/golden-dir.js';

const update = process.env.UPDATE_GOLDEN === '1';

describe('compiler goldens', () => {
  for (const c of GOLDEN_CASES) {
    it(`${c.name}.nft matches the compiler`, () => {
      const path = fileURLToPath(new URL(`${c.name}.nft`, GOLDEN_DIR));
      const text = c.compile();
      if (update) writeFileSync(path, text);
      assert.ok(existsSync(path), `missing golden ${path}; run with UPDATE_GOLDEN=1`);
      assert.equal(text, readFileSync(path, 'utf8'));
    });
  }

  it('has no golden file without a case', () => {
    const names = new Set(GOLDEN_CASES.map((c) => `${c.name}.nft`));
    const files = readdirSync(fileURLToPath(GOLDEN_DIR)).filter((f) => f.endsWith('.nft'));
    assert.deepEqual(
      files.filter((f) => !names.has(f)),
      [],
    );
  });

  it('compiles every case deterministically', () => {
    for (const c of GOLDEN_CASES) assert.equal(c.compile(), c.compile(), c.name);
  });
});
