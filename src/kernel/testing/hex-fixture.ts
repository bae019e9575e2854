/**
 * Loads the codec's captured kernel traffic (src/kernel/codec/testdata/*.hex, made by
 * capture.sh) for tests. Lines starting with '#' are comments; the rest is hex with any
 * whitespace. Tests run from dist/, the fixtures stay in src/, so the path is resolved from
 * this module's compiled location (dist/src/kernel/testing/).
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const TESTDATA = new URL('../../../../src/kernel/codec/testdata/', import.meta.url);

/** The bytes of fixture `name` (e.g. 'newlink-bridge.request.hex'). */
export function readHexFixture(name: string): Buffer {
  const text = readFileSync(fileURLToPath(new URL(name, TESTDATA)), 'utf8');
  const hex = text
    .split('\n')
    .filter((line) => !line.startsWith('#'))
    .join('')
    .replace(/\s+/g, '');
  if (!/^([0-9a-f]{2})+$/i.test(hex)) throw new Error(`Cannot read fixture "${name}": not hex`);
  return Buffer.from(hex, 'hex');
}
