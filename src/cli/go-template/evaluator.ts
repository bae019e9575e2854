/**
 * Executes a parsed template against decoded JSON. Values keep their JSON shape; Go semantics
 * (field lookup by Go name, truthiness, printing) come from go-values.ts. Execution errors are
 * reported like Go's: `template: :LINE:COL: executing "" at <cmd>: message`.
 */
import type { ArgNode, BranchNode, CommandNode, PipeNode, TemplateNode } from './ast.js';
import { ArityError, type TemplateFunction } from './builtins.js';
import {
  formatValue,
  goTypeName,
  isObject,
  isTrue,
  resolveFieldKey,
  ValueShapes,
  type GoValue,
} from './go-values.js';
import { TemplateError, columnOf, lineOf } from './template-error.js';

export interface ExecuteOptions {
  functions: Readonly<Record<string, TemplateFunction>>;
  /** The template source, used only to locate errors. */
  source: string;
}

/** Renders `nodes` with `data` as both `.` and `$`. */
export function execute(nodes: TemplateNode[], data: GoValue, options: ExecuteOptions): string {
  const state = new ExecState(data, options);
  state.walkList(nodes, data);
  return state.out;
}

const BREAK = Symbol('break');
const CONTINUE = Symbol('continue');

class ExecState {
  out = '';
  private readonly vars: Array<{ name: string; value: GoValue }>;
  private readonly shapes = new ValueShapes();
  private current: CommandNode | undefined;

  constructor(
    data: GoValue,
    private readonly options: ExecuteOptions,
  ) {
    this.vars = [{ name: '$', value: data }];
  }

  private fail(message: string): never {
    const cmd = this.current;
    if (!cmd) throw new TemplateError(`: executing "" : ${message}`);
    const { source } = this.options;
    const where = `${lineOf(source, cmd.pos)}:${columnOf(source, cmd.pos)}`;
    throw new TemplateError(`:${where}: executing "" at <${cmd.src}>: ${message}`);
  }

  walkList(nodes: TemplateNode[], dot: GoValue): void {
    for (const node of nodes) this.walk(node, dot);
  }

  private walk(node: TemplateNode, dot: GoValue): void {
    switch (node.kind) {
      case 'text':
        this.out += node.text;
        return;
      case 'action': {
        const value = this.evalPipeline(node.pipe, dot);
        if (node.pipe.decl.length === 0) this.out += formatValue(value, this.shapes);
        return;
      }
      case 'break':
        throw BREAK;
      case 'continue':
        throw CONTINUE;
      default:
        this.walkBranch(node, dot);
    }
  }

  private walkBranch(node: BranchNode, dot: GoValue): void {
    const mark = this.vars.length;
    try {
      if (node.kind === 'range') {
        this.walkRange(node, dot);
        return;
      }
      const value = this.evalPipeline(node.pipe, dot);
      if (isTrue(value, this.shapes)) {
        this.walkList(node.list, node.kind === 'with' ? value : dot);
      } else if (node.elseList) {
        this.walkList(node.elseList, dot);
      }
    } finally {
      this.vars.length = mark;
    }
  }

  private walkRange(node: BranchNode, dot: GoValue): void {
    const pipe: PipeNode = { ...node.pipe, decl: [] };
    const value = this.evalPipeline(pipe, dot);
    const items = this.rangeItems(value);
    if (items.length === 0) {
      if (node.elseList) this.walkList(node.elseList, dot);
      return;
    }
    const mark = this.vars.length;
    for (const [key, elem] of items) {
      this.vars.length = mark;
      const [first, second] = node.pipe.decl;
      if (first !== undefined && second === undefined) this.vars.push({ name: first, value: elem });
      if (first !== undefined && second !== undefined) {
        this.vars.push({ name: first, value: key }, { name: second, value: elem });
      }
      try {
        this.walkList(node.list, elem);
      } catch (signal) {
        if (signal === BREAK) break;
        if (signal !== CONTINUE) throw signal;
      }
    }
  }

  private rangeItems(value: GoValue): Array<[GoValue, GoValue]> {
    if (value === null || value === undefined) return [];
    if (Array.isArray(value)) return value.map((v, i) => [i, v]);
    if (isObject(value)) {
      return Object.keys(value)
        .sort()
        .map((k) => [k, value[k]]);
    }
    if (typeof value === 'number' && Number.isInteger(value)) {
      return Array.from({ length: Math.max(value, 0) }, (_, i) => [i, i]);
    }
    return this.fail(`range can't iterate over ${formatValue(value, this.shapes)}`);
  }

  private evalPipeline(pipe: PipeNode, dot: GoValue): GoValue {
    let value: GoValue = undefined;
    pipe.cmds.forEach((cmd, i) => {
      value = this.evalCommand(cmd, dot, i > 0 ? { value } : undefined);
    });
    for (const name of pipe.decl) this.setVariable(name, value, pipe.isAssign);
    return value;
  }

  private setVariable(name: string, value: GoValue, isAssign: boolean): void {
    if (isAssign) {
      const slot = [...this.vars].reverse().find((v) => v.name === name);
      if (slot) slot.value = value;
      return;
    }
    this.vars.push({ name, value });
  }

  private evalCommand(cmd: CommandNode, dot: GoValue, piped?: { value: GoValue }): GoValue {
    const saved = this.current;
    this.current = cmd;
    try {
      const [head, ...rest] = cmd.args;
      if (head?.kind === 'identifier') {
        const args = rest.map((a) => this.evalArg(a, dot));
        if (piped) args.push(piped.value);
        return this.call(head.name, args);
      }
      if (rest.length > 0 || piped) this.fail(`can't give argument to non-function ${cmd.src}`);
      return head === undefined ? undefined : this.evalArg(head, dot);
    } finally {
      this.current = saved;
    }
  }

  private call(name: string, args: GoValue[]): GoValue {
    const fn = this.options.functions[name];
    if (!fn) return this.fail(`"${name}" is not a defined function`);
    try {
      return fn(args, this.shapes);
    } catch (err) {
      const message = err instanceof Error ? err.message : String(err);
      return this.fail(err instanceof ArityError ? message : `error calling ${name}: ${message}`);
    }
  }

  private evalArg(arg: ArgNode, dot: GoValue): GoValue {
    switch (arg.kind) {
      case 'dot':
        return dot;
      case 'field':
        return this.walkChain(dot, arg.chain);
      case 'variable':
        return this.walkChain(this.lookup(arg.name), arg.chain);
      case 'pipe':
        return this.walkChain(this.evalPipeline(arg.pipe, dot), arg.chain);
      case 'identifier':
        return this.call(arg.name, []);
      case 'nil':
        return null;
      default:
        return arg.value;
    }
  }

  private lookup(name: string): GoValue {
    const slot = [...this.vars].reverse().find((v) => v.name === name);
    return slot ? slot.value : this.fail(`undefined variable: ${name}`);
  }

  private walkChain(start: GoValue, chain: string[]): GoValue {
    return chain.reduce((value, field) => this.field(value, field), start);
  }

  private field(value: GoValue, name: string): GoValue {
    if (value === undefined) return undefined;
    if (value === null) return this.fail(`nil pointer evaluating interface {}.${name}`);
    if (!isObject(value))
      return this.fail(`can't evaluate field ${name} in type ${goTypeName(value)}`);
    const key = resolveFieldKey(value, name);
    if (key === undefined) return undefined;
    return this.shapes.adoptField(key, value[key]);
  }
}
