/**
 * Docker's human-readable durations and sizes (the go-units behaviour its CLI prints):
 * `2 minutes`, `About an hour`, `3 weeks`; `4.26MB` in decimal units.
 */
import { formatFloat } from './go-template/printf.js';

const SECOND = 1000;
const MINUTE = 60 * SECOND;
const HOUR = 60 * MINUTE;

/** `units.HumanDuration`: a rough, friendly length of time. */
export function humanDuration(ms: number): string {
  const seconds = Math.floor(ms / SECOND);
  if (seconds < 1) return 'Less than a second';
  if (seconds === 1) return '1 second';
  if (seconds < 60) return `${seconds} seconds`;
  const minutes = Math.floor(ms / MINUTE);
  if (minutes === 1) return 'About a minute';
  if (minutes < 60) return `${minutes} minutes`;
  const hours = Math.floor(ms / HOUR + 0.5);
  if (hours === 1) return 'About an hour';
  if (hours < 48) return `${hours} hours`;
  if (hours < 24 * 7 * 2) return `${Math.floor(hours / 24)} days`;
  if (hours < 24 * 30 * 2) return `${Math.floor(hours / 24 / 7)} weeks`;
  if (hours < 24 * 365 * 2) return `${Math.floor(hours / 24 / 30)} months`;
  return `${Math.floor(ms / HOUR / 24 / 365)} years`;
}

/** `<duration> ago` for a unix time in seconds, relative to `nowMs`. */
export function timeAgo(unixSeconds: number, nowMs: number): string {
  return `${humanDuration(Math.max(nowMs - unixSeconds * 1000, 0))} ago`;
}

const DECIMAL_UNITS = ['B', 'kB', 'MB', 'GB', 'TB', 'PB', 'EB', 'ZB', 'YB'];

/** `units.HumanSizeWithPrecision`: decimal units, `precision` significant digits. */
export function humanSize(bytes: number, precision = 3): string {
  let size = bytes;
  let unit = 0;
  while (size >= 1000 && unit < DECIMAL_UNITS.length - 1) {
    size /= 1000;
    unit++;
  }
  return `${formatFloat(size, 'g', precision)}${DECIMAL_UNITS[unit]}`;
}
