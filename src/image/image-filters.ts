/**
 * The filters of `GET /images/json` (Docker's `dangling`, `label`, `reference`, `before` and
 * `since`). Unknown filter names are refused, as Docker does, rather than silently ignored.
 */
import { invalid } from '../common/errors.js';
import type { ImageConfigFile } from './image-config.js';
import type { ImageRecord } from './image-records.js';

/** What a filter needs to know about one image. */
export interface FilterCandidate {
  rec: ImageRecord;
  cfg: ImageConfigFile;
  tags: string[];
  created: number;
}

/** Resolves `before`/`since` references to the candidate they name. */
export type CandidateLookup = (ref: string) => FilterCandidate;

const KNOWN = new Set(['dangling', 'label', 'reference', 'before', 'since']);

/** `path.Match`-style glob: `*` and `?` do not cross `/`. */
function globToRegExp(glob: string): RegExp {
  const body = glob
    .split('')
    .map((c) => (c === '*' ? '[^/]*' : c === '?' ? '[^/]' : c.replace(/[.+^${}()|[\]\\]/g, '\\$&')))
    .join('');
  return new RegExp(`^${body}$`);
}

/** Docker's `reference` filter: the pattern matches `name` or `name:tag` of any tag. */
function matchesReference(tags: string[], pattern: string): boolean {
  const re = globToRegExp(pattern);
  return tags.some((t) => re.test(t) || re.test(t.slice(0, t.lastIndexOf(':'))));
}

function matchesLabel(cfg: ImageConfigFile, spec: string): boolean {
  const labels = cfg.config?.Labels ?? {};
  const eq = spec.indexOf('=');
  if (eq === -1) return spec in labels;
  return labels[spec.slice(0, eq)] === spec.slice(eq + 1);
}

function danglingWanted(values: string[]): boolean {
  const v = values[0];
  if (values.length !== 1 || (v !== 'true' && v !== 'false' && v !== '1' && v !== '0')) {
    throw invalid(`Invalid filter 'dangling=${values.join(',')}'`, 'INVALID_FILTER');
  }
  return v === 'true' || v === '1';
}

/** Keeps the candidates every filter accepts (values of one filter are OR-ed, as in Docker). */
export function filterImages(
  candidates: FilterCandidate[],
  filters: Record<string, string[]>,
  lookup: CandidateLookup,
): FilterCandidate[] {
  for (const name of Object.keys(filters)) {
    if (!KNOWN.has(name)) throw invalid(`Invalid filter '${name}'`, 'INVALID_FILTER');
  }
  const { dangling, label, reference, before, since } = filters;
  const wantDangling = dangling === undefined ? undefined : danglingWanted(dangling);
  const beforeTimes = (before ?? []).map((r) => lookup(r).created);
  const sinceTimes = (since ?? []).map((r) => lookup(r).created);
  return candidates.filter(
    (c) =>
      (wantDangling === undefined || wantDangling === (c.tags.length === 0)) &&
      (label === undefined || label.every((l) => matchesLabel(c.cfg, l))) &&
      (reference === undefined || reference.some((p) => matchesReference(c.tags, p))) &&
      beforeTimes.every((t) => c.created < t) &&
      sinceTimes.every((t) => c.created > t),
  );
}
