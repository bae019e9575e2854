/**
 * The engine's one error type. Callers branch on `kind` and `code`, never on message text;
 * only `api/errors.ts` maps kinds to HTTP statuses and only the CLI maps them to exit codes.
 *
 * Messages follow `Cannot <action> "<value>": <detail>` except where Docker clients expect
 * Docker's exact text (for example `network X has active endpoints`).
 */
export type ErrorKind =
  'invalid' | 'not_found' | 'conflict' | 'forbidden' | 'not_modified' | 'unavailable' | 'internal';

export interface EngineErrorOptions {
  /** A stable machine-readable code such as `NETWORK_EXISTS`. */
  code?: string;
  cause?: unknown;
}

export class EngineError extends Error {
  readonly kind: ErrorKind;
  readonly code: string;

  constructor(kind: ErrorKind, message: string, options: EngineErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'EngineError';
    this.kind = kind;
    this.code = options.code ?? kind.toUpperCase();
  }
}

/** Marks a broken invariant: a bug, never bad user input. Becomes a 500 and is logged with a stack. */
export class BugError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'BugError';
  }
}

export const invalid = (message: string, code?: string): EngineError =>
  new EngineError('invalid', message, { code: code ?? 'INVALID_PARAMETER' });
export const notFound = (message: string, code?: string): EngineError =>
  new EngineError('not_found', message, { code: code ?? 'NOT_FOUND' });
export const conflict = (message: string, code?: string): EngineError =>
  new EngineError('conflict', message, { code: code ?? 'CONFLICT' });
export const forbidden = (message: string, code?: string): EngineError =>
  new EngineError('forbidden', message, { code: code ?? 'FORBIDDEN' });

/** True when `err` is an EngineError of the given kind. */
export function isKind(err: unknown, kind: ErrorKind): err is EngineError {
  return err instanceof EngineError && err.kind === kind;
}
