/**
 * Delta compilers: the nft text of one change, touching only the elements of the records that
 * changed. They never rewrite a chain and never need the live table, so a change costs the same
 * with 10 or 10,000 mappings in place (compare moby#53466, where every port re-wrote a chain
 * holding every other container's rules). An empty input compiles to '' (nothing to run).
 */
import type { NetworkRules, PortMapping } from '../types.js';
import { networkElements, portElement, type Element } from './elements.js';
import { renderAdd, renderRemove } from './render.js';
import { comparePorts } from './sort.js';
import { validateNetwork, validatePort } from './validate.js';

function portElements(ports: readonly PortMapping[]): Element[] {
  return ports.map(validatePort).sort(comparePorts).map(portElement);
}

/** Identical elements given twice are one element (removal only: it is idempotent anyway). */
function dedupe(elements: readonly Element[]): Element[] {
  const seen = new Set<string>();
  return elements.filter((e) => {
    const id = `${e.set} ${e.text}`;
    if (seen.has(id)) return false;
    seen.add(id);
    return true;
  });
}

/** Adds a network's bridge, ICC verdict and subnets. */
export function compileAddNetwork(net: NetworkRules): string {
  return renderAdd(networkElements(validateNetwork(net)));
}

/** Removes a network's elements; succeeds when they are already gone. */
export function compileRemoveNetwork(net: NetworkRules): string {
  return renderRemove(networkElements(validateNetwork(net)));
}

/** Adds port mappings, all in one transaction. A key already mapped elsewhere fails it. */
export function compileAddPorts(ports: readonly PortMapping[]): string {
  return renderAdd(portElements(ports));
}

/** Removes port mappings; succeeds for mappings already gone. */
export function compileRemovePorts(ports: readonly PortMapping[]): string {
  return renderRemove(dedupe(portElements(ports)));
}
