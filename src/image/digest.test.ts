import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { describe, it } from 'node:test';
import { chainIds, digestHex, sha256Digest, shortId } from './digest.js';

const hex = (s: string) => createHash('sha256').update(s).digest('hex');

describe('chainIds()', () => {
  it('is the diff ID for the bottom layer and a hash chain above it (OCI image spec)', () => {
    const a = `sha256:${hex('a')}`;
    const b = `sha256:${hex('b')}`;
    const c = `sha256:${hex('c')}`;
    const ab = `sha256:${hex(`${a} ${b}`)}`;
    assert.deepEqual(chainIds([a, b, c]), [a, ab, `sha256:${hex(`${ab} ${c}`)}`]);
    assert.deepEqual(chainIds([]), []);
  });

  it('gives the same diff a different chain ID on a different parent', () => {
    const [x, y, z] = ['x', 'y', 'z'].map((s) => sha256Digest(s)) as [string, string, string];
    assert.notEqual(chainIds([x, z])[1], chainIds([y, z])[1]);
  });
});

describe('digest helpers', () => {
  it('digestHex() and shortId() strip the algorithm', () => {
    const d = sha256Digest('x');
    assert.equal(digestHex(d), hex('x'));
    assert.equal(digestHex(hex('x')), hex('x'));
    assert.equal(shortId(d), hex('x').slice(0, 12));
  });
});
