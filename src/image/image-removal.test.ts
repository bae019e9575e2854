import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { isKind } from '../common/errors.js';
import { planRemoval, type RemovalRequest } from './image-removal.js';

const ID = `sha256:${'ab'.repeat(32)}`;
const base: RemovalRequest = { ref: 'busybox', imageId: ID, tags: [], usedBy: false, force: false };
const conflict = (e: unknown) => isKind(e, 'conflict');

describe('planRemoval()', () => {
  it('by name untags only while other tags remain', () => {
    const plan = planRemoval({ ...base, tag: 'busybox:latest', tags: ['busybox:latest', 'b:1'] });
    assert.deepEqual(plan, { untag: ['busybox:latest'], deleteImage: false });
  });

  it('by name deletes the image with its last tag', () => {
    const plan = planRemoval({ ...base, tag: 'busybox:latest', tags: ['busybox:latest'] });
    assert.deepEqual(plan, { untag: ['busybox:latest'], deleteImage: true });
  });

  it('by name refuses the last tag of a used image unless forced, in Docker words', () => {
    const req = {
      ...base,
      tag: 'busybox:latest',
      tags: ['busybox:latest'],
      usedBy: 'c0ffee'.repeat(10),
    };
    assert.throws(
      () => planRemoval(req),
      (e) =>
        conflict(e) &&
        (e as Error).message ===
          'conflict: unable to remove repository reference "busybox" (must force) - container ' +
            `c0ffeec0ffee is using its referenced image ${'ab'.repeat(6)}`,
    );
    assert.deepEqual(planRemoval({ ...req, force: true }), {
      untag: ['busybox:latest'],
      deleteImage: false,
    });
  });

  it('by name untags a used image that has other tags without force', () => {
    const plan = planRemoval({ ...base, tag: 'a:1', tags: ['a:1', 'b:1'], usedBy: true });
    assert.deepEqual(plan, { untag: ['a:1'], deleteImage: false });
  });

  it('by ID refuses several tags unless forced', () => {
    const req = { ...base, ref: ID, tags: ['a:1', 'b:1'] };
    assert.throws(() => planRemoval(req), /referenced in multiple repositories/);
    assert.deepEqual(planRemoval({ ...req, force: true }), {
      untag: ['a:1', 'b:1'],
      deleteImage: true,
    });
  });

  it('by ID refuses a used image; forced, it untags and keeps the image', () => {
    const req = { ...base, ref: ID, tags: ['a:1'], usedBy: true };
    assert.throws(
      () => planRemoval(req),
      (e) => conflict(e) && /being used by a container/.test((e as Error).message),
    );
    assert.deepEqual(planRemoval({ ...req, force: true }), { untag: ['a:1'], deleteImage: false });
  });

  it('by ID deletes an untagged unused image', () => {
    assert.deepEqual(planRemoval({ ...base, ref: ID }), { untag: [], deleteImage: true });
  });
});
