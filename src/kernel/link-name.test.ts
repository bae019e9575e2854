import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { isKind } from '../common/errors.js';
import { assertLinkName, findLinkNameProblem } from './link-name.js';

describe('link-name', () => {
  it('findLinkNameProblem() accepts what the kernel accepts', () => {
    for (const ok of ['eth0', 'br-0123456789ab', 'veth.100', 'a']) {
      assert.equal(findLinkNameProblem(ok), undefined, ok);
    }
  });

  it('findLinkNameProblem() rejects long, empty and reserved names', () => {
    for (const bad of ['', '.', '..', 'br-0123456789abc', 'a/b', 'a:b', 'a b']) {
      assert.notEqual(findLinkNameProblem(bad), undefined, bad);
    }
  });

  it('assertLinkName() throws an invalid EngineError naming the problem', () => {
    assert.throws(
      () => assertLinkName('br-0123456789abcdef', 'create bridge'),
      (e: unknown) => isKind(e, 'invalid') && /longer than 15 bytes/.test(e.message),
    );
  });
});
