// Snapshots, the one place they are made: from collector runs (`collect`, `scan`, the Action, later
// `audit`) or from files (`evaluate`). A snapshot is kept with its exact text, whose SHA-256 every
// report and the evidence manifest cite, and every string in it has passed through the run's redactor.
import { readFileSync } from 'node:fs';
import type { Collected } from '../collectors/run.ts';
import { Redactor } from '../kit/redaction.ts';
import type { Snapshot } from '../model/resource.ts';
import { makeSnapshot, parseSnapshot, serializeSnapshot, sha256 } from '../model/snapshot.ts';
import { VERSION } from '../version.ts';

/** A snapshot as read or collected: its exact text is what the manifest hashes. */
export interface SnapshotInput {
  snapshot: Snapshot;
  sha256: string;
  /** The file it was read from, or `(scan)` for one collected in this run. */
  file: string;
  text: string;
}

export const COLLECTED_IN_RUN = '(scan)';

/**
 * One snapshot of the given collector runs. Every string in it passes through the redactor (a new
 * one when none is given: URL passwords are redacted all the same) before it is serialized, so the
 * text, its hash and a later `assay evaluate` of the file never see a secret the run knew of.
 */
export function snapshotOf(
  collected: readonly Collected[],
  options: { redactor?: Redactor; toolVersion?: string; file?: string } = {},
): SnapshotInput {
  const file = options.file ?? COLLECTED_IN_RUN;
  const redactor = options.redactor ?? new Redactor();
  const snapshot = redactor.redactDeep(
    makeSnapshot(
      options.toolVersion ?? VERSION,
      collected.map((c) => c.source),
      collected.flatMap((c) => c.resources),
    ),
  );
  const text = serializeSnapshot(snapshot);
  return { snapshot, sha256: sha256(text), file, text };
}

/** Stored snapshots; the same snapshot named twice (a copy, a glob overlap) is one population, not two. */
export function readSnapshotFiles(files: readonly string[]): SnapshotInput[] {
  const snapshots = files.map((file) => {
    const text = readFileSync(file, 'utf8');
    return { snapshot: parseSnapshot(text, file), sha256: sha256(text), file, text };
  });
  return snapshots.filter((s, i) => snapshots.findIndex((t) => t.sha256 === s.sha256) === i);
}
