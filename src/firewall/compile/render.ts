/**
 * Renders groups of elements as `add element` / `delete element` statements. One statement per
 * set, one element per line, so nft's error position (file:line:col) points at one element.
 */
import { groupBySet, type Element } from './elements.js';
import { TABLE_REF } from './names.js';

/** Statement verb: elements are only ever added or deleted. */
export type ElementVerb = 'add' | 'delete';

function block(verb: ElementVerb, set: string, elements: readonly Element[]): string {
  const lines = elements.map((e) => `\t${e.text},`).join('\n');
  return `${verb} element ${TABLE_REF} ${set} {\n${lines}\n}\n`;
}

/** `add element` statements for `elements`, grouped by set in table order. */
export function renderAdd(elements: readonly Element[]): string {
  let out = '';
  for (const [set, group] of groupBySet(elements)) out += block('add', set, group);
  return out;
}

/**
 * Removal that succeeds whether or not the elements exist. nft 1.0.6 has no `destroy element`
 * and `delete element` of a missing key fails the whole transaction (ENOENT), so each set gets
 * `add element` (a no-op when the element is there with the same data) followed by
 * `delete element` in the same transaction. The add also guards ownership: when the key is
 * there with *different* data (another container's mapping), the add fails with "File exists"
 * and nothing is deleted — a removal can never take someone else's element.
 */
export function renderRemove(elements: readonly Element[]): string {
  let out = '';
  for (const [set, group] of groupBySet(elements)) {
    out += block('add', set, group);
    out += block('delete', set, group);
  }
  return out;
}
