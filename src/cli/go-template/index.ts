/**
 * A Go text/template subset for `-f/--format`: parse once, render per item. Pure (no I/O) so it
 * is tested without a daemon. See lexer.ts, parser.ts and evaluator.ts for the pieces.
 */
import { BUILTINS } from './builtins.js';
import { execute } from './evaluator.js';
import type { GoValue } from './go-values.js';
import { parse } from './parser.js';

export { TemplateError } from './template-error.js';

/** A compiled template; `render` may be called for many items. */
export interface Template {
  render(data: GoValue): string;
}

/**
 * Parses `source` with the default functions. Throws TemplateError (`template: …`) for syntax
 * errors; `render` throws TemplateError for execution errors.
 */
export function compileTemplate(source: string): Template {
  const nodes = parse(source, { isFunction: (name) => Object.hasOwn(BUILTINS, name) });
  return {
    render: (data) => execute(nodes, data, { functions: BUILTINS, source }),
  };
}
