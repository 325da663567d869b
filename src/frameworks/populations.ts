// Populations: every resource of one kind that one collector run produced. An auditor tests a
// control on a population, so each one states how it was obtained, its size and a hash that can be
// recomputed from the snapshot without running assay (algorithm in the README).
import type { Resource, Snapshot, Source } from '../model/resource.ts';
import type { Population, SourceSummary } from '../model/results.ts';
import { sha256 } from '../model/snapshot.ts';

/** JSON with object keys sorted at every level, so equal resources hash equally. */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value);
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
