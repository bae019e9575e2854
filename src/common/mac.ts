/**
 * MAC addresses (EUI-48) as lower-case colon-separated text, the form `ip -j link` and Docker's
 * inspect output use, so stored, compared and displayed MACs are byte-for-byte equal.
 */
import { invalid } from './errors.js';
import { type IpAddress, parseIp } from './ip-address.js';

/**
 * Docker's MAC for an endpoint with IPv4 address `a.b.c.d`: `02:42:<a>:<b>:<c>:<d>` in hex
 * (libnetwork `netutils.GenerateMACFromIP`). `0x02` sets the locally administered bit and clears
 * the multicast bit; embedding the IPv4 address makes the MAC unique wherever the IP is.
 * Accepts the address as text (`172.17.0.2`) or parsed.
 * @throws EngineError `invalid` for malformed text; RangeError for an IPv6 address, since Docker
 * derives MACs from IPv4 only.
 */
export function macFromIpv4(ip: IpAddress | string): string {
  const address = typeof ip === 'string' ? parseIp(ip) : ip;
  if (address.family !== 4) throw new RangeError('a MAC is derived from an IPv4 address only');
  const bytes = [0x02, 0x42];
  for (const shift of [24n, 16n, 8n, 0n]) bytes.push(Number((address.value >> shift) & 0xffn));
  return formatMac(bytes);
}

/** Formats six bytes as `aa:bb:cc:dd:ee:ff`. Throws RangeError for anything but six bytes. */
export function formatMac(bytes: readonly number[]): string {
  if (bytes.length !== 6 || bytes.some((b) => !Number.isInteger(b) || b < 0 || b > 255)) {
    throw new RangeError('a MAC address is six bytes');
  }
  return bytes.map((b) => b.toString(16).padStart(2, '0')).join(':');
}

const HEX_PAIRS = /^[0-9a-f]{2}([:-])[0-9a-f]{2}(\1[0-9a-f]{2}){4}$/i;
const DOTTED_QUADS = /^[0-9a-f]{4}\.[0-9a-f]{4}\.[0-9a-f]{4}$/i;

/**
 * Parses the three EUI-48 notations Go's `net.ParseMAC` (hence Docker's `--mac-address`)
 * accepts: `02:42:ac:11:00:02`, `02-42-AC-11-00-02` and `0242.ac11.0002`. Returns six bytes,
 * or `undefined` when malformed. EUI-64 and InfiniBand forms are refused: a veth has 6 bytes.
 */
export function tryParseMac(text: string): number[] | undefined {
  let hex: string;
  if (HEX_PAIRS.test(text)) hex = text.replace(/[:-]/g, '');
  else if (DOTTED_QUADS.test(text)) hex = text.replace(/\./g, '');
  else return undefined;
  const bytes: number[] = [];
  for (let i = 0; i < 12; i += 2) bytes.push(parseInt(hex.slice(i, i + 2), 16));
  return bytes;
}

/**
 * Validates a MAC address and returns it lower-case and colon-separated.
 * @throws EngineError `invalid` with `invalid MAC address "<text>"`.
 */
export function normalizeMac(text: string): string {
  const bytes = tryParseMac(text);
  if (bytes === undefined) throw invalid(`invalid MAC address "${text}"`, 'INVALID_MAC_ADDRESS');
  return formatMac(bytes);
}

/** True for a group (multicast/broadcast) address, which must never be given to an interface. */
export function isMulticastMac(bytes: readonly number[]): boolean {
  return ((bytes[0] ?? 0) & 0x01) === 0x01;
}
