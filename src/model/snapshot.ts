// Building and reading snapshots: the stored, hashable output of every collector run.
import { createHash } from 'node:crypto';
import type { Resource, Snapshot, Source } from './resource.ts';

export function sha256(data: string | Uint8Array): string {
  return createHash('sha256').update(data).digest('hex');
}

export function serializeSnapshot(snapshot: Snapshot): string {
  return `${JSON.stringify(snapshot, null, 1)}\n`;
}

export function makeSnapshot(toolVersion: string, sources: Source[], resources: Resource[]): Snapshot {
  const collectedAt =
    sources
      .map((s) => s.finishedAt)
      .sort()
      .at(-1) ?? new Date().toISOString();
  return {
    schema: 'assay.snapshot/v1',
    collectedAt,
    tool: { name: 'assay', version: toolVersion },
    sources,
    resources,
  };
}

export class SnapshotError extends Error {
  override name = 'SnapshotError';
}

/** Parses a stored snapshot; the caller validates it against the schema before trusting it. */
export function parseSnapshot(text: string, file: string): Snapshot {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new SnapshotError(`${file}: not valid JSON (${(error as Error).message})`);
  }
  if ((value as { schema?: unknown })?.schema !== 'assay.snapshot/v1') {
    throw new SnapshotError(`${file}: not an assay snapshot (expected "schema": "assay.snapshot/v1")`);
  }
  return value as Snapshot;
}
