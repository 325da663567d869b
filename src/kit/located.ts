// Parses YAML or JSON (JSON is YAML) into plain values and remembers, for every object and array,
// the 1-based lines of its keys and items, so mappers can point at the exact line of a property.
// Used by every format that reads JSON or YAML with lines (CloudFormation, ARM).
import { type Document, isAlias, isMap, isScalar, isSeq, LineCounter, type Node, parseDocument, type Tags } from 'yaml';

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

export type ParseOutcome =
  | { ok: true; value: unknown; positions: PositionIndex }
  | { ok: false; message: string; line?: number };

/** Turns a tagged node (e.g. `!Ref x`) into its long form; undefined leaves the node as is. */
export type TagExpander = (tag: string, value: unknown) => Record<string, unknown> | undefined;

export interface ParseOptions {
  customTags?: Tags;
  expandTag?: TagExpander;
}

export function parseLocated(content: string, options: ParseOptions = {}): ParseOutcome {
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
    return { ok: false, message: firstLine(error.message), line };
  }
  const positions: PositionIndex = new WeakMap();
  const lineAt = (offset: number | undefined): number => (offset === undefined ? 0 : lineCounter.linePos(offset).line);
  const seen = new Set<Node>();

  const walk = (node: unknown): unknown => {
    if (node === null || node === undefined) return null;
    if (isAlias(node)) {
      const target = node.resolve(doc);
      if (!target || seen.has(target)) return null;
      seen.add(target);
      const value = walk(target);
      seen.delete(target);
      return value;
    }
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
        out[key] = walk(pair.value);
        keys[key] = lineAt((pair.key as Node).range?.[0]);
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

  return { ok: true, value: walk(doc.contents), positions };
}

function firstLine(message: string): string {
  return message.split('\n')[0] ?? message;
}
