/**
 * API version negotiation as Docker's version middleware does it: every route is served both
 * unversioned and under `/v{version}/`, a version is a dotted list of numbers, and a request is
 * refused when its version lies outside [MIN_API_VERSION, API_VERSION].
 */
import { invalid } from '../common/errors.js';
import { API_VERSION, MIN_API_VERSION } from '../api-types/system.js';

/** Docker's route pattern `/v{version:[0-9.]+}/…`: anything else stays an unversioned path. */
const VERSIONED_PATH = /^\/v([0-9.]+)(\/.*)$/;

/**
 * Splits `/v1.41/networks?x` into the version and the unversioned URL. Paths like `/vabc/x`
 * are left alone so they fall through to the router and become 404s, as in Docker.
 */
export function splitVersionPrefix(url: string): { version?: string; url: string } {
  const match = VERSIONED_PATH.exec(url);
  if (match === null) return { url };
  return { version: match[1], url: match[2] ?? '/' };
}

/**
 * Compares dotted versions numerically segment by segment (`1.9` < `1.10`). Missing or
 * non-numeric segments count as 0, which is what Docker's `versions.compare` does.
 */
export function compareApiVersions(a: string, b: string): number {
  const left = a.split('.');
  const right = b.split('.');
  for (let i = 0; i < Math.max(left.length, right.length); i++) {
    const l = Number.parseInt(left[i] ?? '0', 10) || 0;
    const r = Number.parseInt(right[i] ?? '0', 10) || 0;
    if (l !== r) return l < r ? -1 : 1;
  }
  return 0;
}

/** Throws `invalid` (400) with Docker's exact wording when `version` is out of range. */
export function checkApiVersion(version: string): void {
  if (compareApiVersions(version, API_VERSION) > 0) {
    throw invalid(
      `client version ${version} is too new. Maximum supported API version is ${API_VERSION}`,
      'API_VERSION_TOO_NEW',
    );
  }
  if (compareApiVersions(version, MIN_API_VERSION) < 0) {
    throw invalid(
      `client version ${version} is too old. Minimum supported API version is ${MIN_API_VERSION}, ` +
        'please upgrade your client to a newer version',
      'API_VERSION_TOO_OLD',
    );
  }
}
