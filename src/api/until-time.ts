/**
 * The `until` prune filter, read the way Docker's `timetypes.GetTimestamp` reads it: a Go
 * duration (`24h`, `1h30m`) counts back from now; otherwise an RFC 3339 date or date-time (local
 * time when it has no zone) or Unix seconds (`1700000000`, `1700000000.5`).
 */
import { invalid } from '../common/errors.js';

const UNIT_MS: Record<string, number> = {
  ns: 1e-6,
  us: 1e-3,
  µs: 1e-3,
  μs: 1e-3,
  ms: 1,
  s: 1000,
  m: 60_000,
  h: 3_600_000,
};
const DURATION = /^([-+]?)((?:(?:\d+\.?\d*|\.\d+)(?:ns|us|µs|μs|ms|s|m|h))+)$/;
const DURATION_PART = /(\d+\.?\d*|\.\d+)(ns|us|µs|μs|ms|s|m|h)/g;
const DATE_TIME =
  /^(\d{4}-\d{2}-\d{2})(?:T(\d{2})(?::(\d{2}))?(?::(\d{2})(\.\d+)?)?)?([Zz]|[+-]\d{2}:\d{2})?$/;
const UNIX_SECONDS = /^\d+(\.\d+)?$/;

/** Parses Go's `time.ParseDuration` syntax into milliseconds, or undefined when it is not one. */
export function parseGoDurationMs(text: string): number | undefined {
  const match = DURATION.exec(text);
  if (match === null) return undefined;
  let total = 0;
  for (const [, amount, unit] of (match[2] ?? '').matchAll(DURATION_PART)) {
    total += Number.parseFloat(amount ?? '0') * (UNIT_MS[unit ?? ''] ?? 0);
  }
  return match[1] === '-' ? -total : total;
}

function parseDateTimeMs(text: string): number | undefined {
  const m = DATE_TIME.exec(text);
  if (m === null) return undefined;
  const [, date, hh = '00', mm = '00', ss = '00', frac = '', zone = ''] = m;
  // ECMAScript reads a date-time without an offset as local time, as Go's ParseInLocation does;
  // a bare date would be read as UTC, hence the explicit T00:00:00.
  const millis = frac === '' ? '' : frac.slice(0, 4).padEnd(4, '0');
  const ms = Date.parse(`${date}T${hh}:${mm}:${ss}${millis}${zone.toUpperCase()}`);
  return Number.isNaN(ms) ? undefined : ms;
}

/**
 * Returns the instant `value` denotes, in epoch milliseconds, relative to `nowMs` for
 * durations. Throws `invalid` (400) with Docker's message when it is none of the forms.
 */
export function parseUntilMs(value: string, nowMs: number): number {
  const duration = value === '0' ? undefined : parseGoDurationMs(value);
  if (duration !== undefined) return nowMs - duration;
  const dateTime = parseDateTimeMs(value);
  if (dateTime !== undefined) return dateTime;
  if (UNIX_SECONDS.test(value)) return Number.parseFloat(value) * 1000;
  throw invalid(`failed to parse value as time or duration: "${value}"`, 'INVALID_FILTER');
}
