import assert from 'node:assert/strict';
import { test } from 'node:test';
import { isConfirmation, renderPruneResult } from './prune.js';

test('isConfirmation() accepts y and yes in any case', () => {
  for (const answer of ['y', 'Y', 'yes', ' YES ']) assert.equal(isConfirmation(answer), true);
});

test('isConfirmation() treats anything else, and end of input, as no', () => {
  for (const answer of ['', 'n', 'no', 'yep', undefined])
    assert.equal(isConfirmation(answer), false);
});

test('renderPruneResult() lists the deleted networks under a header', () => {
  assert.equal(renderPruneResult({ NetworksDeleted: ['a', 'b'] }), 'Deleted Networks:\na\nb\n');
});

test('renderPruneResult() prints nothing when nothing was deleted', () => {
  assert.equal(renderPruneResult({ NetworksDeleted: null }), '');
  assert.equal(renderPruneResult({ NetworksDeleted: [] }), '');
});
