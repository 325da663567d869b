// Snapshots, the one place they are made: from collector runs (`collect`, `scan`, the Action, later
// `audit`) or from files (`evaluate`). A snapshot's SHA-256, which every report and the evidence
// manifest cite, is that of its exact bytes; every string in it has passed through the run's
// redactor. Its text is never held as one string: a large snapshot passes V8's string limit, so
// it is hashed and written piece by piece, and a stored one is copied byte for byte.
import { createHash } from 'node:crypto';
import { copyFileSync, readFileSync } from 'node:fs';
import type { Collected } from '../collectors/run.ts';
import { Redactor } from '../kit/redaction.ts';
import type { Snapshot } from '../model/resource.ts';
import { makeSnapshot, parseSnapshot, sha256, snapshotSha256, writeSnapshot } from '../model/snapshot.ts';
import { StringSink, writeFileBy } from '../util/json-stream.ts';
import { VERSION } from '../version.ts';

/** A snapshot as read or collected, with the hash of its bytes and a way to store those bytes. */
export interface SnapshotInput {
  snapshot: Snapshot;
  sha256: string;
  /** The file it was read from or written to, or `(scan)` for one collected in this run and not stored. */
  file: string;
  /** Writes the snapshot's exact bytes, those `sha256` is the hash of, to `target`. */
  writeTo(target: string): void;
  /** The same bytes as one string, for a store that keeps snapshots as text (not for huge ones). */
  text(): string;
}

export const COLLECTED_IN_RUN = '(scan)';

interface SnapshotOptions {
  redactor?: Redactor;
  toolVersion?: string;
}

/**
 * Every string of the collector runs' snapshot passes through the redactor (a new one when none
 * is given: URL passwords are redacted all the same) before it is serialized, so the bytes, their
 * hash and a later `assay evaluate` of the file never see a secret the run knew of.
 */
function redactedSnapshot(collected: readonly Collected[], options: SnapshotOptions): Snapshot {
  const redactor = options.redactor ?? new Redactor();
  return redactor.redactDeep(
    makeSnapshot(
      options.toolVersion ?? VERSION,
      collected.map((c) => c.source),
      collected.flatMap((c) => c.resources),
    ),
  );
}

/**
 * The snapshot of collector runs in this run (`scan`, the Action), hashed as it would be written.
 * The hash is computed when first read, once: evaluateSnapshots first reads it while the engine
 * evaluates in a worker thread.
 */
export function snapshotOf(
  collected: readonly Collected[],
  options: SnapshotOptions & { file?: string } = {},
): SnapshotInput {
  const snapshot = redactedSnapshot(collected, options);
  let hash: string | undefined;
  const hashed = () => {
    hash ??= snapshotSha256(snapshot);
    return hash;
  };
  return {
    snapshot,
    get sha256() {
      return hashed();
    },
    file: options.file ?? COLLECTED_IN_RUN,
    writeTo(target) {
      const written = createHash('sha256');
      writeFileBy(target, (sink) => writeSnapshot(sink, snapshot), written);
      // The reports cite the hash: a snapshot changed since (a bug) must not be stored under it.
      if (written.digest('hex') !== hashed())
        throw new Error(`the snapshot written to ${target} is not the one evaluated`);
    },
    text() {
      const sink = new StringSink();
      writeSnapshot(sink, snapshot);
      return sink.text();
    },
  };
}

/** `collect --output`: the snapshot streamed to `file` and hashed while it is written. */
export function saveSnapshot(
  collected: readonly Collected[],
  file: string,
  options: SnapshotOptions = {},
): SnapshotInput {
  const snapshot = redactedSnapshot(collected, options);
  const hash = createHash('sha256');
  writeFileBy(file, (sink) => writeSnapshot(sink, snapshot), hash);
  return {
    snapshot,
    sha256: hash.digest('hex'),
    file,
    writeTo: (target) => copyFileSync(file, target),
    text: () => readFileSync(file, 'utf8'),
  };
}

/** Stored snapshots; the same snapshot named twice (a copy, a glob overlap) is one population, not two. */
export function readSnapshotFiles(files: readonly string[]): SnapshotInput[] {
  const snapshots = files.map((file): SnapshotInput => {
    // The bytes, never one string of them: a large snapshot is parsed piece by piece.
    const bytes = readFileSync(file);
    return {
      snapshot: parseSnapshot(bytes, file),
      sha256: sha256(bytes),
      file,
      writeTo: (target) => copyFileSync(file, target),
      text: () => readFileSync(file, 'utf8'),
    };
  });
  return snapshots.filter((s, i) => snapshots.findIndex((t) => t.sha256 === s.sha256) === i);
}
