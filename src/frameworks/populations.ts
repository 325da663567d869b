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

/** A value the fast writer leaves to the definition (anything but plain JSON data). */
class NotPlainJson extends Error {}

/** A string JSON.stringify would escape: a quote, a backslash, a control character or a surrogate. */
// biome-ignore lint/suspicious/noControlCharactersInRegex: the control characters are what JSON escapes
const NEEDS_ESCAPE = /["\\\u0000-\u001f\ud800-\udfff]/;

function jsonString(text: string): string {
  return NEEDS_ESCAPE.test(text) ? JSON.stringify(text) : `"${text}"`;
}

/**
 * canonicalJsonByDefinition's text for plain JSON data (strings, finite and other numbers, booleans,
 * null, arrays and plain objects), written in one walk without the definition's intermediate arrays.
 * Anything else (undefined in an array, a hole, a function, a symbol, a bigint, a Date, a Map, a
 * boxed primitive, an array or object of another prototype) throws NotPlainJson.
 */
function writePlain(value: unknown): string {
  switch (typeof value) {
    case 'string':
      return jsonString(value);
    case 'number':
      return Number.isFinite(value) ? `${value}` : 'null';
    case 'boolean':
      return value ? 'true' : 'false';
    case 'object': {
      if (value === null) return 'null';
      const prototype = Object.getPrototypeOf(value);
      if (prototype === Array.prototype) {
        const list = value as unknown[];
        let text = '[';
        for (let i = 0; i < list.length; i++) text += (i === 0 ? '' : ',') + writePlain(list[i]);
        return `${text}]`;
      }
      if (prototype !== Object.prototype && prototype !== null) throw new NotPlainJson();
      const record = value as Record<string, unknown>;
      let text = '{';
      for (const key of Object.keys(record).sort()) {
        const member = record[key];
        if (member === undefined) continue;
        text += `${text === '{' ? '' : ','}${jsonString(key)}:${writePlain(member)}`;
      }
      return `${text}}`;
    }
    default:
      throw new NotPlainJson();
  }
}

/**
 * canonicalJsonByDefinition's text, faster (about half the time on the bench snapshot's resources):
 * plain JSON data by writePlain, anything else by the definition.
 */
export function canonicalJson(value: unknown): string {
  try {
    return writePlain(value);
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
