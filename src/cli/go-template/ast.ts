/**
 * Syntax tree of the template subset. Kept as plain tagged unions so the evaluator is a switch
 * over `kind` and tests can build or inspect trees without classes.
 */

/** Anything that can appear as a command operand. `chain` holds trailing `.Field` accesses. */
export type ArgNode =
  | { kind: 'field'; chain: string[] }
  | { kind: 'variable'; name: string; chain: string[] }
  | { kind: 'dot' }
  | { kind: 'pipe'; pipe: PipeNode; chain: string[] }
  | { kind: 'identifier'; name: string }
  | { kind: 'string'; value: string }
  | { kind: 'number'; value: number; text: string }
  | { kind: 'bool'; value: boolean }
  | { kind: 'nil' };

/** One stage of a pipeline: a function call or a single value. */
export interface CommandNode {
  args: ArgNode[];
  /** Source offset and text, for `executing "" at <…>` error messages. */
  pos: number;
  src: string;
}

/** `$x := cmd | cmd …`; `decl` is empty for a plain pipeline. */
export interface PipeNode {
  decl: string[];
  /** True for `=` (assign to an existing variable), false for `:=`. */
  isAssign: boolean;
  cmds: CommandNode[];
  pos: number;
}

export type TemplateNode =
  | { kind: 'text'; text: string }
  | { kind: 'action'; pipe: PipeNode }
  | BranchNode
  | { kind: 'break' | 'continue'; pos: number };

/** `if`, `with` and `range` share a shape: a pipeline, a body and an optional else body. */
export interface BranchNode {
  kind: 'if' | 'with' | 'range';
  pipe: PipeNode;
  list: TemplateNode[];
  elseList: TemplateNode[] | null;
}
