/** Timing and summary helpers shared by the workloads. */

/** Milliseconds taken by `fn` (process.hrtime.bigint). */
export async function timed(fn: () => Promise<unknown>): Promise<number> {
  const t0 = process.hrtime.bigint();
  await fn();
  return Number(process.hrtime.bigint() - t0) / 1e6;
}

/** Same as timed(), for synchronous work. */
export function timedSync(fn: () => unknown): number {
  const t0 = process.hrtime.bigint();
  fn();
  return Number(process.hrtime.bigint() - t0) / 1e6;
}

/** Nearest-rank percentile (`q` in 0..1). */
export function percentile(xs: number[], q: number): number {
  if (xs.length === 0) return NaN;
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.max(0, Math.ceil(q * s.length) - 1))] ?? NaN;
}

export const median = (xs: number[]): number => percentile(xs, 0.5);
export const p99 = (xs: number[]): number => percentile(xs, 0.99);

/** A number for a table cell. */
export function fmt(x: number, digits = 2): string {
  if (!Number.isFinite(x)) return 'n/a';
  return x.toFixed(digits);
}

/** `a / b` for a table cell. */
export function ratio(a: number, b: number): string {
  return fmt(a / b, 3);
}

export const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));
