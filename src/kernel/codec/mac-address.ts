/**
 * Ethernet (MAC) addresses: IFLA_ADDRESS carries raw bytes; the engine shows them as
 * lower-case colon-separated hex, the way `ip` and Docker print them.
 */

const MAC = /^[0-9a-fA-F]{2}(:[0-9a-fA-F]{2}){5}$/;

/** Parses `aa:bb:cc:dd:ee:ff`; undefined when malformed. */
export function parseMac(text: string): Buffer | undefined {
  return MAC.test(text) ? Buffer.from(text.replaceAll(':', ''), 'hex') : undefined;
}

/** Formats link-layer address bytes of any length ('' for none). */
export function formatMac(bytes: Buffer): string {
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join(':');
}
