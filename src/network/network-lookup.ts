import { invalid, notFound } from '../common/errors.js';
import type { NetworkRecord } from './records.js';
import type { NetworkState } from './state.js';

/**
 * Resolves a network reference as Docker does: exact name, then full ID, then a unique ID
 * prefix. Records still being created or removed are invisible.
 */
export function findNetwork(state: NetworkState, ref: string): NetworkRecord | undefined {
  if (ref === '') return undefined;
  const visible = (n: NetworkRecord | undefined): NetworkRecord | undefined =>
    n !== undefined && n.state === 'ready' ? n : undefined;
  const byName = visible(state.findNetworkByName(ref));
  if (byName !== undefined) return byName;
  const byId = visible(state.networks.get(ref));
  if (byId !== undefined) return byId;
  const matches = [...state.networks.values()].filter(
    (n) => n.state === 'ready' && n.id.startsWith(ref.toLowerCase()),
  );
  if (matches.length > 1) {
    throw invalid(
      `network ${ref} is ambiguous (${matches.length} matches found based on ID prefix)`,
    );
  }
  return matches[0];
}

/** Like findNetwork, but a missing network is a 404 with Docker's message. */
export function getNetworkRecord(state: NetworkState, ref: string): NetworkRecord {
  const net = findNetwork(state, ref);
  if (net === undefined) throw notFound(`network ${ref} not found`, 'NETWORK_NOT_FOUND');
  return net;
}
