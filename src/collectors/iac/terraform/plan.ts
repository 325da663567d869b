// Reads a `terraform show -json` plan into Terraform resource records. Values come from
// planned_values (already evaluated by Terraform); attributes marked unknown in
// resource_changes[].change.after_unknown become unknown(ref), ref from the configuration's
// `references` for that attribute. Lines point at each resource's object in the plan text.

import type { IacFile } from '../../../kit/format-contract.ts';
import { type Unknown, unknown } from '../../../kit/unknown.ts';
import type { Gap } from '../../../model/resource.ts';
import type { TfResourceRecord } from './records.ts';

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
type JsonObject = { [key: string]: Json };

export function readTerraformPlan(file: IacFile): { records: TfResourceRecord[]; gaps: Gap[] } {
  let parsed: { value: Json; lines: WeakMap<object, number> };
  try {
    parsed = parseJsonWithLines(file.content);
  } catch (error) {
    if (!(error instanceof JsonSyntaxError)) throw error;
    return {
      records: [],
      gaps: [
        {
          reason: 'parse-error',
          file: file.relPath,
          line: error.line,
          message: `${file.relPath}:${error.line}:${error.column}: ${error.message}`,
        },
      ],
    };
  }
  const plan = asObject(parsed.value);
  const root = asObject(asObject(plan?.planned_values)?.root_module);
  if (!plan || !root) {
    return {
      records: [],
      gaps: [
        {
          reason: 'unsupported',
          file: file.relPath,
          line: 1,
          message: `${file.relPath}: not a Terraform plan (no planned_values.root_module)`,
        },
      ],
    };
  }
  const afterUnknown = new Map<string, Json>();
  for (const change of asArray(plan.resource_changes)) {
    const c = asObject(change);
    const address = c?.address;
    if (typeof address === 'string') afterUnknown.set(address, asObject(c?.change)?.after_unknown ?? null);
  }
  const reader = new PlanReader(
    file.relPath,
    parsed.lines,
    afterUnknown,
    asObject(asObject(plan.configuration)?.root_module),
  );
  reader.module(root, '');
  // Data sources read while planning live in prior_state, not planned_values.
  const prior = asObject(asObject(asObject(plan.prior_state)?.values)?.root_module);
  if (prior) reader.module(prior, '', 'data');
  return { records: reader.records, gaps: [] };
}

class PlanReader {
  readonly records: TfResourceRecord[] = [];
  private readonly seen = new Set<string>();

  constructor(
    private readonly file: string,
    private readonly lines: WeakMap<object, number>,
    private readonly afterUnknown: Map<string, Json>,
    private readonly configRoot: JsonObject | undefined,
  ) {}

  module(module: JsonObject, modulePath: string, onlyMode?: 'data'): void {
    for (const item of asArray(module.resources)) {
      const resource = asObject(item);
      if (!resource) continue;
      const mode = resource.mode === 'data' ? 'data' : 'managed';
      if (onlyMode && mode !== onlyMode) continue;
      const address = String(resource.address ?? '');
      if (this.seen.has(address)) continue;
      this.seen.add(address);
      const type = String(resource.type ?? '');
      const name = String(resource.name ?? '');
      const values = structuredClone(asObject(resource.values) ?? {}) as Record<string, unknown>;
      const expressions = this.expressions(modulePath, `${mode === 'data' ? 'data.' : ''}${type}.${name}`);
      const unknowns = this.afterUnknown.get(address);
      if (unknowns !== undefined) markUnknown(values, unknowns, expressions);
      this.records.push({
        address,
        mode,
        type,
        name,
        modulePath,
        values,
        file: this.file,
        line: this.lines.get(resource) ?? 1,
      });
    }
    for (const item of asArray(module.child_modules)) {
      const child = asObject(item);
      if (child) this.module(child, String(child.address ?? ''), onlyMode);
    }
  }

  /** The configuration expressions of a resource, found through the module calls (instance keys dropped). */
  private expressions(modulePath: string, configAddress: string): JsonObject | undefined {
    let config = this.configRoot;
    const calls = modulePath
      .replace(/\[[^\]]*\]/g, '')
      .split('.')
      .filter((_part, i) => i % 2 === 1);
    for (const call of calls) config = asObject(asObject(asObject(config?.module_calls)?.[call])?.module);
    const resource = asArray(config?.resources)
      .map(asObject)
      .find((r) => r?.address === configAddress);
    return asObject(resource?.expressions);
  }
}

/** Writes unknown(ref) wherever after_unknown says true; ref is the first configured reference. */
function markUnknown(
  target: Record<string, unknown> | unknown[],
  unknowns: Json,
  expressions: Json | undefined,
  inherited?: string,
): void {
  const entries: [string | number, Json][] = Array.isArray(unknowns)
    ? unknowns.map((u, i) => [i, u])
    : Object.entries(asObject(unknowns) ?? {});
  for (const [key, flag] of entries) {
    const expression = Array.isArray(expressions)
      ? expressions[key as number]
      : asObject(expressions ?? null)?.[key as string];
    const ref = firstReference(expression) ?? inherited;
    const slot = target as Record<string | number, unknown>;
    if (flag === true) {
      slot[key] = ref === undefined ? unknown() : (unknown(ref) as Unknown);
    } else if (flag !== null && typeof flag === 'object' && typeof slot[key] === 'object' && slot[key] !== null) {
      markUnknown(slot[key] as Record<string, unknown>, flag, expression, ref);
    }
  }
}

function firstReference(expression: Json | undefined): string | undefined {
  const refs = asObject(expression ?? null)?.references;
  return Array.isArray(refs) && typeof refs[0] === 'string' ? refs[0] : undefined;
}

function asObject(value: Json | undefined): JsonObject | undefined {
  return value !== null && typeof value === 'object' && !Array.isArray(value) ? value : undefined;
}

function asArray(value: Json | undefined): Json[] {
  return Array.isArray(value) ? value : [];
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

/** A JSON parser that remembers the 1-based line where each object starts (JSON.parse cannot). */
export function parseJsonWithLines(text: string): { value: Json; lines: WeakMap<object, number> } {
  const lines = new WeakMap<object, number>();
  let pos = 0;
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
  const value = (): Json => {
    skipSpace();
    const c = text[pos];
    if (c === '{') {
      const obj: JsonObject = {};
      lines.set(obj, line);
      pos++;
      skipSpace();
      if (text[pos] === '}') {
        pos++;
        return obj;
      }
      for (;;) {
        skipSpace();
        if (text[pos] !== '"') fail(`expected a property name but found ${found()}`);
        const key = string();
        expect(':');
        obj[key] = value();
        skipSpace();
        if (text[pos] === ',') pos++;
        else if (text[pos] === '}') {
          pos++;
          return obj;
        } else fail(`expected ',' or '}' but found ${found()}`);
      }
    }
    if (c === '[') {
      const arr: Json[] = [];
      pos++;
      skipSpace();
      if (text[pos] === ']') {
        pos++;
        return arr;
      }
      for (;;) {
        arr.push(value());
        skipSpace();
        if (text[pos] === ',') pos++;
        else if (text[pos] === ']') {
          pos++;
          return arr;
        } else fail(`expected ',' or ']' but found ${found()}`);
      }
    }
    if (c === '"') return string();
    const literal = /^(?:true|false|null|-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?)/.exec(text.slice(pos, pos + 64));
    if (!literal) return fail(`unexpected ${found()}`);
    pos += literal[0].length;
    const word = literal[0];
    return word === 'true' ? true : word === 'false' ? false : word === 'null' ? null : Number(word);
  };

  const result = value();
  skipSpace();
  if (pos < text.length) fail(`unexpected ${found()} after the end of the document`);
  return { value: result, lines };
}
