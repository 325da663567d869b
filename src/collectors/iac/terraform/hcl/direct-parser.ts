// Parses HCL text straight into the syntax tree of ./ast.ts, several times faster than parsing with
// tree-sitter (wasm) and converting its tree. It reads the grammar the tree-sitter path reads
// (tree-sitter-hcl 1.2: newlines are whitespace, identifiers may hold `-` and `::`) and builds what
// ./convert.ts builds from it. It only reads what it can read exactly that way: on a syntax error,
// a construct it does not know, a comment where the converter would take it for a name, or nesting
// that approaches MAX_NESTING_DEPTH, it gives up and the caller parses the file with tree-sitter,
// which names the error. test/collectors/iac/terraform/hcl/direct-parser.test.ts compares the two
// on every HCL file of the fixtures and on malformed input.
import { MAX_NESTING_DEPTH } from '../../../../kit/limits.ts';
import { isOutOfRange } from '../../../../kit/located.ts';
import { type CommentLine, hclCommentLines } from '../../../../kit/suppressions.ts';
import type { Attribute, Block, Body, Expr, Step, TemplatePart } from './ast.ts';
import type { NumberIssue } from './convert.ts';
import {
  type Decode,
  heredocDecode,
  invalid,
  joinParts,
  type PlacedPart,
  simplify,
  unescapeQuoted,
} from './template-text.ts';

export interface DirectParse {
  body: Body;
  comments: CommentLine[];
  issues: NumberIssue[];
}

/** The file's tree, comments and out-of-range numbers; undefined where tree-sitter must read it. */
export function parseDirect(text: string): DirectParse | undefined {
  try {
    const parser = new DirectParser(text);
    const body = parser.file();
    return { body, comments: parser.comments, issues: parser.issues };
  } catch {
    // GIVE_UP, or anything unforeseen (a stack overflow): the tree-sitter path decides.
    return undefined;
  }
}

const GIVE_UP = Symbol('give up');

/**
 * An upper bound on the depth tree-sitter's tree reaches, counted as the parse descends: a nested
 * expression costs at most 6 tree-sitter levels (an object value: expression, collection_value,
 * object, object_elem), counted as 8; a block 2, counted as 3; a binary operator 2. Past
 * LEVEL_LIMIT the file is left to tree-sitter, whose depth check gives the limit's gap.
 */
const EXPRESSION_LEVELS = 8;
const BLOCK_LEVELS = 3;
const OPERATOR_LEVELS = 2;
const LEVEL_LIMIT = MAX_NESTING_DEPTH - 100;

const PRECEDENCE: Record<string, number> = {
  '||': 1,
  '&&': 2,
  '==': 3,
  '!=': 3,
  '>': 4,
  '>=': 4,
  '<': 4,
  '<=': 4,
  '+': 5,
  '-': 5,
  '*': 6,
  '/': 6,
  '%': 6,
};

enum C {
  Tab = 9,
  Newline = 10,
  Return = 13,
  Space = 32,
  Bang = 33,
  Quote = 34,
  Hash = 35,
  Dollar = 36,
  Percent = 37,
  Amp = 38,
  LParen = 40,
  RParen = 41,
  Star = 42,
  Plus = 43,
  Comma = 44,
  Minus = 45,
  Dot = 46,
  Slash = 47,
  Zero = 48,
  Nine = 57,
  Colon = 58,
  Less = 60,
  Equals = 61,
  Greater = 62,
  Question = 63,
  UpperA = 65,
  UpperE = 69,
  UpperZ = 90,
  LBracket = 91,
  Backslash = 92,
  RBracket = 93,
  Underscore = 95,
  LowerA = 97,
  LowerE = 101,
  LowerZ = 122,
  LBrace = 123,
  Pipe = 124,
  RBrace = 125,
  Tilde = 126,
}

function isDigit(c: number): boolean {
  return c >= C.Zero && c <= C.Nine;
}

function isLetter(c: number): boolean {
  return (c >= C.LowerA && c <= C.LowerZ) || (c >= C.UpperA && c <= C.UpperZ);
}

function isHex(c: number): boolean {
  return isDigit(c) || (c >= C.LowerA && c <= 102) || (c >= C.UpperA && c <= 70);
}

/** A directive's delimiters as the template's text needs them. */
interface DirectiveMark {
  start: number;
  end: number;
  stripLeft: boolean;
  stripRight: boolean;
}

/** An interpolation or directive found in a template, before its literal text can be decoded. */
type RawItem =
  | { kind: 'interp'; start: number; end: number; expr: Expr; stripLeft: boolean; stripRight: boolean }
  | {
      kind: 'if';
      cond: Expr;
      intro: DirectiveMark;
      whenTrue: RawItem[];
      /** `else` or, without one, `endif`: where the then-branch ends. */
      thenEnd: DirectiveMark;
      orElse?: { intro: DirectiveMark; items: RawItem[] };
      close: DirectiveMark;
    }
  | {
      kind: 'for';
      keyVar?: string;
      valueVar: string;
      collection: Expr;
      intro: DirectiveMark;
      body: RawItem[];
      close: DirectiveMark;
    };

class DirectParser {
  readonly comments: CommentLine[] = [];
  readonly issues: NumberIssue[] = [];
  private pos = 0;
  private level = 2;
  /** Comments are recorded once, however often the text before them is skipped. */
  private commentsUpTo = 0;
  private lineFrom = 0;
  private lineOfFrom = 1;

  constructor(private readonly text: string) {}

  file(): Body {
    this.skip();
    // A file that is one object (JSON-like .tfvars) has no body; the tree-sitter path reads it.
    if (this.code() === C.LBrace) throw GIVE_UP;
    const body = this.body(false);
    if (this.pos < this.text.length) throw GIVE_UP;
    return body;
  }

  private code(at = this.pos): number {
    return this.text.charCodeAt(at);
  }

  private lineAt(pos: number): number {
    if (pos < this.lineFrom) {
      this.lineFrom = 0;
      this.lineOfFrom = 1;
    }
    let line = this.lineOfFrom;
    for (let i = this.text.indexOf('\n', this.lineFrom); i !== -1 && i < pos; i = this.text.indexOf('\n', i + 1))
      line++;
    this.lineFrom = pos;
    this.lineOfFrom = line;
    return line;
  }

  private enter(levels: number): void {
    this.level += levels;
    if (this.level > LEVEL_LIMIT) throw GIVE_UP;
  }

  /** Whitespace and comments; any other space character (a BOM, a form feed) is left to tree-sitter. */
  private skip(): void {
    const text = this.text;
    for (;;) {
      const c = text.charCodeAt(this.pos);
      if (c === C.Space || c === C.Newline || c === C.Tab || c === C.Return) {
        this.pos++;
        continue;
      }
      let end: number;
      if (c === C.Hash || (c === C.Slash && text.charCodeAt(this.pos + 1) === C.Slash)) {
        end = text.indexOf('\n', this.pos);
        if (end === -1) end = text.length;
      } else if (c === C.Slash && text.charCodeAt(this.pos + 1) === C.Star) {
        const close = text.indexOf('*/', this.pos + 2);
        if (close === -1) throw GIVE_UP;
        end = close + 2;
      } else {
        if (c > 127 || c === 11 || c === 12) throw GIVE_UP;
        return;
      }
      if (this.pos >= this.commentsUpTo) {
        this.comments.push(...hclCommentLines(text.slice(this.pos, end), this.lineAt(this.pos)));
        this.commentsUpTo = end;
      }
      this.pos = end;
    }
  }

  /** The end of the identifier starting at `at`, or -1. */
  private identifierEnd(at: number): number {
    const text = this.text;
    const first = text.charCodeAt(at);
    if (first > 127) throw GIVE_UP;
    if (!isLetter(first) && first !== C.Underscore) return -1;
    let i = at + 1;
    for (;;) {
      const c = text.charCodeAt(i);
      if (isLetter(c) || isDigit(c) || c === C.Underscore || c === C.Minus) i++;
      else if (c === C.Colon && text.charCodeAt(i + 1) === C.Colon) i += 2;
      else if (c > 127) throw GIVE_UP;
      else return i;
    }
  }

  private identifier(): string {
    const end = this.identifierEnd(this.pos);
    if (end === -1) throw GIVE_UP;
    const name = this.text.slice(this.pos, end);
    this.pos = end;
    return name;
  }

  /** Whether the keyword stands at the position (not the start of a longer name). */
  private atKeyword(word: string): boolean {
    return this.text.startsWith(word, this.pos) && this.identifierEnd(this.pos) === this.pos + word.length;
  }

  private expect(c: number): void {
    this.skip();
    if (this.code() !== c) throw GIVE_UP;
    this.pos++;
  }

  private body(nested: boolean): Body {
    const attributes: Attribute[] = [];
    const blocks: Block[] = [];
    for (;;) {
      this.skip();
      if (this.pos >= this.text.length) {
        if (nested) throw GIVE_UP;
        break;
      }
      if (this.code() === C.RBrace) {
        if (!nested) throw GIVE_UP;
        break;
      }
      const start = this.pos;
      const name = this.identifier();
      const line = this.lineAt(start);
      this.skip();
      const c = this.code();
      if (c === C.Equals) {
        const next = this.code(this.pos + 1);
        if (next === C.Equals || next === C.Greater) throw GIVE_UP;
        this.pos++;
        attributes.push({ name, expr: this.expression(), line });
      } else {
        blocks.push(this.block(name, line));
      }
    }
    return { attributes, blocks };
  }

  private block(type: string, line: number): Block {
    const labels: string[] = [];
    for (;;) {
      this.skip();
      const c = this.code();
      if (c === C.Quote) labels.push(this.label());
      else if (c === C.LBrace) break;
      else labels.push(this.identifier());
    }
    this.pos++;
    this.enter(BLOCK_LEVELS);
    const body = this.body(true);
    this.level -= BLOCK_LEVELS;
    const endLine = this.lineAt(this.pos);
    this.pos++;
    return { type, labels, body, line, endLine };
  }

  /** A quoted block label: plain text only (tree-sitter reads `${` in a label as text; it decides). */
  private label(): string {
    const from = this.pos + 1;
    const to = this.quotedEnd(from, true);
    this.pos = to + 1;
    return unescapeQuoted(this.text.slice(from, to));
  }

  /**
   * The closing quote of a quoted string whose text starts at `from`, checking escapes as
   * tree-sitter's scanner does. With `plain`, an interpolation or directive gives up.
   */
  private quotedEnd(from: number, plain: boolean): number {
    const text = this.text;
    let i = from;
    for (;;) {
      const c = text.charCodeAt(i);
      if (c === C.Quote) return i;
      if (Number.isNaN(c) || c === C.Newline || c === C.Return) throw GIVE_UP;
      if (c === C.Backslash) {
        i += this.escapeLength(i);
        continue;
      }
      if (plain && (c === C.Dollar || c === C.Percent) && text.charCodeAt(i + 1) === C.LBrace) throw GIVE_UP;
      i++;
    }
  }

  private escapeLength(at: number): number {
    const c = this.code(at + 1);
    if (c === C.Quote || c === C.Backslash || c === 110 || c === 114 || c === 116) return 2;
    const digits = c === 117 ? 4 : c === 85 ? 8 : 0;
    if (digits === 0) throw GIVE_UP;
    for (let k = 0; k < digits; k++) if (!isHex(this.code(at + 2 + k))) throw GIVE_UP;
    return 2 + digits;
  }

  expression(): Expr {
    this.enter(EXPRESSION_LEVELS);
    const cond = this.binary(1);
    this.skip();
    let expr = cond;
    if (this.code() === C.Question) {
      this.pos++;
      const whenTrue = this.expression();
      this.skip();
      if (this.code() !== C.Colon || this.code(this.pos + 1) === C.Colon) throw GIVE_UP;
      this.pos++;
      // Right to left, as HCL reads `a ? b : c ? d : e` (the converter rebuilds it so too).
      const whenFalse = this.expression();
      expr = { t: 'conditional', cond, whenTrue, whenFalse };
    }
    this.level -= EXPRESSION_LEVELS;
    return expr;
  }

  /** Binary operators at or above `min` precedence, left-associative. */
  private binary(min: number): Expr {
    let left = this.unary();
    let entered = 0;
    for (;;) {
      this.skip();
      const op = this.operator();
      if (op === undefined) break;
      const precedence = PRECEDENCE[op] as number;
      if (precedence < min) break;
      this.pos += op.length;
      this.enter(OPERATOR_LEVELS);
      entered += OPERATOR_LEVELS;
      const right = this.binary(precedence + 1);
      left = { t: 'binary', op, left, right };
    }
    this.level -= entered;
    return left;
  }

  private operator(): string | undefined {
    const c = this.code();
    const next = this.code(this.pos + 1);
    switch (c) {
      case C.Star:
        return '*';
      case C.Slash:
        return '/';
      case C.Percent:
        if (next === C.LBrace) throw GIVE_UP;
        return '%';
      case C.Plus:
        return '+';
      case C.Minus:
        return '-';
      case C.Greater:
        return next === C.Equals ? '>=' : '>';
      case C.Less:
        if (next === C.Less) throw GIVE_UP;
        return next === C.Equals ? '<=' : '<';
      case C.Equals:
        return next === C.Equals ? '==' : undefined;
      case C.Bang:
        if (next !== C.Equals) throw GIVE_UP;
        return '!=';
      case C.Amp:
        if (next !== C.Amp) throw GIVE_UP;
        return '&&';
      case C.Pipe:
        if (next !== C.Pipe) throw GIVE_UP;
        return '||';
      default:
        return undefined;
    }
  }

  private unary(): Expr {
    this.skip();
    const c = this.code();
    if (c === C.Minus || (c === C.Bang && this.code(this.pos + 1) !== C.Equals)) {
      this.pos++;
      this.enter(EXPRESSION_LEVELS);
      const arg = this.unary();
      this.level -= EXPRESSION_LEVELS;
      return { t: 'unary', op: c === C.Minus ? '-' : '!', arg };
    }
    return this.postfix(this.primary());
  }

  private primary(): Expr {
    this.skip();
    const c = this.code();
    if (c === C.Quote) return this.quoted();
    if (c === C.Less && this.code(this.pos + 1) === C.Less) return this.heredoc();
    if (isDigit(c)) return this.number();
    if (c === C.LBracket) return this.tuple();
    if (c === C.LBrace) return this.object();
    if (c === C.LParen) {
      this.pos++;
      const inner = this.expression();
      this.expect(C.RParen);
      return inner;
    }
    const name = this.identifier();
    if (name === 'true' || name === 'false') return { t: 'literal', value: name === 'true' };
    if (name === 'null') return { t: 'literal', value: null };
    this.skip();
    if (this.code() === C.LParen) return this.call(name);
    return { t: 'variable', name };
  }

  private number(): Expr {
    const text = this.text;
    const start = this.pos;
    let i = start;
    while (isDigit(text.charCodeAt(i))) i++;
    if (text.charCodeAt(i) === C.Dot && isDigit(text.charCodeAt(i + 1))) {
      i++;
      while (isDigit(text.charCodeAt(i))) i++;
      const e = text.charCodeAt(i);
      if (e === C.LowerE || e === C.UpperE) {
        let j = i + 1;
        const sign = text.charCodeAt(j);
        if (sign === C.Plus || sign === C.Minus) j++;
        if (isDigit(text.charCodeAt(j))) {
          while (isDigit(text.charCodeAt(j))) j++;
          i = j;
        }
      }
    }
    // `1e5`, `0x1f`: not read alike by tree-sitter's grammar and HCL; tree-sitter decides.
    const after = text.charCodeAt(i);
    if (isLetter(after) || after === C.Underscore || after > 127) throw GIVE_UP;
    this.pos = i;
    const source = text.slice(start, i);
    const value = Number(source);
    if (!isOutOfRange(value, source)) return { t: 'literal', value };
    this.issues.push({ line: this.lineAt(start), text: source });
    return invalid(source);
  }

  /** `.name`, `.0`, `[key]` and splats after a term; a splat takes the steps that follow it. */
  private postfix(base: Expr): Expr {
    let expr = base;
    for (;;) {
      this.skip();
      const c = this.code();
      if (c === C.Dot && this.code(this.pos + 1) === C.Star) {
        this.pos += 2;
        expr = { t: 'splat', base: expr, steps: this.splatSteps() };
        continue;
      }
      if (c === C.LBracket && this.code(this.pos + 1) === C.Star && this.code(this.pos + 2) === C.RBracket) {
        this.pos += 3;
        expr = { t: 'splat', base: expr, steps: this.splatSteps() };
        continue;
      }
      const step = this.step();
      if (!step) return expr;
      expr = { t: 'step', base: expr, step };
    }
  }

  private splatSteps(): Step[] {
    const steps: Step[] = [];
    for (;;) {
      this.skip();
      const c = this.code();
      if (c === C.Dot && this.code(this.pos + 1) === C.Star) return steps;
      if (c === C.LBracket && this.code(this.pos + 1) === C.Star) return steps;
      const step = this.step();
      if (!step) return steps;
      steps.push(step);
    }
  }

  /** One `.name`, `.0` or `[key]` at the position, or undefined (nothing consumed). */
  private step(): Step | undefined {
    const c = this.code();
    if (c === C.LBracket) {
      this.pos++;
      const key = this.expression();
      this.expect(C.RBracket);
      return { kind: 'index', key };
    }
    if (c !== C.Dot) return undefined;
    const dot = this.pos;
    this.pos++;
    const commentsBefore = this.comments.length;
    this.skip();
    // The converter would take a comment between `.` and the name for the name.
    if (this.comments.length !== commentsBefore) throw GIVE_UP;
    const next = this.code();
    if (isDigit(next)) {
      const start = this.pos;
      while (isDigit(this.code())) this.pos++;
      return { kind: 'index', key: { t: 'literal', value: Number(this.text.slice(start, this.pos)) } };
    }
    if (this.identifierEnd(this.pos) !== -1) return { kind: 'attr', name: this.identifier() };
    this.pos = dot;
    return undefined;
  }

  private call(name: string): Expr {
    this.pos++;
    const args: Expr[] = [];
    let expandLast = false;
    this.skip();
    if (this.code() === C.RParen) {
      this.pos++;
      return { t: 'call', name, args, expandLast };
    }
    for (;;) {
      args.push(this.expression());
      this.skip();
      const c = this.code();
      if (c === C.Comma) {
        this.pos++;
        this.skip();
        if (this.code() === C.RParen) break;
        continue;
      }
      if (c === C.Dot && this.text.startsWith('...', this.pos)) {
        this.pos += 3;
        expandLast = true;
        this.skip();
        if (this.code() !== C.RParen) throw GIVE_UP;
        break;
      }
      if (c === C.RParen) break;
      throw GIVE_UP;
    }
    this.pos++;
    return { t: 'call', name, args, expandLast };
  }

  private tuple(): Expr {
    this.pos++;
    this.skip();
    if (this.atKeyword('for')) return this.forExpr(false);
    const items: Expr[] = [];
    for (;;) {
      this.skip();
      if (this.code() === C.RBracket) break;
      items.push(this.expression());
      this.skip();
      const c = this.code();
      if (c === C.Comma) this.pos++;
      else if (c !== C.RBracket) throw GIVE_UP;
    }
    this.pos++;
    return { t: 'tuple', items };
  }

  private object(): Expr {
    this.pos++;
    this.skip();
    if (this.atKeyword('for')) return this.forExpr(true);
    const items: { key: Expr; value: Expr }[] = [];
    for (;;) {
      this.skip();
      if (this.code() === C.RBrace) break;
      const keyStart = this.pos;
      let key = this.expression();
      // A bare name as a key is the key's text; `(name)` is the variable's value.
      if (key.t === 'variable' && this.code(keyStart) !== C.LParen) key = { t: 'literal', value: key.name };
      this.skip();
      const c = this.code();
      const next = this.code(this.pos + 1);
      if (c === C.Equals ? next === C.Equals || next === C.Greater : c !== C.Colon || next === C.Colon) throw GIVE_UP;
      this.pos++;
      items.push({ key, value: this.expression() });
      this.skip();
      if (this.code() === C.Comma) this.pos++;
    }
    this.pos++;
    return { t: 'object', items };
  }

  /** `[for k, v in c : value if cond]` or `{for k, v in c : key => value... if cond}`, after the bracket. */
  private forExpr(isObject: boolean): Expr {
    this.pos += 3;
    const names = this.forNames();
    const collection = this.expression();
    this.skip();
    if (this.code() !== C.Colon || this.code(this.pos + 1) === C.Colon) throw GIVE_UP;
    this.pos++;
    let key: Expr | undefined;
    if (isObject) {
      key = this.expression();
      this.skip();
      if (!this.text.startsWith('=>', this.pos)) throw GIVE_UP;
      this.pos += 2;
    }
    const value = this.expression();
    this.skip();
    let group = false;
    if (isObject && this.text.startsWith('...', this.pos)) {
      this.pos += 3;
      group = true;
      this.skip();
    }
    let cond: Expr | undefined;
    if (this.atKeyword('if')) {
      this.pos += 2;
      cond = this.expression();
    }
    this.expect(isObject ? C.RBrace : C.RBracket);
    return {
      t: 'for',
      ...(names.keyVar !== undefined ? { keyVar: names.keyVar } : {}),
      valueVar: names.valueVar,
      collection,
      ...(key ? { key } : {}),
      value,
      ...(cond ? { cond } : {}),
      group,
    };
  }

  /** `k, v in` or `v in` after `for`. */
  private forNames(): { keyVar?: string; valueVar: string } {
    this.skip();
    const first = this.identifier();
    this.skip();
    let second: string | undefined;
    if (this.code() === C.Comma) {
      this.pos++;
      this.skip();
      second = this.identifier();
      this.skip();
    }
    if (!this.atKeyword('in')) throw GIVE_UP;
    this.pos += 2;
    return second === undefined ? { valueVar: first } : { keyVar: first, valueVar: second };
  }

  private quoted(): Expr {
    const from = this.pos + 1;
    this.pos = from;
    const { items } = this.templateItems(undefined, undefined);
    const to = this.pos;
    this.pos++;
    // Most strings hold no interpolation or directive: their literal is the decoded text, what
    // joinParts and simplify give for them, without the lists they build (30,000 on the bench repo).
    if (items.length === 0) return { t: 'literal', value: to > from ? unescapeQuoted(this.text.slice(from, to)) : '' };
    return simplify(joinParts(this.text, from, to, this.placed(items, unescapeQuoted), unescapeQuoted));
  }

  private heredoc(): Expr {
    const text = this.text;
    this.pos += 2;
    const flush = this.code() === C.Minus;
    if (flush) this.pos++;
    const idStart = this.pos;
    for (;;) {
      const c = this.code();
      if (isLetter(c) || isDigit(c) || c === C.Underscore || c === C.Minus) this.pos++;
      else if (c > 127) throw GIVE_UP;
      else break;
    }
    const marker = text.slice(idStart, this.pos);
    if (marker === '') throw GIVE_UP;
    // Only spaces may follow the marker on its line (tree-sitter would read more as text).
    while (this.code() === C.Space || this.code() === C.Tab || this.code() === C.Return) this.pos++;
    if (this.code() !== C.Newline) throw GIVE_UP;
    this.pos++;
    const from = this.pos;
    const { items, closingLine } = this.templateItems(marker, undefined);
    const to = closingLine as number;
    const decode = heredocDecode(text, from, to, flush);
    return simplify(joinParts(text, from, to, this.placed(items, decode), decode));
  }

  /**
   * The interpolations and directives of a template from the position: a quoted string (no marker)
   * up to its closing quote, a heredoc up to the line holding only its marker. Inside a directive's
   * body (`closers`), up to the directive that closes it, returned as `closer`.
   */
  private templateItems(
    marker: string | undefined,
    closers: readonly string[] | undefined,
  ): { items: RawItem[]; closer?: { word: string; mark: DirectiveMark }; closingLine?: number } {
    const text = this.text;
    const items: RawItem[] = [];
    let lineStart = marker !== undefined;
    for (;;) {
      if (lineStart && marker !== undefined) {
        const closing = this.closingLine(marker);
        if (closing !== undefined) {
          if (closers) throw GIVE_UP;
          return { items, closingLine: closing };
        }
      }
      lineStart = false;
      const c = text.charCodeAt(this.pos);
      if (Number.isNaN(c)) throw GIVE_UP;
      if (marker === undefined) {
        if (c === C.Quote) {
          if (closers) throw GIVE_UP;
          return { items };
        }
        if (c === C.Newline || c === C.Return) throw GIVE_UP;
        if (c === C.Backslash) {
          this.pos += this.escapeLength(this.pos);
          continue;
        }
      } else if (c === C.Newline) {
        this.pos++;
        lineStart = true;
        continue;
      }
      const next = text.charCodeAt(this.pos + 1);
      if ((c === C.Dollar || c === C.Percent) && next === c && text.charCodeAt(this.pos + 2) === C.LBrace) {
        this.pos += 3;
        continue;
      }
      if (c === C.Dollar && next === C.LBrace) {
        items.push(this.interpolation());
        continue;
      }
      if (c === C.Percent && next === C.LBrace) {
        const start = this.pos;
        const head = this.directiveHead();
        if (head.word === 'if' || head.word === 'for') {
          items.push(this.directive(head, start, marker));
          continue;
        }
        if (!closers?.includes(head.word)) throw GIVE_UP;
        return { items, closer: { word: head.word, mark: { start, end: this.pos, ...head.strip } } };
      }
      this.pos++;
    }
  }

  /** At the start of a heredoc line: the line's start if it holds only the marker (and spaces). */
  private closingLine(marker: string): number | undefined {
    const text = this.text;
    const start = this.pos;
    let i = start;
    while (text.charCodeAt(i) === C.Space || text.charCodeAt(i) === C.Tab || text.charCodeAt(i) === C.Return) i++;
    if (!text.startsWith(marker, i)) return undefined;
    let j = i + marker.length;
    while (text.charCodeAt(j) === C.Space || text.charCodeAt(j) === C.Tab || text.charCodeAt(j) === C.Return) j++;
    if (text.charCodeAt(j) !== C.Newline) return undefined;
    this.pos = i + marker.length;
    return start;
  }

  /** Past `${` or `%{` and its `~` strip marker, if any: whether there was one. */
  private openMarker(): boolean {
    this.pos += 2;
    this.skip();
    const strip = this.code() === C.Tilde;
    if (strip) this.pos++;
    this.skip();
    return strip;
  }

  /** Past a `~` strip marker, if any, and the closing `}`: whether there was a marker. */
  private closeMarker(): boolean {
    this.skip();
    const strip = this.code() === C.Tilde;
    if (strip) this.pos++;
    this.expect(C.RBrace);
    return strip;
  }

  private interpolation(): RawItem {
    const start = this.pos;
    const commentsBefore = this.comments.length;
    const stripLeft = this.openMarker();
    if (this.code() === C.RBrace || this.code() === C.Tilde) throw GIVE_UP;
    const expr = this.expression();
    const stripRight = this.closeMarker();
    // The converter reads strip markers by child position, which a comment would shift.
    if (this.comments.length !== commentsBefore) throw GIVE_UP;
    return { kind: 'interp', start, end: this.pos, expr, stripLeft, stripRight };
  }

  /** `%{ word ... }`: its keyword, and for `if`/`for` what the keyword introduces. */
  private directiveHead(): {
    word: string;
    strip: { stripLeft: boolean; stripRight: boolean };
    cond?: Expr;
    names?: { keyVar?: string; valueVar: string };
    collection?: Expr;
  } {
    const commentsBefore = this.comments.length;
    const stripLeft = this.openMarker();
    const word = this.identifier();
    let cond: Expr | undefined;
    let names: { keyVar?: string; valueVar: string } | undefined;
    let collection: Expr | undefined;
    if (word === 'if') cond = this.expression();
    else if (word === 'for') {
      names = this.forNames();
      collection = this.expression();
    } else if (word !== 'else' && word !== 'endif' && word !== 'endfor') throw GIVE_UP;
    const stripRight = this.closeMarker();
    if (this.comments.length !== commentsBefore) throw GIVE_UP;
    return { word, strip: { stripLeft, stripRight }, cond, names, collection };
  }

  private directive(
    head: ReturnType<DirectParser['directiveHead']>,
    start: number,
    marker: string | undefined,
  ): RawItem {
    const intro: DirectiveMark = { start, end: this.pos, ...head.strip };
    this.enter(EXPRESSION_LEVELS);
    let item: RawItem;
    if (head.word === 'if') {
      const first = this.templateItems(marker, ['else', 'endif']);
      let closer = first.closer as { word: string; mark: DirectiveMark };
      let orElse: { intro: DirectiveMark; items: RawItem[] } | undefined;
      const thenEnd = closer.mark;
      if (closer.word === 'else') {
        const second = this.templateItems(marker, ['endif']);
        orElse = { intro: closer.mark, items: second.items };
        closer = second.closer as { word: string; mark: DirectiveMark };
      }
      item = {
        kind: 'if',
        cond: head.cond as Expr,
        intro,
        whenTrue: first.items,
        thenEnd,
        ...(orElse ? { orElse } : {}),
        close: closer.mark,
      };
    } else {
      const body = this.templateItems(marker, ['endfor']);
      const names = head.names as { keyVar?: string; valueVar: string };
      item = {
        kind: 'for',
        ...(names.keyVar !== undefined ? { keyVar: names.keyVar } : {}),
        valueVar: names.valueVar,
        collection: head.collection as Expr,
        intro,
        body: body.items,
        close: (body.closer as { mark: DirectiveMark }).mark,
      };
    }
    this.level -= EXPRESSION_LEVELS;
    return item;
  }

  /** Raw items as the placed parts of the template, once the template's decoder is known. */
  private placed(items: RawItem[], decode: Decode): PlacedPart[] {
    return items.map((item) => this.place(item, decode));
  }

  private place(item: RawItem, decode: Decode): PlacedPart {
    const text = this.text;
    if (item.kind === 'interp') {
      const { start, end, expr, stripLeft, stripRight } = item;
      return { start, end, part: { kind: 'interp', expr }, stripLeft, stripRight };
    }
    const { intro, close } = item;
    let part: TemplatePart;
    if (item.kind === 'if') {
      const { thenEnd } = item;
      const whenTrue = joinParts(
        text,
        intro.end,
        thenEnd.start,
        this.placed(item.whenTrue, decode),
        decode,
        intro.stripRight,
        thenEnd.stripLeft,
      );
      const orElse = item.orElse;
      const whenFalse = orElse
        ? joinParts(
            text,
            orElse.intro.end,
            close.start,
            this.placed(orElse.items, decode),
            decode,
            orElse.intro.stripRight,
            close.stripLeft,
          )
        : [];
      part = { kind: 'if', cond: item.cond, whenTrue, whenFalse };
    } else {
      part = {
        kind: 'for',
        ...(item.keyVar !== undefined ? { keyVar: item.keyVar } : {}),
        valueVar: item.valueVar,
        collection: item.collection,
        body: joinParts(
          text,
          intro.end,
          close.start,
          this.placed(item.body, decode),
          decode,
          intro.stripRight,
          close.stripLeft,
        ),
      };
    }
    return { start: intro.start, end: close.end, part, stripLeft: intro.stripLeft, stripRight: close.stripRight };
  }
}
