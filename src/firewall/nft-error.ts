/**
 * Turns nft's stderr into an EngineError. nft reports `<file>:<line>:<col>: Error: <text>`
 * followed by the offending source line and carets; the kernel's errno arrives as its strerror
 * text ("File exists"), so the text is all there is to classify:
 *
 * - "File exists": a key is already in a map with other data (or a create met an existing
 *   object) → `conflict`. This is how a stale mapping is refused instead of shadowing a new one.
 * - syntax errors → `invalid`, code FIREWALL_SYNTAX. The compiler validates every value, so
 *   this means a compiler bug, and the applier logs it as one.
 * - anything else (missing table, ENOMEM, EPERM, …) → `internal`.
 */
import { EngineError } from '../common/errors.js';

/** What one nft error line says, with the source line it points at. */
export interface NftDiagnostic {
  /** The text after `Error: `. */
  message: string;
  /** 1-based line of the transaction the error points at, when nft gave one. */
  line?: number;
  /** That line of the transaction, trimmed. */
  source?: string;
}

const ERROR_LINE = /^(?:[^:\n]*:(\d+):[\d-]+: )?Error: (.*)$/;

/** Extracts the first error of nft's stderr, or undefined when there is none. */
export function parseNftStderr(stderr: string, text: string): NftDiagnostic | undefined {
  for (const raw of stderr.split('\n')) {
    const match = ERROR_LINE.exec(raw.trim());
    if (match === null) continue;
    const diagnostic: NftDiagnostic = { message: match[2] ?? '' };
    if (match[1] !== undefined) {
      diagnostic.line = Number(match[1]);
      const source = text.split('\n')[diagnostic.line - 1];
      if (source !== undefined) diagnostic.source = source.trim();
    }
    return diagnostic;
  }
  return undefined;
}

/** The EngineError for a failed `nft -f` run of `text` that was doing `action`. */
export function nftError(action: string, stderr: string, text: string): EngineError {
  const d = parseNftStderr(stderr, text);
  const detail = d === undefined ? stderr.trim() || 'nft failed' : d.message;
  const at = d?.source === undefined ? '' : ` (at "${d.source.replace(/,$/, '')}")`;
  const message = `Cannot ${action}: ${detail}${at}`;
  const cause = new Error(stderr);
  if (/File exists/.test(detail)) {
    return new EngineError('conflict', message, { code: 'FIREWALL_CONFLICT', cause });
  }
  if (/syntax error|unexpected|Could not resolve/.test(detail)) {
    return new EngineError('invalid', message, { code: 'FIREWALL_SYNTAX', cause });
  }
  return new EngineError('internal', message, { code: 'FIREWALL_FAILED', cause });
}

/** nft could not be run at all (not installed, spawn failed): the firewall is unavailable. */
export function nftUnavailable(action: string, cause: Error): EngineError {
  return new EngineError('unavailable', `Cannot ${action}: ${cause.message}`, {
    code: 'FIREWALL_UNAVAILABLE',
    cause,
  });
}
