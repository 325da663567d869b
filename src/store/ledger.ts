// The run ledger's entries and hash chain. An entry is canonical JSON (keys in a fixed order) and
// its hash is SHA-256 over the previous entry's hash, a line break and the entry's text, so
// changing, removing or reordering any entry changes every hash after it.

import type { StoredRunStatus } from '../model/history.ts';
import { sha256 } from '../model/snapshot.ts';

export const GENESIS_HASH = '0'.repeat(64);

export interface StoredSnapshotRef {
  /** The snapshot's name in the run (its file under the evidence folder's snapshots/). */
  name: string;
  sha256: string;
}

export interface RunEntry {
  kind: 'run';
  id: string;
  startedAt: string;
  finishedAt?: string;
  status: StoredRunStatus;
  exitCode?: number;
  configSha256?: string;
  shard?: { index: number; count: number; batch?: string };
  mergedFrom?: string[];
  resultsSha256?: string;
  snapshots: StoredSnapshotRef[];
}

export interface PruneEntry {
  kind: 'prune';
  at: string;
  /** Runs that started before this were eligible. */
  before: string;
  /** What was removed: enough to check the chain still links across them. */
  pruned: { seq: number; id: string; hash: string }[];
}

export type LedgerEntry = RunEntry | PruneEntry;

/** The entry's text, keys always in this order and absent fields left out. */
export function canonicalEntry(entry: LedgerEntry): string {
  if (entry.kind === 'prune') {
    return JSON.stringify({ kind: entry.kind, at: entry.at, before: entry.before, pruned: entry.pruned });
  }
  const ordered: RunEntry = {
    kind: 'run',
    id: entry.id,
    startedAt: entry.startedAt,
    ...(entry.finishedAt !== undefined && { finishedAt: entry.finishedAt }),
    status: entry.status,
    ...(entry.exitCode !== undefined && { exitCode: entry.exitCode }),
    ...(entry.configSha256 !== undefined && { configSha256: entry.configSha256 }),
    ...(entry.shard !== undefined && {
      shard: {
        index: entry.shard.index,
        count: entry.shard.count,
        ...(entry.shard.batch !== undefined && { batch: entry.shard.batch }),
      },
    }),
    ...(entry.mergedFrom !== undefined && { mergedFrom: entry.mergedFrom }),
    ...(entry.resultsSha256 !== undefined && { resultsSha256: entry.resultsSha256 }),
    snapshots: entry.snapshots.map((s) => ({ name: s.name, sha256: s.sha256 })),
  };
  return JSON.stringify(ordered);
}

export function chainHash(previousHash: string, entryText: string): string {
  return sha256(`${previousHash}\n${entryText}`);
}
