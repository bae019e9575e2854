/**
 * Bounded concurrency for the bulk steps (building and removing 1,000 containers): a few requests
 * in flight keep both daemons busy without turning the measurement into a contention test.
 */

/** Runs `fn` on every item with at most `limit` calls in flight; rejects on the first error. */
export async function forEachLimit<T>(
  items: readonly T[],
  limit: number,
  fn: (item: T, index: number) => Promise<void>,
): Promise<void> {
  let next = 0;
  let failed: unknown;
  const worker = async (): Promise<void> => {
    while (failed === undefined && next < items.length) {
      const i = next;
      next += 1;
      try {
        await fn(items[i] as T, i);
      } catch (err) {
        failed ??= err;
      }
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(limit, items.length)) }, worker));
  if (failed !== undefined) throw failed;
}
