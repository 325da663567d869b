// Fn::ForEach (the AWS::LanguageExtensions transform): a loop in Resources that stamps out one
// resource per item of a collection. `Fn::ForEach::Name: [Identifier, Collection, {OutputKey: Value}]`;
// the identifier is written `${Id}` (the item), `&{Id}` (the item with non-alphanumerics removed,
// for logical ids) or `Ref: Id`. Loops nest. A collection the template alone cannot decide (a
// parameter without default, an import) leaves the loop unexpanded, as a gap.
import type { PositionIndex } from '../../../kit/located.ts';
import type { Gap } from '../../../model/resource.ts';

type Obj = Record<string, unknown>;

const LOOP = /^Fn::ForEach::/;

function isObj(value: unknown): value is Obj {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function hasForEach(resources: Obj): boolean {
  return Object.keys(resources).some((key) => LOOP.test(key));
}

interface Expansion {
  resources: Obj;
  /** Line of each logical id: its own key, or the loop's for expanded ones. */
  lines: Record<string, number>;
  gaps: Gap[];
}

/**
 * Resources with every decidable loop expanded. `collection` resolves a loop's collection (a list,
 * or a Ref to a list parameter) to its items, undefined when the template cannot tell.
 */
export function expandForEach(
  resources: Obj,
  positions: PositionIndex,
  file: string,
  collection: (value: unknown) => unknown[] | undefined,
): Expansion {
  const out: Expansion = { resources: {}, lines: {}, gaps: [] };
  const keyLines = positions.get(resources)?.keys ?? {};
  const expand = (entries: Obj, line: (key: string) => number, bindings: Map<string, string>) => {
    for (const [rawKey, definition] of Object.entries(entries)) {
      const key = substitute(rawKey, bindings, positions) as string;
      const at = line(rawKey);
      if (!LOOP.test(key)) {
        out.resources[key] = substitute(definition, bindings, positions);
        out.lines[key] = at;
        continue;
      }
      const loop = Array.isArray(definition) ? definition : [];
      const [identifier, items, template] = loop;
      if (loop.length !== 3 || typeof identifier !== 'string' || !isObj(template)) {
        out.gaps.push({
          reason: 'parse-error',
          file,
          line: at,
          message: `${key}: expected [Identifier, Collection, {OutputKey: OutputValue}]; not expanded`,
        });
        continue;
      }
      const values = collection(substitute(items, bindings, positions));
      if (values === undefined || !values.every((v) => typeof v === 'string' || typeof v === 'number')) {
        out.gaps.push({
          reason: 'unresolved-reference',
          file,
          line: at,
          message: `${key}: its collection is not known from the template alone; the resources it creates were not evaluated`,
        });
        continue;
      }
      for (const value of values) {
        const inner = new Map(bindings).set(identifier, String(value));
        expand(template, () => at, inner);
      }
    }
  };
  expand(resources, (key) => keyLines[key] ?? 1, new Map());
  return out;
}

/** The value with the loop identifiers replaced; copies keep the positions of what they copy. */
function substitute(value: unknown, bindings: Map<string, string>, positions: PositionIndex): unknown {
  if (bindings.size === 0) return value;
  if (typeof value === 'string') {
    return value.replace(/([$&])\{([^}!]+)\}/g, (whole, sigil: string, name: string) => {
      const bound = bindings.get(name);
      if (bound === undefined) return whole;
      return sigil === '&' ? bound.replace(/[^A-Za-z0-9]/g, '') : bound;
    });
  }
  if (Array.isArray(value)) {
    const out = value.map((item) => substitute(item, bindings, positions));
    copyPosition(value, out, positions);
    return out;
  }
  if (!isObj(value)) return value;
  const keys = Object.keys(value);
  if (keys.length === 1 && keys[0] === 'Ref' && typeof value.Ref === 'string' && bindings.has(value.Ref)) {
    return bindings.get(value.Ref);
  }
  const out: Obj = {};
  const position = positions.get(value);
  const keyLines: Record<string, number> = {};
  for (const [key, item] of Object.entries(value)) {
    const newKey = substitute(key, bindings, positions) as string;
    out[newKey] = substitute(item, bindings, positions);
    const line = position?.keys[key];
    if (line !== undefined) keyLines[newKey] = line;
  }
  if (position) positions.set(out, { ...position, keys: keyLines });
  return out;
}

function copyPosition(from: object, to: object, positions: PositionIndex): void {
  const position = positions.get(from);
  if (position) positions.set(to, position);
}
