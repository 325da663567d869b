// Finding the record another record points at (a companion's bucket, a rule's security group):
// by reference (`aws_s3_bucket.logs.id`, resolved in the same module) or by a known string
// equal to one of the target's attributes (the bucket name, a security group id).

import { isUnknown } from '../../../../../kit/unknown.ts';
import { splitModuleRef } from '../../hcl/module.ts';
import type { TfResourceRecord } from '../../records.ts';
import { isPlanFile } from '../common.ts';

/**
 * The configuration a record belongs to: a plan file is one whole configuration; source files
 * are read from a root module's folder (the folder of the file where no root is recorded).
 */
export function rootOf(record: TfResourceRecord): string {
  if (record.root !== undefined) return record.root;
  return isPlanFile(record.file) ? record.file : record.file.slice(0, Math.max(0, record.file.lastIndexOf('/')));
}

/** The module instance a record belongs to, for resolving its references: its root and module path. */
export function scopeOf(record: TfResourceRecord): string {
  return `${rootOf(record)}|${record.modulePath}`;
}

export interface ParsedRef {
  mode: 'managed' | 'data';
  type: string;
  name: string;
  /** Index as written, e.g. `[0]` or `["a"]`; absent when none. */
  index?: string;
  attribute?: string;
}

const REF = /^(data\.)?([A-Za-z0-9_]+)\.([A-Za-z0-9_-]+)(\[[^\]]*\])?(?:\.(.+))?$/;

export function parseRef(ref: string): ParsedRef | undefined {
  const m = REF.exec(ref.trim());
  if (!m || m[2] === undefined || m[3] === undefined) return undefined;
  if (!m[1] && ['var', 'local', 'module', 'each', 'count', 'path', 'terraform', 'self'].includes(m[2]))
    return undefined;
  const parsed: ParsedRef = { mode: m[1] ? 'data' : 'managed', type: m[2], name: m[3] };
  if (m[4]) parsed.index = m[4];
  if (m[5]) parsed.attribute = m[5];
  return parsed;
}

export class RecordIndex {
  private readonly byKey = new Map<string, TfResourceRecord[]>();
  /** Managed records by type, in record order: `ofType` without a pass over every record. */
  private readonly managedByType = new Map<string, TfResourceRecord[]>();
  /** Per types and attribute, the records by their known string value: `link` by name without a scan per link. */
  private readonly byValue = new Map<string, Map<string, TfResourceRecord[]>>();
  /** Each record's position in `records`, for `ofType` of several types; built on first use. */
  private positionOf: Map<TfResourceRecord, number> | undefined;
  /** Every type some mapper asked for: the others were not evaluated. */
  readonly readTypes = new Set<string>();

  constructor(readonly records: TfResourceRecord[]) {
    for (const record of records) {
      addTo(this.byKey, RecordIndex.key(scopeOf(record), record.mode, record.type, record.name), record);
      if (record.mode === 'managed') addTo(this.managedByType, record.type, record);
    }
  }

  private static key(scope: string, mode: string, type: string, name: string): string {
    return `${scope}|${mode}|${type}.${name}`;
  }

  ofType(...types: string[]): TfResourceRecord[] {
    for (const type of types) this.readTypes.add(type);
    // From the per-type lists, not a pass over every record (11,000 on the bench repo) per call.
    const lists: TfResourceRecord[][] = [];
    for (const type of new Set(types)) {
      const list = this.managedByType.get(type);
      if (list) lists.push(list);
    }
    if (lists.length <= 1) return [...(lists[0] ?? [])];
    // Records of several types come in record order, as a filter over the records gives them.
    const position = this.positions();
    return lists.flat().sort((a, b) => (position.get(a) as number) - (position.get(b) as number));
  }

  private positions(): Map<TfResourceRecord, number> {
    if (!this.positionOf) this.positionOf = new Map(this.records.map((record, i) => [record, i]));
    return this.positionOf;
  }

  /** The managed records of `types` whose `attribute` is the known string `value`, in record order. */
  private withValue(types: string[], attribute: string, value: string): TfResourceRecord[] {
    const key = `${attribute}|${types.join(',')}`;
    let index = this.byValue.get(key);
    if (!index) {
      index = new Map();
      for (const record of this.ofType(...types)) {
        const written = record.values[attribute];
        if (typeof written === 'string') addTo(index, written, record);
      }
      this.byValue.set(key, index);
    }
    return index.get(value) ?? [];
  }

  /** The record a reference names, looked up in `from`'s scope; undefined when not a reference to one of `types`. */
  byRef(
    from: TfResourceRecord,
    ref: string | undefined,
    types: string[],
    mode: 'managed' | 'data' = 'managed',
  ): TfResourceRecord | undefined {
    for (const type of types) this.readTypes.add(type);
    // A resource of another module instance, named from the root (a module output passed on).
    const absolute = ref?.startsWith('module.') ? splitModuleRef(ref) : undefined;
    const parsed = absolute ? parseRef(absolute.rest) : ref === undefined ? undefined : parseRef(ref);
    if (!parsed || parsed.mode !== mode || !types.includes(parsed.type)) return undefined;
    const scope = absolute ? `${rootOf(from)}|${absolute.modulePath}` : scopeOf(from);
    const candidates = this.byKey.get(RecordIndex.key(scope, mode, parsed.type, parsed.name)) ?? [];
    if (parsed.index) {
      const exact = candidates.find((c) => c.address.endsWith(`${parsed.type}.${parsed.name}${parsed.index}`));
      if (exact) return exact;
    }
    return candidates[0];
  }

  /**
   * The target of a linking attribute value: an unknown reference to one of `types`, or a known
   * string equal to the target's `matchAttr` (e.g. the bucket name): first in the same module,
   * then anywhere in the same configuration (root); another root is another deployment.
   */
  link(from: TfResourceRecord, value: unknown, types: string[], matchAttr: string): TfResourceRecord | undefined {
    if (isUnknown(value)) return this.byRef(from, value.ref, types);
    if (typeof value !== 'string') return undefined;
    const byRefText = this.byRef(from, value, types);
    if (byRefText) return byRefText;
    const matches = this.withValue(types, matchAttr, value);
    return matches.find((r) => scopeOf(r) === scopeOf(from)) ?? matches.find((r) => rootOf(r) === rootOf(from));
  }
}

function addTo<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}
