/**
 * The error raised for any template problem, parse or execution. Its message already carries
 * Go's `template: ` prefix so the CLI can print it verbatim after `Error: `, as docker does.
 */
export class TemplateError extends Error {
  constructor(message: string) {
    super(`template: ${message}`);
    this.name = 'TemplateError';
  }
}

/** 1-based line of `offset` in `source`; Go's messages locate errors by line (and column). */
export function lineOf(source: string, offset: number): number {
  let line = 1;
  for (let i = 0; i < offset && i < source.length; i++) {
    if (source[i] === '\n') line++;
  }
  return line;
}

/** 1-based column of `offset` in `source` (counted in UTF-16 units; Go counts bytes). */
export function columnOf(source: string, offset: number): number {
  const lineStart = source.lastIndexOf('\n', offset - 1) + 1;
  return offset - lineStart + 1;
}
