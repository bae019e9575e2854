/**
 * Signal names and numbers as the Docker API passes them (`TERM`, `SIGTERM`, `9`, `SIGRTMIN+3`)
 * → the Linux number handed to `runc kill`. A fixed x86_64/arm64 table instead of
 * `os.constants.signals`, so the mapping is the same for every caller and testable.
 */
import { invalid } from '../common/errors.js';

/** Linux signal numbers (asm-generic/signal.h; identical on x86_64 and arm64). */
export const SIGNALS: Readonly<Record<string, number>> = {
  HUP: 1,
  INT: 2,
  QUIT: 3,
  ILL: 4,
  TRAP: 5,
  ABRT: 6,
  IOT: 6,
  BUS: 7,
  FPE: 8,
  KILL: 9,
  USR1: 10,
  SEGV: 11,
  USR2: 12,
  PIPE: 13,
  ALRM: 14,
  TERM: 15,
  STKFLT: 16,
  CHLD: 17,
  CONT: 18,
  STOP: 19,
  TSTP: 20,
  TTIN: 21,
  TTOU: 22,
  URG: 23,
  XCPU: 24,
  XFSZ: 25,
  VTALRM: 26,
  PROF: 27,
  WINCH: 28,
  IO: 29,
  POLL: 29,
  PWR: 30,
  SYS: 31,
};

const SIGRTMIN = 34;
const SIGRTMAX = 64;

function badSignal(signal: string | number): Error {
  return invalid(`Cannot parse signal "${signal}": unknown signal`, 'INVALID_SIGNAL');
}

function parseRealtime(name: string): number | undefined {
  const m = /^RTM(IN|AX)([+-]\d+)?$/.exec(name);
  if (m === null) return undefined;
  const base = m[1] === 'IN' ? SIGRTMIN : SIGRTMAX;
  return base + Number(m[2] ?? '0');
}

/**
 * Parses `TERM`, `sigterm`, `SIGTERM`, `15` or a number into a signal number (1..64).
 * Throws EngineError invalid for anything else.
 */
export function parseSignal(signal: string | number): number {
  let n: number | undefined;
  if (typeof signal === 'number') n = signal;
  else if (/^\d+$/.test(signal.trim())) n = Number(signal.trim());
  else {
    const name = signal.trim().toUpperCase().replace(/^SIG/, '');
    n = SIGNALS[name] ?? parseRealtime(name);
  }
  if (n === undefined || !Number.isInteger(n) || n < 1 || n > SIGRTMAX) throw badSignal(signal);
  return n;
}
