/**
 * Lexer for the Go text/template subset used by `-f/--format`. It splits the source into text
 * and action tokens and applies the `{{-` / `-}}` trim markers at lex time (as Go does), so the
 * parser never sees the whitespace a user asked to drop.
 */
import { TemplateError, lineOf } from './template-error.js';

export type TokenType =
  | 'text'
  | 'leftDelim'
  | 'rightDelim'
  | 'field'
  | 'variable'
  | 'dot'
  | 'identifier'
  | 'keyword'
  | 'string'
  | 'char'
  | 'number'
  | 'bool'
  | 'nil'
  | 'pipe'
  | 'leftParen'
  | 'rightParen'
  | 'declare'
  | 'assign'
  | 'comma'
  | 'eof';

/** One lexeme. `value` is decoded for strings (escapes resolved) and raw otherwise. */
export interface Token {
  type: TokenType;
  value: string;
  /** Offset of the token in the source, for error positions. */
  pos: number;
  /** True when whitespace separates this token from the previous one (`.A .B` vs `.A.B`). */
  spaceBefore: boolean;
}

const KEYWORDS = new Set(['if', 'else', 'end', 'range', 'with', 'break', 'continue']);
const UNSUPPORTED = new Set(['define', 'template', 'block']);
const SPACE = /[ \t\r\n]/;
const NUMBER =
  /[+-]?(?:0[xX][0-9a-fA-F_]+|0[bB][01_]+|0[oO][0-7_]+|(?:\d[\d_]*(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?)/y;
const IDENT = /[\p{L}_][\p{L}\p{N}_]*/uy;

/** Tokenizes `source`; throws TemplateError (`template: :LINE: …`) on malformed input. */
export function lex(source: string): Token[] {
  return new Lexer(source).run();
}

class Lexer {
  private pos = 0;
  private readonly tokens: Token[] = [];
  private trimNextText = false;

  constructor(private readonly src: string) {}

  run(): Token[] {
    while (this.pos < this.src.length) {
      const open = this.src.indexOf('{{', this.pos);
      const end = open < 0 ? this.src.length : open;
      this.emitText(this.src.slice(this.pos, end), this.pos, open >= 0 && this.isLeftTrim(open));
      if (open < 0) break;
      this.pos = open;
      this.lexAction();
    }
    this.tokens.push({ type: 'eof', value: '', pos: this.src.length, spaceBefore: false });
    return this.tokens;
  }

  private fail(message: string, at = this.pos): never {
    throw new TemplateError(`:${lineOf(this.src, at)}: ${message}`);
  }

  private isLeftTrim(open: number): boolean {
    return this.src[open + 2] === '-' && SPACE.test(this.src[open + 3] ?? '');
  }

  private emitText(raw: string, pos: number, trimRight: boolean): void {
    let text = this.trimNextText ? raw.replace(/^[ \t\r\n]+/, '') : raw;
    this.trimNextText = false;
    if (trimRight) text = text.replace(/[ \t\r\n]+$/, '');
    if (text !== '') this.tokens.push({ type: 'text', value: text, pos, spaceBefore: false });
  }

  private push(type: TokenType, value: string, pos: number, spaceBefore: boolean): void {
    this.tokens.push({ type, value, pos, spaceBefore });
  }

  private lexAction(): void {
    const start = this.pos;
    this.pos += this.isLeftTrim(start) ? 4 : 2;
    if (this.skipComment(start)) return;
    this.push('leftDelim', '{{', start, false);
    for (;;) {
      const spaceBefore = this.skipSpace();
      if (this.pos >= this.src.length) this.fail('unclosed action', start);
      if (spaceBefore && this.src.startsWith('-}}', this.pos)) {
        this.closeAction(3, true);
        return;
      }
      if (this.src.startsWith('}}', this.pos)) {
        this.closeAction(2, false);
        return;
      }
      this.lexOne(spaceBefore);
    }
  }

  private closeAction(width: number, trim: boolean): void {
    this.push('rightDelim', '}}', this.pos, false);
    this.pos += width;
    this.trimNextText = trim;
  }

  /** Handles `{{/* … *\/}}` (with optional trim markers); returns true when one was consumed. */
  private skipComment(start: number): boolean {
    if (!this.src.startsWith('/*', this.pos)) return false;
    const close = this.src.indexOf('*/', this.pos + 2);
    if (close < 0) this.fail('unclosed comment', start);
    this.pos = close + 2;
    if (this.src.startsWith(' -}}', this.pos)) {
      this.pos += 4;
      this.trimNextText = true;
    } else if (this.src.startsWith('}}', this.pos)) {
      this.pos += 2;
    } else {
      this.fail('comment ends before closing delimiter', start);
    }
    return true;
  }

  private skipSpace(): boolean {
    const before = this.pos;
    while (this.pos < this.src.length && SPACE.test(this.src[this.pos] ?? '')) this.pos++;
    return this.pos > before;
  }

  private lexOne(spaceBefore: boolean): void {
    const start = this.pos;
    const ch = this.src[start] ?? '';
    const next = this.src[start + 1] ?? '';
    const simple = SIMPLE_TOKENS.find(([text]) => this.src.startsWith(text, start));
    if (simple) {
      this.pos += simple[0].length;
      this.push(simple[1], simple[0], start, spaceBefore);
    } else if (ch === '"') this.lexQuoted(spaceBefore);
    else if (ch === '`') this.lexRaw(spaceBefore);
    else if (ch === "'") this.lexChar(spaceBefore);
    else if (ch === '$') this.lexWord('variable', start + 1, spaceBefore);
    else if (ch === '.' && /[\p{L}_]/u.test(next)) this.lexWord('field', start + 1, spaceBefore);
    else if (/[0-9]/.test(ch) || (/[.+-]/.test(ch) && /[0-9]/.test(next))) {
      this.lexNumber(spaceBefore);
    } else if (ch === '.') {
      this.pos++;
      this.push('dot', '.', start, spaceBefore);
    } else if (/[\p{L}_]/u.test(ch)) this.lexIdentifier(spaceBefore);
    else this.fail(`unexpected ${JSON.stringify(ch)} in command`);
  }

  private lexWord(type: 'variable' | 'field', from: number, spaceBefore: boolean): void {
    IDENT.lastIndex = from;
    const m = IDENT.exec(this.src);
    const word = m ? m[0] : '';
    const start = this.pos;
    this.pos = from + word.length;
    this.push(type, word, start, spaceBefore);
  }

  private lexIdentifier(spaceBefore: boolean): void {
    IDENT.lastIndex = this.pos;
    const word = (IDENT.exec(this.src) ?? [''])[0];
    const start = this.pos;
    this.pos += word.length;
    if (UNSUPPORTED.has(word)) this.fail(`{{${word}}} is not supported`, start);
    let type: TokenType = 'identifier';
    if (KEYWORDS.has(word)) type = 'keyword';
    else if (word === 'true' || word === 'false') type = 'bool';
    else if (word === 'nil') type = 'nil';
    this.push(type, word, start, spaceBefore);
  }

  private lexNumber(spaceBefore: boolean): void {
    NUMBER.lastIndex = this.pos;
    const m = NUMBER.exec(this.src);
    if (!m) this.fail('bad number syntax');
    const start = this.pos;
    this.pos += m[0].length;
    if (/[\p{L}\p{N}_.]/u.test(this.src[this.pos] ?? '')) {
      this.fail(`bad number syntax: "${m[0]}${this.src[this.pos] ?? ''}"`, start);
    }
    this.push('number', m[0], start, spaceBefore);
  }

  private lexQuoted(spaceBefore: boolean): void {
    const start = this.pos;
    let i = start + 1;
    while (i < this.src.length && this.src[i] !== '"') {
      if (this.src[i] === '\n') break;
      i += this.src[i] === '\\' ? 2 : 1;
    }
    if (this.src[i] !== '"') this.fail('unterminated quoted string', start);
    this.pos = i + 1;
    this.push(
      'string',
      unescapeGo(this.src.slice(start + 1, i), lineOf(this.src, start)),
      start,
      spaceBefore,
    );
  }

  private lexRaw(spaceBefore: boolean): void {
    const start = this.pos;
    const close = this.src.indexOf('`', start + 1);
    if (close < 0) this.fail('unterminated raw quoted string', start);
    this.pos = close + 1;
    this.push('string', this.src.slice(start + 1, close), start, spaceBefore);
  }

  private lexChar(spaceBefore: boolean): void {
    const start = this.pos;
    const m = /'((?:[^'\\\n]|\\[^\n]+?)+)'/y;
    m.lastIndex = start;
    const found = m.exec(this.src);
    if (!found || found[1] === undefined) this.fail('unterminated character constant', start);
    const text = unescapeGo(found[1], lineOf(this.src, start));
    const code = text.codePointAt(0);
    if (code === undefined || [...text].length !== 1)
      this.fail('malformed character constant', start);
    this.pos += found[0].length;
    this.push('char', String(code), start, spaceBefore);
  }
}

const SIMPLE_TOKENS: Array<[string, TokenType]> = [
  [':=', 'declare'],
  ['=', 'assign'],
  ['|', 'pipe'],
  ['(', 'leftParen'],
  [')', 'rightParen'],
  [',', 'comma'],
];

const SIMPLE_ESCAPES: Record<string, string> = {
  a: '\x07',
  b: '\b',
  f: '\f',
  n: '\n',
  r: '\r',
  t: '\t',
  v: '\v',
  '\\': '\\',
  '"': '"',
  "'": "'",
};

/** Resolves Go string escapes (`\n`, `\x41`, `\u00e9`, `\101`); throws on a bad escape. */
function unescapeGo(body: string, line: number): string {
  return body.replace(
    /\\(?:([abfnrtv\\"'])|x([0-9a-fA-F]{2})|u([0-9a-fA-F]{4})|U([0-9a-fA-F]{8})|([0-7]{3})|(.?))/g,
    (_m, simple?: string, x?: string, u?: string, big?: string, oct?: string, bad?: string) => {
      if (simple !== undefined) return SIMPLE_ESCAPES[simple] ?? simple;
      const hex = x ?? u ?? big;
      if (hex !== undefined) return String.fromCodePoint(parseInt(hex, 16));
      if (oct !== undefined) return String.fromCodePoint(parseInt(oct, 8));
      throw new TemplateError(`:${line}: invalid syntax: unknown escape "\\${bad ?? ''}"`);
    },
  );
}
