/**
 * Plan, apply, roll back (style.md §7): every change applied to the host pushes the step that
 * reverses it. On failure the steps run in reverse order; their own failures are collected into
 * an AggregateError attached as `cause`, so the original error stays the one callers see.
 */
export class UndoStack {
  private readonly steps: Array<{ what: string; undo: () => void }> = [];

  push(what: string, undo: () => void): void {
    this.steps.push({ what, undo });
  }

  /** Runs every undo step, newest first, and returns the failures (never throws). */
  rollback(): Error[] {
    const failures: Error[] = [];
    for (const step of this.steps.reverse()) {
      try {
        step.undo();
      } catch (err) {
        failures.push(new Error(`Cannot undo ${step.what}`, { cause: err }));
      }
    }
    this.steps.length = 0;
    return failures;
  }

  /** Runs `fn`; if it throws, rolls back and rethrows the original error. */
  static run<R>(fn: (undo: UndoStack) => R): R {
    const undo = new UndoStack();
    try {
      return fn(undo);
    } catch (err) {
      const failures = undo.rollback();
      if (failures.length > 0 && err instanceof Error) {
        Object.assign(err, { rollbackErrors: new AggregateError(failures, 'rollback failed') });
      }
      throw err;
    }
  }
}
