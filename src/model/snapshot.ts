// Building and reading snapshots: the stored, hashable output of every collector run.
import { hash } from 'node:crypto';
import { sha256By, type TextSink, writeJson } from '../util/json-stream.ts';
import { LargeJsonError, parseLargeJson } from '../util/large-json.ts';
import type { Resource, Snapshot, Source } from './resource.ts';

/** One call, no Hash object: about half the time of createHash for the short texts hashed per resource. */
export function sha256(data: string | Uint8Array): string {
  return hash('sha256', data, 'hex');
}

export function serializeSnapshot(snapshot: Snapshot): string {
  return `${JSON.stringify(snapshot, null, 1)}\n`;
}

/** The same text as serializeSnapshot, piece by piece: a large snapshot passes V8's string limit. */
export function writeSnapshot(sink: TextSink, snapshot: Snapshot): void {
  writeJson(sink, snapshot, 1);
  sink.write('\n');
}

/**
 * The SHA-256 of the snapshot as serializeSnapshot and writeSnapshot write it. One JSON.stringify
 * (native) takes about half the time of the piecewise writer; a snapshot past V8's string limit
 * (RangeError) is hashed piece by piece. `serialize` is for tests, which cannot make such a snapshot.
 */
export function snapshotSha256(snapshot: Snapshot, serialize = serializeSnapshot): string {
  let text: string;
  try {
    text = serialize(snapshot);
  } catch (error) {
    if (!(error instanceof RangeError)) throw error;
    return sha256By((sink) => writeSnapshot(sink, snapshot));
  }
  return sha256(text);
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

/** From this many bytes on, a stored snapshot is parsed piece by piece (parseLargeJson), never as one string. */
export const LARGE_SNAPSHOT_BYTES = 128 * 1024 * 1024;

/**
 * Parses a stored snapshot, given as its text or its bytes; the caller validates it against the
 * schema before trusting it. From `largeAt` bytes on, they are never decoded as one string.
 */
export function parseSnapshot(data: string | Uint8Array, file: string, largeAt = LARGE_SNAPSHOT_BYTES): Snapshot {
  let value: unknown;
  try {
    if (typeof data !== 'string' && data.byteLength >= largeAt) value = parseLargeJson(data);
    else
      value = JSON.parse(
        typeof data === 'string' ? data : Buffer.from(data.buffer, data.byteOffset, data.byteLength).toString('utf8'),
      );
  } catch (error) {
    if (error instanceof LargeJsonError) throw new SnapshotError(`${file}: ${error.message}`);
    // Node copies a few characters of the text into its message; they may be part of a secret.
    const why = (error as Error).message.replace(/,? *(?:\.\.\.)?".*"(?:\.\.\.)? is not valid JSON$/s, '');
    throw new SnapshotError(`${file}: not valid JSON (${why})`);
  }
  if ((value as { schema?: unknown })?.schema !== 'assay.snapshot/v1') {
    throw new SnapshotError(`${file}: not an assay snapshot (expected "schema": "assay.snapshot/v1")`);
  }
  return value as Snapshot;
}
