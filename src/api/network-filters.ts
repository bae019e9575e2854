/**
 * The `filters` semantics of `GET /networks` and `POST /networks/prune`, following Docker's
 * daemon/network/filter.go and the network prune code. Filtering happens here, not in the
 * controller, because it is a property of the HTTP surface.
 */
import { invalid } from '../common/errors.js';
import type { NetworkView } from '../network/types.js';
import {
  checkFilterKeys,
  filterValues,
  matchAny,
  matchLabels,
  type Filters,
} from './filter-args.js';
import { parseUntilMs } from './until-time.js';

/** Keys `GET /networks` accepts. */
export const NETWORK_LIST_FILTERS = ['dangling', 'driver', 'id', 'label', 'name', 'scope', 'type'];

/** Keys `POST /networks/prune` accepts. */
export const NETWORK_PRUNE_FILTERS = ['until', 'label', 'label!'];

function checkTypeValues(filters: Filters): void {
  for (const value of filterValues(filters, 'type')) {
    if (value !== 'custom' && value !== 'builtin') {
      throw invalid(`invalid filter: 'type'='${value}'`, 'INVALID_FILTER');
    }
  }
}

/** `dangling` takes exactly one of true/1/false/0; undefined when the filter is absent. */
function danglingOnly(filters: Filters): boolean | undefined {
  const values = filterValues(filters, 'dangling');
  if (values.length === 0) return undefined;
  if (values.length > 1) {
    throw invalid('got more than one value for filter key "dangling"', 'INVALID_FILTER');
  }
  if (values[0] === 'true' || values[0] === '1') return true;
  if (values[0] === 'false' || values[0] === '0') return false;
  throw invalid(
    `invalid value for filter 'dangling', must be "true" (or "1"), or "false" (or "0")`,
    'INVALID_FILTER',
  );
}

/**
 * Dangling means unused *and* user-defined (Docker never lists `bridge`, `host`, `none` as
 * dangling); `dangling=false` is its complement.
 */
function isDangling(view: NetworkView): boolean {
  return !view.predefined && view.endpoints.length === 0;
}

/**
 * Applies `GET /networks` filters: `name` (substring), `id` (prefix), `driver` and `scope`
 * (exact), `label` (`key` or `key=value`, all must hold), `type` (`custom`|`builtin`) and
 * `dangling`. Values of one key are alternatives except for `label`. Throws `invalid` (400) for
 * unknown keys and bad values, before anything is filtered.
 */
export function selectNetworks(views: readonly NetworkView[], filters: Filters): NetworkView[] {
  checkFilterKeys(filters, NETWORK_LIST_FILTERS);
  checkTypeValues(filters);
  const dangling = danglingOnly(filters);
  return views.filter(
    (n) =>
      matchAny(filters, 'name', (v) => n.name.includes(v)) &&
      matchAny(filters, 'id', (v) => n.id.startsWith(v)) &&
      matchAny(filters, 'driver', (v) => n.driver === v) &&
      matchAny(filters, 'scope', (v) => n.scope === v) &&
      matchAny(filters, 'type', (v) => (v === 'builtin') === n.predefined) &&
      matchLabels(filters, 'label', n.labels) &&
      (dangling === undefined || dangling === isDangling(n)),
  );
}

function untilMs(filters: Filters, nowMs: number): number | undefined {
  const values = filterValues(filters, 'until');
  if (values.length > 1) throw invalid('more than one until filter specified', 'INVALID_FILTER');
  return values[0] === undefined ? undefined : parseUntilMs(values[0], nowMs);
}

/**
 * Builds the `select` predicate for NetworkService.pruneNetworks from prune filters: created at
 * or before `until`, matching every `label`, and not matching every `label!` (Docker's
 * `matchLabels`). Throws `invalid` (400) for unknown keys or an unreadable `until`, so a bad
 * request never reaches the controller.
 */
export function prunePredicate(filters: Filters, nowMs: number): (view: NetworkView) => boolean {
  checkFilterKeys(filters, NETWORK_PRUNE_FILTERS);
  const until = untilMs(filters, nowMs);
  const hasExclusions = filterValues(filters, 'label!').length > 0;
  return (view) => {
    // An unreadable `created` never counts as old enough.
    if (until !== undefined && !(Date.parse(view.created) <= until)) return false;
    if (!matchLabels(filters, 'label', view.labels)) return false;
    return !(hasExclusions && matchLabels(filters, 'label!', view.labels));
  };
}
