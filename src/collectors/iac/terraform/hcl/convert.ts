// Turns a tree-sitter HCL tree (already checked for syntax errors) into the plain syntax tree of ./ast.ts.
// tree-sitter flattens a term and its postfix steps into siblings (`var` `.x` `[0]`), so terms are
// rebuilt from child sequences. Template text is cut from the source, which keeps the exact whitespace.
import type { Node } from 'web-tree-sitter';
import { MAX_NESTING_DEPTH } from '../../../../kit/limits.ts';
import { isOutOfRange } from '../../../../kit/located.ts';
import type { Attribute, Block, Body, Expr, Step, TemplatePart } from './ast.ts';
import {
  type Decode,
  heredocDecode,
  invalid,
  joinParts,
  type PlacedPart,
  simplify,
  unescapeQuoted,
} from './template-text.ts';

const BINARY_OPERATORS = new Set(['*', '/', '%', '+', '-', '>', '>=', '<', '<=', '==', '!=', '&&', '||']);

/**
 * The first node nested deeper than MAX_NESTING_DEPTH, found without recursion (5,000-deep blocks
 * or 50,000 parentheses would overflow the stack of the recursive converter and evaluator).
 * A subtree of n nodes (tree-sitter keeps the count: `descendantCount`, the node included) reaches
 * at most n - 1 levels below its root, so a subtree that cannot pass the limit is not walked: in a
 * file of ordinary blocks only the top level is visited, not every node (each cursor step is a call
 * into wasm). The node found is the same: only subtrees without one are skipped.
 */
export function tooDeep(root: Node): { line: number; depth: number } | undefined {
  if (root.descendantCount - 1 <= MAX_NESTING_DEPTH) return undefined;
  const cursor = root.walk();
  try {
    let depth = 0;
    for (;;) {
      if (depth > MAX_NESTING_DEPTH) return { line: cursor.startPosition.row + 1, depth: MAX_NESTING_DEPTH };
      if (depth + cursor.currentNode.descendantCount - 1 > MAX_NESTING_DEPTH && cursor.gotoFirstChild()) {
        depth++;
        continue;
      }
      while (!cursor.gotoNextSibling()) {
        if (!cursor.gotoParent()) return undefined;
        depth--;
      }
    }
  } finally {
    cursor.delete();
  }
}

/** A number literal JavaScript cannot hold (1e400, an integer above 2^53): read as unknown, reported by line. */
export interface NumberIssue {
  line: number;
  text: string;
}

export function convertBody(root: Node, text: string, issues: NumberIssue[] = []): Body {
  const body = root.type === 'body' ? root : root.namedChildren.find((n) => n?.type === 'body');
  return body ? new Converter(text, issues).body(body) : { attributes: [], blocks: [] };
}

class Converter {
  constructor(
    private readonly text: string,
    private readonly issues: NumberIssue[],
  ) {}

  body(node: Node): Body {
    const attributes: Attribute[] = [];
    const blocks: Block[] = [];
    for (const child of node.namedChildren) {
      if (!child) continue;
      if (child.type === 'attribute') attributes.push(this.attribute(child));
      else if (child.type === 'block') blocks.push(this.block(child));
    }
    return { attributes, blocks };
  }

  attribute(node: Node): Attribute {
    const named = node.namedChildren;
    const name = named[0]?.text ?? '';
    const exprNode = named.find((n) => n?.type === 'expression');
    return { name, expr: exprNode ? this.expression(exprNode) : invalid(''), line: node.startPosition.row + 1 };
  }

  block(node: Node): Block {
    const named = node.namedChildren.filter((n): n is Node => n !== null);
    const type = named[0]?.text ?? '';
    const labels: string[] = [];
    let body: Body = { attributes: [], blocks: [] };
    for (const child of named.slice(1)) {
      if (child.type === 'string_lit') labels.push(this.stringLiteral(child));
      else if (child.type === 'identifier') labels.push(child.text);
      else if (child.type === 'body') body = this.body(child);
    }
    return { type, labels, body, line: node.startPosition.row + 1, endLine: node.endPosition.row + 1 };
  }

  expression(node: Node): Expr {
    const children = significant(node);
    if (children.length === 1 && children[0]?.type === 'conditional') return this.conditional(children[0]);
    return this.term(children);
  }

  /**
   * tree-sitter's grammar reads `a ? b : c ? d : e` as `(a ? b : c) ? d : e`; HCL, and so Terraform,
   * as `a ? b : (c ? d : e)`. The chain is read in source order and rebuilt from the right.
   */
  conditional(node: Node): Expr {
    const chain = conditionalChain(node);
    if (!chain) return invalid(node.text);
    const exprs = chain.map((n) => this.expression(n));
    let expr = exprs[exprs.length - 1] as Expr;
    for (let i = exprs.length - 3; i >= 0; i -= 2) {
      expr = { t: 'conditional', cond: exprs[i] as Expr, whenTrue: exprs[i + 1] as Expr, whenFalse: expr };
    }
    return expr;
  }

  /** A primary (or a parenthesised expression) followed by `.attr`, `[index]` and splat steps. */
  term(seq: Node[]): Expr {
    const first = seq[0];
    if (!first) return invalid('');
    let expr: Expr;
    let i: number;
    if (first.type === '(') {
      const inner = seq[1];
      expr = inner ? this.expression(inner) : invalid('(');
      i = 3;
    } else {
      expr = this.primary(first);
      i = 1;
    }
    for (; i < seq.length; i++) {
      const node = seq[i];
      if (!node) continue;
      if (node.type === 'splat') {
        const kind = node.namedChildren[0];
        const steps = kind
          ? significant(kind)
              .filter((n) => n.isNamed)
              .map((n) => this.step(n))
          : [];
        expr = { t: 'splat', base: expr, steps };
      } else {
        expr = { t: 'step', base: expr, step: this.step(node) };
      }
    }
    return expr;
  }

  step(node: Node): Step {
    if (node.type === 'get_attr') return { kind: 'attr', name: node.namedChildren[0]?.text ?? '' };
    const inner = node.namedChildren[0];
    if (inner?.type === 'legacy_index')
      return { kind: 'index', key: { t: 'literal', value: Number(inner.text.slice(1)) } };
    const keyNode = inner?.namedChildren.find((n) => n?.type === 'expression');
    return { kind: 'index', key: keyNode ? this.expression(keyNode) : invalid(node.text) };
  }

  primary(node: Node): Expr {
    switch (node.type) {
      case 'expression':
        return this.expression(node);
      case 'literal_value':
        return this.literal(node.namedChildren[0] ?? node);
      case 'template_expr':
        return this.template(node.namedChildren[0] ?? node);
      case 'collection_value':
        return this.collection(node.namedChildren[0] ?? node);
      case 'variable_expr':
        return { t: 'variable', name: node.text };
      case 'function_call':
        return this.call(node);
      case 'for_expr':
        return this.forExpr(node.namedChildren[0] ?? node);
      case 'operation':
        return this.operation(node.namedChildren[0] ?? node);
      default:
        return invalid(node.text);
    }
  }

  literal(node: Node): Expr {
    switch (node.type) {
      case 'numeric_lit': {
        const value = Number(node.text);
        if (!isOutOfRange(value, node.text)) return { t: 'literal', value };
        // Never Infinity (written as null) nor a rounded integer: the value stays unknown.
        this.issues.push({ line: node.startPosition.row + 1, text: node.text });
        return invalid(node.text);
      }
      case 'bool_lit':
        return { t: 'literal', value: node.text === 'true' };
      case 'null_lit':
        return { t: 'literal', value: null };
      case 'string_lit':
        return { t: 'literal', value: this.stringLiteral(node) };
      default:
        return invalid(node.text);
    }
  }

  stringLiteral(node: Node): string {
    const children = node.children.filter((n): n is Node => n !== null);
    const start = children[0];
    const end = children[children.length - 1];
    if (!start || !end || start === end) return '';
    return unescapeQuoted(this.text.slice(start.endIndex, end.startIndex));
  }

  template(node: Node): Expr {
    const children = node.children.filter((n): n is Node => n !== null);
    if (node.type === 'quoted_template') {
      const start = children[0];
      const end = children[children.length - 1];
      if (!start || !end || start === end) return { t: 'literal', value: '' };
      return simplify(this.parts(start.endIndex, end.startIndex, inner(children), unescapeQuoted));
    }
    if (node.type === 'heredoc_template') return this.heredoc(node, children);
    return invalid(node.text);
  }

  heredoc(node: Node, children: Node[]): Expr {
    const ids = children.filter((n) => n.type === 'heredoc_identifier');
    const open = ids[0];
    const close = ids[1];
    if (!open || !close) return invalid(node.text);
    const newline = this.text.indexOf('\n', open.endIndex);
    const from = newline < 0 ? open.endIndex : newline + 1;
    const to = Math.max(from, close.startIndex - close.startPosition.column);
    const decode = heredocDecode(this.text, from, to, children[0]?.text === '<<-');
    return simplify(this.parts(from, to, inner(children), decode));
  }

  /** Template parts between two source offsets: literal text around interpolations and directives. */
  parts(from: number, to: number, nodes: Node[], decode: Decode, stripStart = false, stripEnd = false): TemplatePart[] {
    const placed = inner(nodes)
      .filter((node) => node.startIndex >= from && node.endIndex <= to)
      .map((node): PlacedPart => ({ start: node.startIndex, end: node.endIndex, ...this.templatePart(node, decode) }));
    return joinParts(this.text, from, to, placed, decode, stripStart, stripEnd);
  }

  templatePart(
    node: Node,
    decode: Decode,
  ): { part: TemplatePart; stripLeft?: boolean; stripRight?: boolean } | undefined {
    if (node.type === 'template_interpolation') {
      const exprNode = node.namedChildren.find((n) => n?.type === 'expression');
      return {
        part: { kind: 'interp', expr: exprNode ? this.expression(exprNode) : invalid(node.text) },
        ...stripFlags(node),
      };
    }
    const directive = node.namedChildren[0];
    if (!directive) return undefined;
    const children = directive.namedChildren.filter((n): n is Node => n !== null);
    const intro = children[0];
    const end = children[children.length - 1];
    if (!intro || !end || intro === end) return { part: { kind: 'interp', expr: invalid(node.text) } };
    if (directive.type === 'template_if') {
      const cond = intro.namedChildren.find((n) => n?.type === 'expression');
      const elseIntro = children.find((n) => n.type === 'template_else_intro');
      const bodyNodes = children.slice(1, -1).filter((n) => n !== elseIntro);
      const thenEnd = elseIntro ?? end;
      const part: TemplatePart = {
        kind: 'if',
        cond: cond ? this.expression(cond) : invalid(intro.text),
        whenTrue: this.parts(
          intro.endIndex,
          thenEnd.startIndex,
          bodyNodes,
          decode,
          stripFlags(intro).stripRight,
          stripFlags(thenEnd).stripLeft,
        ),
        whenFalse: elseIntro
          ? this.parts(
              elseIntro.endIndex,
              end.startIndex,
              bodyNodes,
              decode,
              stripFlags(elseIntro).stripRight,
              stripFlags(end).stripLeft,
            )
          : [],
      };
      return { part, stripLeft: stripFlags(intro).stripLeft, stripRight: stripFlags(end).stripRight };
    }
    if (directive.type === 'template_for') {
      const names = intro.namedChildren.filter((n) => n?.type === 'identifier').map((n) => n?.text ?? '');
      const collection = intro.namedChildren.find((n) => n?.type === 'expression');
      const part: TemplatePart = {
        kind: 'for',
        ...(names.length > 1 ? { keyVar: names[0] } : {}),
        valueVar: names[names.length - 1] ?? '',
        collection: collection ? this.expression(collection) : invalid(intro.text),
        body: this.parts(
          intro.endIndex,
          end.startIndex,
          children.slice(1, -1),
          decode,
          stripFlags(intro).stripRight,
          stripFlags(end).stripLeft,
        ),
      };
      return { part, stripLeft: stripFlags(intro).stripLeft, stripRight: stripFlags(end).stripRight };
    }
    return { part: { kind: 'interp', expr: invalid(node.text) } };
  }

  collection(node: Node): Expr {
    if (node.type === 'tuple') {
      return { t: 'tuple', items: node.namedChildren.filter(isExpression).map((n) => this.expression(n)) };
    }
    const items: { key: Expr; value: Expr }[] = [];
    for (const elem of node.namedChildren) {
      if (elem?.type !== 'object_elem') continue;
      const keyNode = elem.childForFieldName('key');
      const valueNode = elem.childForFieldName('val');
      if (!keyNode || !valueNode) continue;
      items.push({ key: this.objectKey(keyNode), value: this.expression(valueNode) });
    }
    return { t: 'object', items };
  }

  /** A bare identifier as an object key is the key's name, not a variable. */
  objectKey(node: Node): Expr {
    const children = significant(node);
    const only = children[0];
    if (children.length === 1 && only?.type === 'variable_expr') return { t: 'literal', value: only.text };
    return this.expression(node);
  }

  call(node: Node): Expr {
    const name = node.namedChildren[0]?.text ?? '';
    const argsNode = node.namedChildren.find((n) => n?.type === 'function_arguments');
    const args = argsNode ? argsNode.namedChildren.filter(isExpression).map((n) => this.expression(n)) : [];
    const expandLast = argsNode ? argsNode.namedChildren.some((n) => n?.type === 'ellipsis') : false;
    return { t: 'call', name, args, expandLast };
  }

  forExpr(node: Node): Expr {
    const intro = node.namedChildren.find((n) => n?.type === 'for_intro');
    if (!intro) return invalid(node.text);
    const names = intro.namedChildren.filter((n) => n?.type === 'identifier').map((n) => n?.text ?? '');
    const collection = intro.namedChildren.find(isExpression);
    const exprs = node.namedChildren.filter(isExpression);
    const condNode = node.namedChildren.find((n) => n?.type === 'for_cond');
    const cond = condNode?.namedChildren.find(isExpression);
    const isObject = node.type === 'for_object_expr';
    const key = isObject ? exprs[0] : undefined;
    const value = isObject ? exprs[1] : exprs[0];
    if (!collection || !value) return invalid(node.text);
    return {
      t: 'for',
      ...(names.length > 1 ? { keyVar: names[0] } : {}),
      valueVar: names[names.length - 1] ?? '',
      collection: this.expression(collection),
      ...(key ? { key: this.expression(key) } : {}),
      value: this.expression(value),
      ...(cond ? { cond: this.expression(cond) } : {}),
      group: node.namedChildren.some((n) => n?.type === 'ellipsis'),
    };
  }

  operation(node: Node): Expr {
    const children = significant(node);
    if (node.type === 'unary_operation') {
      const op = children[0]?.text ?? '';
      return { t: 'unary', op, arg: this.term(children.slice(1)) };
    }
    let depth = 0;
    for (let i = 0; i < children.length; i++) {
      const child = children[i];
      if (!child || child.isNamed) continue;
      if (child.type === '(') depth++;
      else if (child.type === ')') depth--;
      else if (depth === 0 && BINARY_OPERATORS.has(child.type)) {
        return {
          t: 'binary',
          op: child.type,
          left: this.term(children.slice(0, i)),
          right: this.term(children.slice(i + 1)),
        };
      }
    }
    return invalid(node.text);
  }
}

/** `c1 ? t1 : c2 ? t2 : f` as [c1, t1, c2, t2, f], from tree-sitter's left-nested conditionals. */
function conditionalChain(node: Node): Node[] | undefined {
  const [cond, whenTrue, whenFalse] = node.namedChildren.filter((n): n is Node => n?.type === 'expression');
  if (!cond || !whenTrue || !whenFalse) return undefined;
  const head = significant(cond);
  if (head.length === 1 && head[0]?.type === 'conditional') {
    const inner = conditionalChain(head[0]);
    return inner ? [...inner, whenTrue, whenFalse] : undefined;
  }
  return [cond, whenTrue, whenFalse];
}

function significant(node: Node): Node[] {
  return node.children.filter((n): n is Node => n !== null && n.type !== 'comment');
}

function isExpression(node: Node | null): node is Node {
  return node?.type === 'expression';
}

/** Interpolations and directives directly inside a template node. */
function inner(children: Node[]): Node[] {
  return children.filter((n) => n.type === 'template_interpolation' || n.type === 'template_directive');
}

function stripFlags(node: Node): { stripLeft: boolean; stripRight: boolean } {
  const kids = node.children.filter((n): n is Node => n !== null);
  return { stripLeft: kids[1]?.type === 'strip_marker', stripRight: kids[kids.length - 2]?.type === 'strip_marker' };
}
