// The run store's reading contract: what `assay audit` records per run and what the history
// commands (runs, diff, history, drift, report, sample) read. The store (src/store) implements it
// for SQLite and PostgreSQL; the analyses (src/history) depend only on this.

import type { Snapshot } from './resource.ts';
import type { Results } from './results.ts';

/** How a recorded run ended. `running` is a run whose process has not finished (or died: the next
 * audit marks it `interrupted`). */
export type StoredRunStatus = 'running' | 'complete' | 'failed' | 'interrupted';

/** One entry of the append-only run ledger. */
export interface StoredRun {
  /** The pipeline's run id (results.run.id). */
  id: string;
  /** Position in the ledger, 1-based, gapless except where `assay prune` recorded a removal. */
  seq: number;
  startedAt: string;
  finishedAt?: string;
  status: StoredRunStatus;
  exitCode?: number;
  /** SHA-256 of the config file the audit ran from, when it ran from one. */
  configSha256?: string;
  /** Set for a shard's partial run and for the merged run (`count` shards). */
  shard?: { index: number; count: number; mergedInto?: string };
  /** Content hashes of the stored results and snapshots (stored once each, by hash). */
  resultsSha256?: string;
  snapshotSha256s: string[];
  /** Ledger chain: SHA-256 of the previous entry's `hash` plus this entry's canonical fields. */
  previousHash: string;
  hash: string;
}

export interface RunRange {
  /** ISO dates or date-times, inclusive; compared with `startedAt`. */
  from?: string;
  to?: string;
}

export interface RunReader {
  /** Runs in ledger order (oldest first). */
  listRuns(range?: RunRange): Promise<StoredRun[]>;
  /** By full id or a unique prefix; undefined when no run matches. */
  getRun(idOrPrefix: string): Promise<StoredRun | undefined>;
  /** Throws when the run has no stored results (failed before evaluation). */
  loadResults(runId: string): Promise<Results>;
  loadSnapshots(runId: string): Promise<Snapshot[]>;
  close(): Promise<void>;
}
