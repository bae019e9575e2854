/**
 * conmon's `k8s-file` log format (the CRI log format): one record per line,
 * `<RFC3339Nano time> <stdout|stderr> <F|P> <text>`. `P` marks a partial record: conmon read
 * part of a line (its 8 KiB buffer filled or the write had no newline yet) and the rest follows
 * in later records of the same stream, the last one marked `F`. A full record's newline is the
 * record separator itself, so it is added back to the entry's data.
 *
 * The parser joins a partial run into one entry per line, so `tail` counts lines as Docker does.
 */
import type { LogEntry, LogQuery } from './runtime.js';

const RECORD =
  /^(\d{4})-(\d\d)-(\d\d)T(\d\d):(\d\d):(\d\d)(?:\.(\d+))?(Z|[+-]\d\d:\d\d) (stdout|stderr) ([FP]) ?/;

/** One record of the file, before partial lines are joined. */
export interface K8sRecord {
  time: Date;
  stream: 'stdout' | 'stderr';
  partial: boolean;
  text: Buffer;
}

/** Parses an RFC 3339 time with any number of fraction digits (kept to milliseconds). */
function parseTime(m: RegExpExecArray): Date {
  const [, y, mo, d, h, mi, s, frac, zone] = m;
  const ms = (frac ?? '').padEnd(3, '0').slice(0, 3);
  const iso = `${y}-${mo}-${d}T${h}:${mi}:${s}.${ms}${zone === 'Z' ? 'Z' : zone}`;
  return new Date(iso);
}

/** Parses one record line (without its newline); undefined for a malformed line. */
export function parseK8sRecord(line: Buffer): K8sRecord | undefined {
  // The header is ASCII and short; decode only it so binary output survives untouched.
  const head = line.subarray(0, 64).toString('latin1');
  const m = RECORD.exec(head);
  if (m === null) return undefined;
  const time = parseTime(m);
  if (Number.isNaN(time.getTime())) return undefined;
  return {
    time,
    stream: m[9] as 'stdout' | 'stderr',
    partial: m[10] === 'P',
    text: line.subarray(m[0].length),
  };
}

/**
 * Incremental parser: feed file bytes in any chunking, get whole-line entries back. A trailing
 * partial run stays pending until its `F` record arrives or `flush()` is called.
 */
export class K8sLogParser {
  private rest: Buffer = Buffer.alloc(0);
  private readonly pending = new Map<'stdout' | 'stderr', { time: Date; parts: Buffer[] }>();

  /** Parses `chunk` (appended to any incomplete record from earlier calls). */
  push(chunk: Buffer): LogEntry[] {
    const buf = this.rest.length > 0 ? Buffer.concat([this.rest, chunk]) : chunk;
    const out: LogEntry[] = [];
    let start = 0;
    for (let nl = buf.indexOf(10, start); nl !== -1; nl = buf.indexOf(10, start)) {
      const rec = parseK8sRecord(buf.subarray(start, nl));
      start = nl + 1;
      if (rec !== undefined) this.add(rec, out);
    }
    this.rest = Buffer.from(buf.subarray(start));
    return out;
  }

  /** Emits partial runs that never got their final record (the writer is gone). */
  flush(): LogEntry[] {
    const out: LogEntry[] = [];
    for (const [stream, p] of this.pending) {
      out.push({ stream, time: p.time, data: Buffer.concat(p.parts) });
    }
    this.pending.clear();
    return out.sort((a, b) => a.time.getTime() - b.time.getTime());
  }

  private add(rec: K8sRecord, out: LogEntry[]): void {
    const p = this.pending.get(rec.stream);
    if (rec.partial) {
      if (p === undefined) this.pending.set(rec.stream, { time: rec.time, parts: [rec.text] });
      else p.parts.push(rec.text);
      return;
    }
    const parts = p === undefined ? [rec.text] : [...p.parts, rec.text];
    this.pending.delete(rec.stream);
    out.push({
      stream: rec.stream,
      time: p === undefined ? rec.time : p.time,
      data: Buffer.concat([...parts, Buffer.from('\n')]),
    });
  }
}

/** True when `entry` is inside the query's since/until window (Unix seconds, 0 = unset). */
export function inWindow(entry: LogEntry, query: Pick<LogQuery, 'since' | 'until'>): boolean {
  const t = entry.time.getTime() / 1000;
  if (query.since !== undefined && query.since > 0 && t < query.since) return false;
  if (query.until !== undefined && query.until > 0 && t > query.until) return false;
  return true;
}

/** Applies since/until, then keeps the last `tail` entries (all when tail is unset or < 0). */
export function selectEntries(entries: LogEntry[], query: LogQuery): LogEntry[] {
  const inside = entries.filter((e) => inWindow(e, query));
  if (query.tail === undefined || query.tail < 0) return inside;
  return query.tail === 0 ? [] : inside.slice(-query.tail);
}
