/**
 * Errors as the CLI sees them: a daemon error response becomes an `ApiError` (an EngineError
 * whose kind is recovered from the HTTP status), and every failure maps to an exit code in one
 * table, as docs/style.md §5 asks.
 */
import { EngineError, type ErrorKind } from '../common/errors.js';

/** The kind a status code stands for; the inverse of the daemon's kind → status mapping. */
export function kindForStatus(status: number): ErrorKind {
  switch (status) {
    case 400:
      return 'invalid';
    case 403:
      return 'forbidden';
    case 404:
      return 'not_found';
    case 409:
      return 'conflict';
    case 304:
      return 'not_modified';
    case 503:
      return 'unavailable';
    default:
      return 'internal';
  }
}

/** A non-2xx response from pouchd; `message` is the server's `{"message": …}` text. */
export class ApiError extends EngineError {
  readonly status: number;

  constructor(status: number, message: string) {
    super(kindForStatus(status), message, { code: `HTTP_${status}` });
    this.name = 'ApiError';
    this.status = status;
  }
}

/**
 * Thrown by a command that has already printed its own errors (for example `network rm a b`
 * where one name failed): the runner exits non-zero without printing anything more.
 */
export class ReportedFailure extends Error {
  constructor() {
    super('failure already reported');
    this.name = 'ReportedFailure';
  }
}

/**
 * Ends the run with a specific exit code: a container's or exec's exit status (no message), or
 * docker's 125 for a `run` that failed before its container ran (with the message to print).
 */
export class ExitStatus extends Error {
  readonly status: number;

  constructor(status: number, message = '') {
    super(message);
    this.name = 'ExitStatus';
    this.status = status;
  }
}

/**
 * Exit code per error kind. Docker's CLI exits 1 for every daemon or usage error and scripts
 * rely on that, so every kind maps to 1; this table is the one place to change it.
 */
export const EXIT_CODE_BY_KIND: Readonly<Record<ErrorKind, number>> = {
  invalid: 1,
  not_found: 1,
  conflict: 1,
  forbidden: 1,
  not_modified: 1,
  unavailable: 1,
  internal: 1,
};

/** The exit code for any thrown value (1 for anything that is not an EngineError). */
export function exitCodeFor(err: unknown): number {
  return err instanceof EngineError ? EXIT_CODE_BY_KIND[err.kind] : 1;
}

/** The text printed after `Error: ` for a thrown value. */
export function errorMessage(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}
