import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { UndoStack } from './undo-stack.js';

describe('UndoStack', () => {
  it('run() undoes applied steps newest first and rethrows the original error', () => {
    const log: string[] = [];
    const boom = new Error('boom');
    assert.throws(
      () =>
        UndoStack.run((undo) => {
          undo.push('a', () => log.push('undo a'));
          undo.push('b', () => log.push('undo b'));
          throw boom;
        }),
      (err) => err === boom,
    );
    assert.deepEqual(log, ['undo b', 'undo a']);
  });

  it('run() keeps undoing past a failing step and attaches the failures', () => {
    const log: string[] = [];
    try {
      UndoStack.run((undo) => {
        undo.push('a', () => log.push('undo a'));
        undo.push('b', () => {
          throw new Error('stuck');
        });
        throw new Error('boom');
      });
      assert.fail('should throw');
    } catch (err) {
      assert.deepEqual(log, ['undo a']);
      const rollback = (err as { rollbackErrors?: AggregateError }).rollbackErrors;
      assert.equal(rollback?.errors.length, 1);
    }
  });

  it('run() returns the result and undoes nothing on success', () => {
    let undone = false;
    const out = UndoStack.run((undo) => {
      undo.push('a', () => (undone = true));
      return 42;
    });
    assert.equal(out, 42);
    assert.equal(undone, false);
  });
});
