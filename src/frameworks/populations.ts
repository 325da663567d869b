// Populations: every resource of one kind that one collector run produced. An auditor tests a
// control on a population, so each one states how it was obtained, its size and a hash that can be
// recomputed from the snapshot without running assay (algorithm in the README).
import type { Resource, Snapshot, Source } from '../model/resource.ts';
import type { Population, SourceSummary } from '../model/results.ts';
import { sha256 } from '../model/snapshot.ts';

/**
 * JSON with object keys sorted at every level, so equal resources hash equally. This is the
 * definition; canonicalJson gives the same text faster.
 */
export function canonicalJsonByDefinition(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJsonByDefinition).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJsonByDefinition(v)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

/** A value on which JSON.stringify with sortedKeys would not write what the definition writes. */
class NotPlainJson extends Error {}

const ARRAY_INDEX = /^(?:0|[1-9]\d*)$/;

/**
 * JSON.stringify's replacer: each object with its keys in sorted order (a sorted copy when they are
 * not). Throws NotPlainJson where the definition writes something else than JSON.stringify: a
 * toJSON method (a Date), an array element JSON.stringify writes as null (undefined, a function, a
 * symbol), an object member it leaves out that the definition does not (a function, a symbol), an
 * array-index key (an object enumerates those first, in numeric order, whatever order they are set
 * in), and any object but a plain one or an array.
 */
function sortedKeys(this: unknown, key: string, value: unknown): unknown {
  if (typeof value !== 'object' || value === null) return value;
  if (typeof (this as Record<string, { toJSON?: unknown } | null>)[key]?.toJSON === 'function')
    throw new NotPlainJson();
  if (Array.isArray(value)) {
    for (const item of value) {
      const type = typeof item;
      if (type === 'undefined' || type === 'function' || type === 'symbol') throw new NotPlainJson();
    }
    return value;
  }
  // A boxed primitive, a Map or a class instance: left to the definition.
  const prototype = Object.getPrototypeOf(value);
  if (prototype !== Object.prototype && prototype !== null) throw new NotPlainJson();
  const record = value as Record<string, unknown>;
  const keys = Object.keys(record);
  let sorted = true;
  for (let i = 0; i < keys.length; i++) {
    const k = keys[i]!;
    const type = typeof record[k];
    if (type === 'function' || type === 'symbol' || ARRAY_INDEX.test(k)) throw new NotPlainJson();
    if (i > 0 && keys[i - 1]! > k) sorted = false;
  }
  if (sorted) return record;
  const copy: Record<string, unknown> = {};
  for (const k of keys.sort()) copy[k] = record[k];
  return copy;
}

/**
 * canonicalJsonByDefinition's text, written by JSON.stringify (native) with the keys sorted by its
 * replacer; a value that JSON.stringify would write otherwise is written by the definition.
 */
export function canonicalJson(value: unknown): string {
  try {
    return JSON.stringify(value, sortedKeys);
  } catch (error) {
    if (error instanceof NotPlainJson) return canonicalJsonByDefinition(value);
    throw error;
  }
}

export function resourceSha256(resource: Resource): string {
  return sha256(canonicalJson(resource));
}

export function populationId(snapshotSha256: string, sourceId: string, kind: string): string {
  return `${snapshotSha256.slice(0, 12)}/${sourceId}/${kind}`;
}

export function summarizeSource(source: Source): SourceSummary {
  return {
    id: source.id,
    collector: source.collector,
    target: source.target,
    status: source.status,
    startedAt: source.startedAt,
    finishedAt: source.finishedAt,
    ...(source.method ? { method: source.method } : {}),
    ...(source.queries ? { queries: source.queries } : {}),
    ...(source.itemCount !== undefined ? { itemCount: source.itemCount } : {}),
  };
}

/** Every (snapshot, source, kind) population, in snapshot, source and kind order. */
export function buildPopulations(snapshots: { snapshot: Snapshot; sha256: string }[]): Population[] {
  const populations: Population[] = [];
  for (const { snapshot, sha256: snapshotSha256 } of snapshots) {
    const bySourceAndKind = new Map<string, Resource[]>();
    for (const resource of snapshot.resources) {
      const key = `${resource.sourceId}\u0000${resource.kind}`;
      const members = bySourceAndKind.get(key) ?? [];
      members.push(resource);
      bySourceAndKind.set(key, members);
    }
    for (const source of snapshot.sources) {
      const kinds = [...bySourceAndKind.keys()]
        .filter((key) => key.startsWith(`${source.id}\u0000`))
        .map((key) => key.slice(source.id.length + 1))
        .sort();
      for (const kind of kinds) {
        const members = bySourceAndKind.get(`${source.id}\u0000${kind}`) ?? [];
        const lines = members.map((r) => `${r.uid} ${resourceSha256(r)}\n`).sort();
        populations.push({
          id: populationId(snapshotSha256, source.id, kind),
          kind: members[0]!.kind,
          snapshotSha256,
          source: summarizeSource(source),
          count: members.length,
          sha256: sha256(lines.join('')),
        });
      }
    }
  }
  return populations;
}
