// Parses JSON or YAML into plain values and remembers, for every object and array, the 1-based
// lines where it starts and ends and of its keys and items, so mappers can point at the exact line
// of a property. JSON goes through one small strict parser (fast on large plans); YAML, and JSON
// that parser refuses (a trailing comma, a duplicate key), through the yaml library, which
// accepts the same JSON it always did or reports its own precise error.
import { type Document, isAlias, isMap, isScalar, isSeq, LineCounter, type Node, parseDocument, type Tags } from 'yaml';
import type { Gap } from '../model/resource.ts';
import { MAX_YAML_ALIAS_NODES } from './limits.ts';
import { unknown } from './unknown.ts';

export interface Positions {
  /** Line where the object or array starts. */
  line: number;
  endLine: number;
  /** Line of each key of an object. */
  keys: Record<string, number>;
  /** Line of each item of an array. */
  items: number[];
}

export type PositionIndex = WeakMap<object, Positions>;

/** Something read but not kept: a number out of range, left unknown. A `limit-exceeded` gap for the caller. */
export interface ParseIssue {
  line: number;
  message: string;
}

export type ParseOutcome =
  | { ok: true; value: unknown; positions: PositionIndex; issues: ParseIssue[] }
  | { ok: false; message: string; line?: number; reason?: 'limit-exceeded' };

/**
 * A number JavaScript cannot hold: `1e400` (Infinity, written as null in JSON) or an integer above
 * 2^53 (silently rounded). The value becomes unknown, never a wrong number or null.
 */
export function isOutOfRange(value: number, text: string): boolean {
  return !Number.isFinite(value) || (/^[-+]?\d+$/.test(text.trim()) && !Number.isSafeInteger(value));
}

function outOfRangeIssue(line: number, text: string): ParseIssue {
  return {
    line,
    message: `line ${line}: the number ${text.trim().slice(0, 40)} is out of range; its value is left unknown`,
  };
}

class AliasLimitError extends Error {}

/** The gaps of what a parse read but did not keep (numbers out of range). */
export function issueGaps(file: string, issues: readonly ParseIssue[]): Gap[] {
  return issues.map((issue) => ({
    reason: 'limit-exceeded',
    file,
    line: issue.line,
    message: `${file}: ${issue.message}`,
  }));
}

/** Turns a tagged node (e.g. `!Ref x`) into its long form; undefined leaves the node as is. */
export type TagExpander = (tag: string, value: unknown) => Record<string, unknown> | undefined;

export interface ParseOptions {
  customTags?: Tags;
  expandTag?: TagExpander;
}

/** JSON (an object or array at the top) or YAML; a syntax error is an outcome, never thrown. */
export function parseLocated(content: string, options: ParseOptions = {}): ParseOutcome {
  if (/^\uFEFF?\s*[[{]/.test(content)) {
    try {
      return { ok: true, ...parseLocatedJson(content) };
    } catch (error) {
      if (!(error instanceof JsonSyntaxError)) throw error;
    }
  }
  return parseLocatedYaml(content, options);
}

function parseLocatedYaml(content: string, options: ParseOptions): ParseOutcome {
  const lineCounter = new LineCounter();
  let doc: Document.Parsed;
  try {
    doc = parseDocument(content, {
      lineCounter,
      uniqueKeys: true,
      prettyErrors: false,
      customTags: options.customTags,
    });
  } catch (error) {
    return { ok: false, message: (error as Error).message };
  }
  const error = doc.errors[0];
  if (error) {
    const line = error.linePos?.[0]?.line ?? lineCounter.linePos(error.pos[0]).line;
    return { ok: false, message: yamlErrorMessage(error), line };
  }
  const positions: PositionIndex = new WeakMap();
  const issues: ParseIssue[] = [];
  const lineAt = (offset: number | undefined): number => (offset === undefined ? 0 : lineCounter.linePos(offset).line);
  const seen = new Set<Node>();
  // Nodes produced by expanding aliases: an alias bomb (each level aliasing the one below many
  // times) grows exponentially, so the expansion stops at a budget.
  let aliasDepth = 0;
  let aliasNodes = 0;
  let aliasLine = 0;

  const walk = (node: unknown): unknown => {
    if (node === null || node === undefined) return null;
    if (isAlias(node)) {
      const target = node.resolve(doc);
      if (!target || seen.has(target)) return null;
      if (aliasDepth === 0) aliasLine = lineAt(node.range?.[0]);
      seen.add(target);
      aliasDepth++;
      const value = walk(target);
      aliasDepth--;
      seen.delete(target);
      return value;
    }
    if (aliasDepth > 0 && ++aliasNodes > MAX_YAML_ALIAS_NODES) throw new AliasLimitError();
    let value: unknown;
    const range = (node as Node).range;
    const line = lineAt(range?.[0]);
    const endLine = lineAt(range?.[1]);
    if (isMap(node)) {
      const out: Record<string, unknown> = {};
      const keys: Record<string, number> = {};
      for (const pair of node.items) {
        const key = isScalar(pair.key) ? String(pair.key.value) : undefined;
        if (key === undefined) continue;
        setOwn(out, key, walk(pair.value));
        setOwn(keys, key, lineAt((pair.key as Node).range?.[0]));
      }
      positions.set(out, { line, endLine, keys, items: [] });
      value = out;
    } else if (isSeq(node)) {
      const out: unknown[] = [];
      const items: number[] = [];
      for (const item of node.items) {
        out.push(walk(item));
        items.push(lineAt((item as Node | null)?.range?.[0]) || line);
      }
      positions.set(out, { line, endLine, keys: {}, items });
      value = out;
    } else if (isScalar(node)) {
      value = node.value ?? null;
      if (typeof value === 'number' && isOutOfRange(value, node.source ?? String(value))) {
        issues.push(outOfRangeIssue(line, node.source ?? String(value)));
        value = unknown();
      }
    } else {
      return null;
    }
    const tag = (node as Node).tag;
    if (tag && options.expandTag) {
      const expanded = options.expandTag(tag, value);
      if (expanded) {
        const keys: Record<string, number> = {};
        for (const key of Object.keys(expanded)) keys[key] = line;
        positions.set(expanded, { line, endLine, keys, items: [] });
        return expanded;
      }
    }
    return value;
  };

  try {
    return { ok: true, value: walk(doc.contents), positions, issues };
  } catch (error) {
    if (!(error instanceof AliasLimitError)) throw error;
    return {
      ok: false,
      reason: 'limit-exceeded',
      line: aliasLine,
      message: `YAML aliases from line ${aliasLine} expand to more than ${MAX_YAML_ALIAS_NODES} nodes (an alias bomb?); the file is not read`,
    };
  }
}

/**
 * The yaml library's message in one line, without the source text some of its messages quote
 * (`Unexpected ... token: "<text>"`, `...extra characters: <text>`): that text may be a secret.
 */
export function yamlErrorMessage(error: { message: string }): string {
  const first = error.message.split('\n')[0] ?? error.message;
  return first.replace(/: ".*$/, '').replace(/(extra characters):.*$/, '$1');
}

/**
 * Why JSON.parse refused a text, without the excerpt Node copies into its message
 * (`Unexpected token 'x', ..."password": x1y2"... is not valid JSON`); line and column come from
 * our own parser when it finds the same fault, whose messages quote at most one character.
 */
export function describeJsonError(text: string, error: Error): { line: number; column?: number; message: string } {
  try {
    parseLocatedJson(text);
  } catch (own) {
    if (own instanceof JsonSyntaxError && !own.message.startsWith('duplicate key')) {
      return { line: own.line, column: own.column, message: own.message };
    }
  }
  const message = error.message.replace(/,? *(?:\.\.\.)?".*"(?:\.\.\.)? is not valid JSON$/s, ' (not valid JSON)');
  const position = /position (\d+)/.exec(message);
  return { line: position ? text.slice(0, Number(position[1])).split('\n').length : 1, message };
}

export class JsonSyntaxError extends Error {
  constructor(
    message: string,
    readonly line: number,
    readonly column: number,
  ) {
    super(message);
  }
}

/** Strict JSON (duplicate keys refused) with positions; throws JsonSyntaxError with line and column. */
export function parseLocatedJson(text: string): { value: unknown; positions: PositionIndex; issues: ParseIssue[] } {
  const positions: PositionIndex = new WeakMap();
  const issues: ParseIssue[] = [];
  let pos = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  let line = 1;
  let lineStart = 0;

  const fail = (message: string): never => {
    throw new JsonSyntaxError(message, line, pos - lineStart + 1);
  };
  const found = (): string => (pos >= text.length ? 'end of input' : `'${text[pos]}'`);
  const skipSpace = () => {
    for (; pos < text.length; pos++) {
      const c = text.charCodeAt(pos);
      if (c === 10) {
        line++;
        lineStart = pos + 1;
      } else if (c !== 32 && c !== 9 && c !== 13) break;
    }
  };
  const expect = (ch: string) => {
    skipSpace();
    if (text[pos] !== ch) fail(`expected '${ch}' but found ${found()}`);
    pos++;
  };
  const string = (): string => {
    const start = pos;
    pos++;
    let escaped = false;
    for (; pos < text.length; pos++) {
      const c = text.charCodeAt(pos);
      if (c === 34) break;
      if (c === 92) {
        escaped = true;
        pos++;
      } else if (c < 32) {
        fail('control character or line break inside a string');
      }
    }
    if (pos >= text.length) fail('unterminated string');
    pos++;
    const raw = text.slice(start, pos);
    if (!escaped) return raw.slice(1, -1);
    try {
      return JSON.parse(raw) as string;
    } catch {
      pos = start;
      return fail('invalid escape sequence in string');
    }
  };
  const value = (): unknown => {
    skipSpace();
    const c = text[pos];
    const startLine = line;
    if (c === '{') {
      const obj: Record<string, unknown> = {};
      const keys: Record<string, number> = {};
      pos++;
      skipSpace();
      if (text[pos] !== '}') {
        for (;;) {
          skipSpace();
          if (text[pos] !== '"') fail(`expected a property name but found ${found()}`);
          const keyLine = line;
          const key = string();
          if (Object.hasOwn(keys, key)) fail(`duplicate key "${key}"`);
          setOwn(keys, key, keyLine);
          expect(':');
          setOwn(obj, key, value());
          skipSpace();
          if (text[pos] === ',') pos++;
          else if (text[pos] === '}') break;
          else fail(`expected ',' or '}' but found ${found()}`);
        }
      }
      pos++;
      positions.set(obj, { line: startLine, endLine: line, keys, items: [] });
      return obj;
    }
    if (c === '[') {
      const arr: unknown[] = [];
      const items: number[] = [];
      pos++;
      skipSpace();
      if (text[pos] !== ']') {
        for (;;) {
          skipSpace();
          items.push(line);
          arr.push(value());
          skipSpace();
          if (text[pos] === ',') pos++;
          else if (text[pos] === ']') break;
          else fail(`expected ',' or ']' but found ${found()}`);
        }
      }
      pos++;
      positions.set(arr, { line: startLine, endLine: line, keys: {}, items });
      return arr;
    }
    if (c === '"') return string();
    const literal = /^(?:true|false|null|-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?)/.exec(text.slice(pos, pos + 64));
    if (!literal) return fail(`unexpected ${found()}`);
    pos += literal[0].length;
    const word = literal[0];
    if (word === 'true' || word === 'false' || word === 'null')
      return word === 'true' ? true : word === 'false' ? false : null;
    const number = Number(word);
    if (!isOutOfRange(number, word)) return number;
    issues.push(outOfRangeIssue(line, word));
    return unknown();
  };

  const result = value();
  skipSpace();
  if (pos < text.length) fail(`unexpected ${found()} after the end of the document`);
  return { value: result, positions, issues };
}

/**
 * `obj[key] = value`, except that a key named `__proto__` becomes an ordinary own property (as
 * JSON.parse makes it) instead of replacing the object's prototype.
 */
function setOwn<T>(obj: Record<string, T>, key: string, value: T): void {
  Object.defineProperty(obj, key, { value, enumerable: true, writable: true, configurable: true });
}
