// A small, plain syntax tree for HCL, built once per file from the tree-sitter tree so that
// expressions can be evaluated many times (count, for_each, modules) without touching wasm.

/** A step after a term: `.name`, `[key]`. */
export type Step = { kind: 'attr'; name: string } | { kind: 'index'; key: Expr };

export type TemplatePart =
  | string
  | { kind: 'interp'; expr: Expr }
  | { kind: 'if'; cond: Expr; whenTrue: TemplatePart[]; whenFalse: TemplatePart[] }
  | { kind: 'for'; keyVar?: string; valueVar: string; collection: Expr; body: TemplatePart[] };

export type Expr =
  | { t: 'literal'; value: string | number | boolean | null }
  | { t: 'template'; parts: TemplatePart[] }
  | { t: 'tuple'; items: Expr[] }
  | { t: 'object'; items: { key: Expr; value: Expr }[] }
  | { t: 'variable'; name: string }
  | { t: 'step'; base: Expr; step: Step }
  | { t: 'splat'; base: Expr; steps: Step[] }
  | { t: 'call'; name: string; args: Expr[]; expandLast: boolean }
  | {
      t: 'for';
      keyVar?: string;
      valueVar: string;
      collection: Expr;
      key?: Expr;
      value: Expr;
      cond?: Expr;
      group: boolean;
    }
  | { t: 'conditional'; cond: Expr; whenTrue: Expr; whenFalse: Expr }
  | { t: 'unary'; op: string; arg: Expr }
  | { t: 'binary'; op: string; left: Expr; right: Expr }
  | { t: 'invalid'; text: string };

export interface Attribute {
  name: string;
  expr: Expr;
  line: number;
}

export interface Block {
  type: string;
  labels: string[];
  body: Body;
  line: number;
  endLine: number;
}

/** Attributes and blocks in source order. */
export interface Body {
  attributes: Attribute[];
  blocks: Block[];
}

/** One parsed file: its body, or the first syntax error. */
export interface ParsedFile {
  relPath: string;
  absPath: string;
  body: Body;
}
