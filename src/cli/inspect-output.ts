/**
 * Output of `inspect` commands, as docker prints it: without `--format`, one JSON array indented
 * with 4 spaces; with it, the template applied to each item, each result on its own line.
 */
import { compileTemplate } from './go-template/index.js';

/**
 * Renders `items`. The template is compiled before anything is printed so a syntax error
 * fails the command cleanly. Throws TemplateError.
 */
export function renderInspect(items: readonly unknown[], format?: string): string {
  if (format === undefined || format === '') return `${JSON.stringify(items, null, 4)}\n`;
  const template = compileTemplate(format);
  return items.map((item) => `${template.render(item)}\n`).join('');
}
