/**
 * Content digests as images use them: `sha256:<64 hex>` strings, and OCI chain IDs, which name a
 * layer *together with everything below it*. Unpacked layers are keyed by chain ID because the
 * same diff on top of different parents is a different root filesystem.
 */
import { createHash } from 'node:crypto';

/** A `sha256:<64 lower-case hex>` digest. */
export const SHA256_DIGEST = /^sha256:[a-f0-9]{64}$/;

/** `sha256:` + the hex SHA-256 of `data`. */
export function sha256Digest(data: string | Uint8Array): string {
  return `sha256:${createHash('sha256').update(data).digest('hex')}`;
}

/** The 64 hex digits of a `sha256:` digest (directory and key names). */
export function digestHex(digest: string): string {
  return digest.startsWith('sha256:') ? digest.slice('sha256:'.length) : digest;
}

/** The 12-hex short form Docker prints in messages. */
export function shortId(id: string): string {
  return digestHex(id).slice(0, 12);
}

/**
 * Chain IDs for layers given bottom first (OCI image spec, "Layer ChainID"):
 * chainID(L0) = diffID(L0); chainID(Ln) = sha256(chainID(Ln-1) + " " + diffID(Ln)).
 */
export function chainIds(diffIds: readonly string[]): string[] {
  const out: string[] = [];
  for (const diffId of diffIds) {
    const parent = out[out.length - 1];
    out.push(parent === undefined ? diffId : sha256Digest(`${parent} ${diffId}`));
  }
  return out;
}
