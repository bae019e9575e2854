import { BugError } from '../../common/errors.js';

/**
 * JSON-encodes a store value. Both store implementations use it, so a value the SQLite store
 * would refuse (undefined, a function, a bigint, a cycle) is refused by the memory store in tests.
 * Such a value is a programming error, hence BugError.
 */
export function encodeValue(bucket: string, key: string, value: unknown): string {
  let text: string | undefined;
  try {
    text = JSON.stringify(value);
  } catch (err) {
    throw new BugError(`Cannot store "${bucket}/${key}": value is not JSON-serialisable`, {
      cause: err,
    });
  }
  if (text === undefined) {
    throw new BugError(`Cannot store "${bucket}/${key}": value is not JSON-serialisable`);
  }
  return text;
}
