/**
 * Recursive-descent parser for the template subset. Like Go, it rejects unknown functions and
 * undeclared variables at parse time, so `-f` typos fail before any request is printed.
 */
import type { ArgNode, BranchNode, CommandNode, PipeNode, TemplateNode } from './ast.js';
import { lex, type Token, type TokenType } from './lexer.js';
import { TemplateError, lineOf } from './template-error.js';

export interface ParseOptions {
  /** True for names callable in the template (`json`, `index`, …). */
  isFunction(name: string): boolean;
}

/** Parses `source` into a node list; throws TemplateError with Go-like messages. */
export function parse(source: string, options: ParseOptions): TemplateNode[] {
  return new Parser(source, options).parseRoot();
}

type ListEnd = 'end' | 'else' | 'eof';

class Parser {
  private readonly tokens: Token[];
  private i = 0;
  private readonly vars: string[] = ['$'];
  private rangeDepth = 0;

  constructor(
    private readonly src: string,
    private readonly options: ParseOptions,
  ) {
    this.tokens = lex(src);
  }

  parseRoot(): TemplateNode[] {
    const { nodes, end } = this.parseList();
    if (end !== 'eof') this.fail(`unexpected {{${end}}}`, this.prev().pos);
    return nodes;
  }

  private peek(ahead = 0): Token {
    const tok = this.tokens[this.i + ahead] ?? this.tokens[this.tokens.length - 1];
    if (!tok) throw new TemplateError(':1: unexpected EOF');
    return tok;
  }

  private prev(): Token {
    return this.tokens[Math.max(0, this.i - 1)] ?? this.peek();
  }

  private next(): Token {
    const tok = this.peek();
    if (this.i < this.tokens.length - 1) this.i++;
    return tok;
  }

  private fail(message: string, pos = this.peek().pos): never {
    throw new TemplateError(`:${lineOf(this.src, pos)}: ${message}`);
  }

  private expect(type: TokenType, context: string): Token {
    const tok = this.next();
    if (tok.type !== type) this.fail(`unexpected ${describe(tok)} in ${context}`, tok.pos);
    return tok;
  }

  private parseList(): { nodes: TemplateNode[]; end: ListEnd } {
    const nodes: TemplateNode[] = [];
    for (;;) {
      const tok = this.next();
      if (tok.type === 'eof') return { nodes, end: 'eof' };
      if (tok.type === 'text') {
        nodes.push({ kind: 'text', text: tok.value });
        continue;
      }
      const result = this.parseAction();
      if (typeof result === 'string') return { nodes, end: result };
      nodes.push(result);
    }
  }

  /** Called just after `{{`: returns a node, or the keyword that ends the enclosing list. */
  private parseAction(): TemplateNode | 'end' | 'else' {
    const tok = this.peek();
    if (tok.type !== 'keyword') {
      return { kind: 'action', pipe: this.parsePipeline('command', 'rightDelim') };
    }
    this.next();
    switch (tok.value) {
      case 'if':
      case 'with':
      case 'range':
        return this.parseBranch(tok.value);
      case 'else':
        return 'else';
      case 'end':
        this.expect('rightDelim', 'end');
        return 'end';
      default:
        if (this.rangeDepth === 0) this.fail(`{{${tok.value}}} outside {{range}}`, tok.pos);
        this.expect('rightDelim', tok.value);
        return { kind: tok.value === 'break' ? 'break' : 'continue', pos: tok.pos };
    }
  }

  private parseBranch(kind: BranchNode['kind']): BranchNode {
    const mark = this.vars.length;
    const pipe = this.parsePipeline(kind, 'rightDelim');
    if (kind === 'range') this.rangeDepth++;
    const body = this.parseList();
    if (kind === 'range') this.rangeDepth--;
    let elseList: TemplateNode[] | null = null;
    if (body.end === 'eof') this.fail('unexpected EOF');
    if (body.end === 'else') elseList = this.parseElse(kind);
    this.vars.length = mark;
    return { kind, pipe, list: body.nodes, elseList };
  }

  /** After `{{else`: either `if …}}`/`with …}}` (a chained branch) or `}}` and a final list. */
  private parseElse(kind: BranchNode['kind']): TemplateNode[] {
    const tok = this.peek();
    if (
      tok.type === 'keyword' &&
      (tok.value === 'if' || tok.value === 'with') &&
      kind !== 'range'
    ) {
      this.next();
      return [this.parseBranch(tok.value)];
    }
    this.expect('rightDelim', 'else');
    const rest = this.parseList();
    if (rest.end === 'eof') this.fail('unexpected EOF');
    if (rest.end === 'else') this.fail('expected end; found {{else}}', this.prev().pos);
    return rest.nodes;
  }

  private parsePipeline(context: string, close: 'rightDelim' | 'rightParen'): PipeNode {
    const pos = this.peek().pos;
    const { decl, isAssign } = this.parseDeclarations(context);
    const cmds: CommandNode[] = [];
    for (;;) {
      const tok = this.peek();
      if (tok.type === close) {
        this.next();
        break;
      }
      if (cmds.length > 0 && tok.type === 'pipe') this.next();
      cmds.push(this.parseCommand(close));
      if (this.peek().type !== 'pipe' && this.peek().type !== close) {
        this.fail(`unexpected ${describe(this.peek())} in ${context}`);
      }
    }
    if (cmds.length === 0) this.fail(`missing value for ${context}`, pos);
    cmds.slice(1).forEach((cmd, index) => {
      const head = cmd.args[0]?.kind ?? 'nil';
      if (['string', 'number', 'bool', 'nil', 'dot'].includes(head)) {
        this.fail(`non executable command in pipeline stage ${index + 2}`, cmd.pos);
      }
    });
    return { decl, isAssign, cmds, pos };
  }

  private parseDeclarations(context: string): { decl: string[]; isAssign: boolean } {
    const first = this.peek();
    const second = this.peek(1);
    if (first.type !== 'variable') return { decl: [], isAssign: false };
    const names = ['$' + first.value];
    let opAt = 1;
    if (second.type === 'comma' && context === 'range' && this.peek(2).type === 'variable') {
      names.push('$' + this.peek(2).value);
      opAt = 3;
    }
    const op = this.peek(opAt);
    if (op.type !== 'declare' && op.type !== 'assign') return { decl: [], isAssign: false };
    this.i += opAt + 1;
    if (op.type === 'assign') {
      names.forEach((name) => this.checkVariable(name, first.pos));
    } else {
      this.vars.push(...names);
    }
    return { decl: names, isAssign: op.type === 'assign' };
  }

  private checkVariable(name: string, pos: number): void {
    if (!this.vars.includes(name)) this.fail(`undefined variable "${name}"`, pos);
  }

  private parseCommand(close: 'rightDelim' | 'rightParen'): CommandNode {
    const pos = this.peek().pos;
    const args: ArgNode[] = [];
    for (;;) {
      const tok = this.peek();
      if (tok.type === 'pipe' || tok.type === close) break;
      if (tok.type === 'eof') this.fail('unclosed action', tok.pos);
      if (tok.type === 'rightDelim') this.fail('unclosed left paren', tok.pos);
      if (tok.type === 'rightParen') this.fail('unexpected right paren', tok.pos);
      if (args.length > 0 && !tok.spaceBefore) this.fail(`missing space before ${describe(tok)}`);
      args.push(this.parseOperand());
    }
    if (args.length === 0) this.fail('missing value for command', pos);
    return { args, pos, src: this.src.slice(pos, this.peek().pos).trim() };
  }

  private parseOperand(): ArgNode {
    const term = this.parseTerm();
    const chain: string[] = [];
    while (this.peek().type === 'field' && !this.peek().spaceBefore) chain.push(this.next().value);
    if (chain.length === 0) return term;
    if (term.kind === 'field' || term.kind === 'variable' || term.kind === 'pipe') {
      return { ...term, chain: [...term.chain, ...chain] };
    }
    return this.fail(`unexpected . after term ${describeArg(term)}`, this.prev().pos);
  }

  private parseTerm(): ArgNode {
    const tok = this.next();
    switch (tok.type) {
      case 'field':
        return { kind: 'field', chain: [tok.value] };
      case 'variable':
        this.checkVariable('$' + tok.value, tok.pos);
        return { kind: 'variable', name: '$' + tok.value, chain: [] };
      case 'dot':
        return { kind: 'dot' };
      case 'identifier':
        if (!this.options.isFunction(tok.value)) {
          this.fail(`function "${tok.value}" not defined`, tok.pos);
        }
        return { kind: 'identifier', name: tok.value };
      case 'string':
        return { kind: 'string', value: tok.value };
      case 'char':
        return { kind: 'number', value: Number(tok.value), text: tok.value };
      case 'number':
        return { kind: 'number', value: parseGoNumber(tok.value), text: tok.value };
      case 'bool':
        return { kind: 'bool', value: tok.value === 'true' };
      case 'nil':
        return { kind: 'nil' };
      case 'leftParen':
        return {
          kind: 'pipe',
          pipe: this.parsePipeline('parenthesized pipeline', 'rightParen'),
          chain: [],
        };
      default:
        return this.fail(`unexpected ${describe(tok)} in operand`, tok.pos);
    }
  }
}

/** Go number literal → JS number (`0x1F`, `0o17`, legacy octal `017`, `1_000`, `1e3`). */
function parseGoNumber(text: string): number {
  const clean = text.replace(/_/g, '');
  const sign = clean.startsWith('-') ? -1 : 1;
  const body = clean.replace(/^[+-]/, '');
  if (/^0[0-7]+$/.test(body)) return sign * parseInt(body, 8);
  if (/^0[oO]/.test(body)) return sign * parseInt(body.slice(2), 8);
  return sign * Number(body);
}

function describe(tok: Token): string {
  switch (tok.type) {
    case 'eof':
      return 'EOF';
    case 'rightDelim':
      return '"}}"';
    case 'string':
      return JSON.stringify(tok.value);
    case 'field':
      return `<.${tok.value}>`;
    default:
      return `<${tok.value}>`;
  }
}

function describeArg(arg: ArgNode): string {
  switch (arg.kind) {
    case 'string':
      return JSON.stringify(arg.value);
    case 'number':
      return arg.text;
    case 'bool':
      return String(arg.value);
    case 'identifier':
      return arg.name;
    default:
      return arg.kind;
  }
}
