/**
 * The `filters` of `GET /containers/json`, checked here so a bad request never reaches the
 * container manager (which applies them). Messages are Docker's (daemon/list.go).
 */
import { invalid } from '../common/errors.js';
import { checkFilterKeys, filterValues, type Filters } from './filter-args.js';
import { parseGoInt } from './query-params.js';

/** Keys `GET /containers/json` accepts. */
export const CONTAINER_LIST_FILTERS = [
  'ancestor',
  'exited',
  'id',
  'label',
  'name',
  'network',
  'status',
];

/** Container states a `status` filter may name (Docker's `container.IsValidStateString`). */
export const CONTAINER_STATUSES = [
  'created',
  'restarting',
  'running',
  'removing',
  'paused',
  'exited',
  'dead',
];

/**
 * Validates list filters and returns them as the plain record ContainerService.list takes.
 * Throws `invalid` (400) for unknown keys, unknown states and non-integer exit codes.
 */
export function containerListFilters(filters: Filters): Record<string, string[]> {
  checkFilterKeys(filters, CONTAINER_LIST_FILTERS);
  for (const status of filterValues(filters, 'status')) {
    if (!CONTAINER_STATUSES.includes(status)) {
      throw invalid(`Unrecognised filter value for status: ${status}`, 'INVALID_FILTER');
    }
  }
  for (const code of filterValues(filters, 'exited')) parseGoInt(code);
  return Object.fromEntries([...filters].map(([key, values]) => [key, [...values]]));
}
