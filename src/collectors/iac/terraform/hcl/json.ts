// Terraform's JSON syntax (`*.tf.json`, `*.tfvars.json`) -> the same syntax tree as native HCL,
// with the line of every block and attribute from the located JSON parser. Strings are templates:
// "${...}" holds an expression, which the real HCL parser reads. Without the provider's schema a
// nested block cannot be told from a map attribute, so it stays an object (or a list of objects),
// which the mappers read as blocks.
import type { Parser } from 'web-tree-sitter';
import { JsonSyntaxError, type PositionIndex, parseLocatedJson } from '../../../../kit/located.ts';
import { isUnknown } from '../../../../kit/unknown.ts';
import type { Gap } from '../../../../model/resource.ts';
import type { Attribute, Block, Body, Expr } from './ast.ts';
import { type ParseResult, parseHcl } from './parser.ts';

type Json = Record<string, unknown>;

/** Top-level keys whose value names blocks by one label (`"variable": {"name": {...}}`). */
const ONE_LABEL = new Set(['variable', 'output', 'module', 'provider']);
/** Top-level keys whose value names blocks by two labels (`"resource": {"type": {"name": {...}}}`). */
const TWO_LABELS = new Set(['resource', 'data']);

function isJsonObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && !isUnknown(value);
}

class JsonReader {
  constructor(
    private readonly parser: Parser,
    private readonly positions: PositionIndex,
    private readonly file: string,
    readonly gaps: Gap[],
  ) {}

  lineOf(container: object, key: string, fallback: number): number {
    return this.positions.get(container)?.keys[key] ?? fallback;
  }

  endOf(value: unknown, fallback: number): number {
    return isJsonObject(value) || Array.isArray(value) ? (this.positions.get(value)?.endLine ?? fallback) : fallback;
  }

  /** A configuration file's top level: blocks, and for tfvars plain attributes. */
  topLevel(root: Json, tfvars: boolean): Body {
    const body: Body = { attributes: [], blocks: [] };
    for (const [key, value] of Object.entries(root)) {
      const line = this.lineOf(root, key, 1);
      if (tfvars || key.startsWith('//')) {
        if (!key.startsWith('//')) body.attributes.push({ name: key, expr: this.expr(value, line), line });
        continue;
      }
      for (const item of Array.isArray(value) ? value : [value]) {
        if (!isJsonObject(item)) continue;
        if (key === 'locals') body.blocks.push(this.block('locals', [], item, line));
        else if (ONE_LABEL.has(key)) this.labelled(body, key, [], item, 1);
        else if (TWO_LABELS.has(key)) this.labelled(body, key, [], item, 2);
        else body.blocks.push(this.block(key, [], item, line));
      }
    }
    return body;
  }

  /** `{"label": {...}}` nested `depth` times, each leaf a block body (or a list of them). */
  private labelled(body: Body, type: string, labels: string[], value: Json, depth: number): void {
    for (const [label, inner] of Object.entries(value)) {
      const line = this.lineOf(value, label, 1);
      for (const item of Array.isArray(inner) ? inner : [inner]) {
        if (!isJsonObject(item)) continue;
        if (depth > 1) this.labelled(body, type, [...labels, label], item, depth - 1);
        else body.blocks.push(this.block(type, [...labels, label], item, line));
      }
    }
  }

  private block(type: string, labels: string[], value: Json, line: number): Block {
    const attributes: Attribute[] = [];
    for (const [name, inner] of Object.entries(value)) {
      if (name.startsWith('//')) continue; // a comment, as Terraform's JSON syntax defines it
      const at = this.lineOf(value, name, line);
      attributes.push({ name, expr: this.expr(inner, at), line: at });
    }
    return { type, labels, body: { attributes, blocks: [] }, line, endLine: this.endOf(value, line) };
  }

  private expr(value: unknown, line: number): Expr {
    // The located parser's unknown (a number out of range): an expression Terraform would not know either.
    if (isUnknown(value)) return { t: 'invalid', text: 'a value out of range' };
    if (typeof value === 'string') return this.template(value, line);
    if (value === null || typeof value === 'number' || typeof value === 'boolean') return { t: 'literal', value };
    if (Array.isArray(value)) return { t: 'tuple', items: value.map((item) => this.expr(item, line)) };
    if (isJsonObject(value))
      return {
        t: 'object',
        items: Object.entries(value)
          .filter(([key]) => !key.startsWith('//'))
          .map(([key, inner]) => ({
            key: { t: 'literal', value: key },
            value: this.expr(inner, this.lineOf(value, key, line)),
          })),
      };
    return { t: 'invalid', text: 'a value that is not JSON' };
  }

  /** A JSON string is an HCL template; one that is only "${expr}" is that expression's value. */
  private template(text: string, line: number): Expr {
    if (!text.includes('${') && !text.includes('%{')) return { t: 'literal', value: text };
    const parsed = parseHcl(this.parser, `v = ${hclQuoted(text)}\n`, this.file);
    const expr = parsed.ok ? parsed.body.attributes[0]?.expr : undefined;
    if (!expr) {
      this.gaps.push({
        reason: 'parse-error',
        file: this.file,
        line,
        message: `${this.file}:${line}: a string holds a template that is not valid; its value is left unknown`,
      });
      return { t: 'invalid', text: 'template' };
    }
    if (expr.t === 'template' && expr.parts.length === 1) {
      const [only] = expr.parts;
      if (typeof only === 'object' && only.kind === 'interp') return only.expr;
    }
    return expr;
  }
}

/** The text as an HCL quoted string, template sequences kept. */
function hclQuoted(text: string): string {
  let out = '"';
  for (const ch of text) {
    const code = ch.codePointAt(0) ?? 0;
    if (ch === '"' || ch === '\\') out += `\\${ch}`;
    else if (ch === '\n') out += '\\n';
    else if (ch === '\r') out += '\\r';
    else if (ch === '\t') out += '\\t';
    else if (code < 0x20) out += `\\u${code.toString(16).padStart(4, '0')}`;
    else out += ch;
  }
  return `${out}"`;
}

/** Parses a `.tf.json` or `.tfvars.json` file; a JSON syntax error becomes a parse-error gap with line and column. */
export function parseTerraformJson(parser: Parser, text: string, file: string): ParseResult {
  let parsed: ReturnType<typeof parseLocatedJson>;
  try {
    parsed = parseLocatedJson(text);
  } catch (error) {
    if (!(error instanceof JsonSyntaxError)) throw error;
    return {
      ok: false,
      gap: {
        reason: 'parse-error',
        file,
        line: error.line,
        message: `${file}:${error.line}:${error.column}: ${error.message}`,
      },
    };
  }
  if (!isJsonObject(parsed.value))
    return {
      ok: false,
      gap: { reason: 'parse-error', file, line: 1, message: `${file}:1: Terraform JSON must be an object at the top` },
    };
  const reader = new JsonReader(parser, parsed.positions, file, []);
  const body = reader.topLevel(parsed.value, /\.tfvars\.json$/i.test(file));
  const gaps = [
    ...reader.gaps,
    ...parsed.issues.map(
      (issue): Gap => ({
        reason: 'limit-exceeded',
        file,
        line: issue.line,
        message: `${file}:${issue.line}: ${issue.message}`,
      }),
    ),
  ];
  return { ok: true, body, gaps };
}
