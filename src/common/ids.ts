/**
 * Object IDs as Docker makes them: 64 lower-case hex characters from a CSPRNG.
 * Uses the Web Crypto global so this module stays free of `node:*` imports.
 */
export function generateId(): string {
  const bytes = new Uint8Array(32);
  globalThis.crypto.getRandomValues(bytes);
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
}

/** The 12-character short form Docker prints. */
export function shortId(id: string): string {
  return id.slice(0, 12);
}

/** Docker's timestamp format: RFC 3339 with nanoseconds (JS has milliseconds; pad with zeros). */
export function rfc3339Nano(date: Date): string {
  return date.toISOString().replace(/\.(\d{3})Z$/, '.$1000000Z');
}
