/**
 * Drives bench/port-prober.ts (inside an engine's host namespace) from the benchmark: starts it,
 * timestamps its events on arrival (process.hrtime.bigint, the same clock as the rest of the
 * bench), and answers "when did a sweep end", "what failed since" and "how many probes so far".
 */
import { spawn, type ChildProcessByStdio } from 'node:child_process';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import type { Readable, Writable } from 'node:stream';
import { REPO } from '../../test/helpers/daemon.js';

export interface SweepEnd {
  sweep: number;
  /** Arrival of sweep-start / sweep-end (hrtime ns). */
  startedAt: bigint;
  endedAt: bigint;
  failures: number;
  gaveUp: number;
}

export interface ProbeFailure {
  port: number;
  code: string;
  /** When that probe began (hrtime ns): arrival minus the probe's age. */
  began: bigint;
}

export interface Marks {
  ok: number;
  fail: number;
}

interface Event {
  ev: string;
  sweep?: number;
  failures?: number;
  gaveUp?: number;
  port?: number;
  code?: string;
  age?: number;
  label?: string;
  ok?: number;
  fail?: number;
}

export class PortProber {
  readonly failures: ProbeFailure[] = [];
  readonly sweeps: SweepEnd[] = [];
  private readonly child: ChildProcessByStdio<Writable, Readable, Readable>;
  private readonly starts = new Map<number, bigint>();
  private readonly waiters: Array<() => void> = [];
  private readonly marks = new Map<string, (m: Marks) => void>();
  private stderr = '';

  constructor(
    nsPath: string,
    o: { host: string; first: number; count: number; concurrency: number },
  ) {
    const script = join(REPO, 'dist', 'bench', 'port-prober.js');
    const args = [o.host, String(o.first), String(o.count), String(o.concurrency)];
    this.child = spawn('nsenter', [`--net=${nsPath}`, process.execPath, script, ...args], {
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    this.child.stderr.on(
      'data',
      (d: Buffer) => (this.stderr = (this.stderr + d.toString()).slice(-4096)),
    );
    this.child.on('exit', () => this.wake());
    createInterface({ input: this.child.stdout }).on('line', (line) =>
      this.onEvent(JSON.parse(line) as Event, process.hrtime.bigint()),
    );
  }

  private wake(): void {
    for (const w of this.waiters.splice(0)) w();
  }

  private onEvent(m: Event, at: bigint): void {
    if (m.ev === 'sweep-start') this.starts.set(m.sweep ?? -1, at);
    else if (m.ev === 'sweep-end') {
      const sweep = m.sweep ?? -1;
      this.sweeps.push({
        sweep,
        startedAt: this.starts.get(sweep) ?? at,
        endedAt: at,
        failures: m.failures ?? 0,
        gaveUp: m.gaveUp ?? 0,
      });
      this.wake();
    } else if (m.ev === 'fail')
      this.failures.push({
        port: m.port ?? -1,
        code: m.code ?? '?',
        began: at - BigInt(Math.round((m.age ?? 0) * 1e6)),
      });
    else if (m.ev === 'mark') this.marks.get(m.label ?? '')?.({ ok: m.ok ?? 0, fail: m.fail ?? 0 });
  }

  /** The first sweep that began at or after `t` (hrtime ns), once it has ended. */
  async sweepStartedAfter(t: bigint, timeoutMs = 120_000): Promise<SweepEnd> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const s = this.sweeps.find((x) => x.startedAt >= t);
      if (s !== undefined) return s;
      if (this.child.exitCode !== null) throw new Error(`port prober exited: ${this.stderr}`);
      if (Date.now() > deadline) throw new Error('no complete port sweep in time');
      await new Promise<void>((r) => {
        this.waiters.push(r);
        setTimeout(r, 1000);
      });
    }
  }

  /** Probe totals so far (ok, failed), as the prober counts them. */
  mark(label: string): Promise<Marks> {
    return new Promise((resolve) => {
      this.marks.set(label, resolve);
      this.child.stdin.write(`mark ${label}\n`);
    });
  }

  /** Closes its stdin (it exits after the current probes) and kills it if it lingers. */
  async close(): Promise<void> {
    if (this.child.exitCode !== null || this.child.signalCode !== null) return;
    const gone = new Promise<void>((r) => this.child.once('exit', () => r()));
    this.child.stdin.end();
    const timer = setTimeout(() => this.child.kill('SIGKILL'), 5000);
    await gone;
    clearTimeout(timer);
  }
}
