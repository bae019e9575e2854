import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { isKind } from '../common/errors.js';
import { parseSignal } from './signals.js';

describe('parseSignal()', () => {
  it('parseSignal() accepts bare names, SIG names and any case', () => {
    assert.equal(parseSignal('TERM'), 15);
    assert.equal(parseSignal('SIGTERM'), 15);
    assert.equal(parseSignal('sigkill'), 9);
    assert.equal(parseSignal('hup'), 1);
  });

  it('parseSignal() accepts numbers and numeric strings', () => {
    assert.equal(parseSignal(9), 9);
    assert.equal(parseSignal('9'), 9);
    assert.equal(parseSignal(64), 64);
  });

  it('parseSignal() understands real-time signals', () => {
    assert.equal(parseSignal('SIGRTMIN'), 34);
    assert.equal(parseSignal('RTMIN+3'), 37);
    assert.equal(parseSignal('SIGRTMAX-1'), 63);
  });

  it('parseSignal() rejects unknown names and out-of-range numbers', () => {
    for (const s of ['FOO', '', 0, 65, -1, 1.5, 'SIG', '9x', 'RTMAX+1']) {
      assert.throws(
        () => parseSignal(s),
        (e) => isKind(e, 'invalid'),
        String(s),
      );
    }
  });
});
