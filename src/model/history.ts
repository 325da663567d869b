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
  /**
   * Set for a shard's partial run (`index` 1..count) and for the merged run (`index` 0, `count`
   * shards). `batch` names the scheduled run the shards belong to (`--batch`); `mergedInto` is set
   * on a shard once a merged run joins it.
   */
  shard?: { index: number; count: number; mergedInto?: string; batch?: string };
  /** For a merged run: the ids of the shard runs it joins. */
  mergedFrom?: string[];
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
  /**
   * Runs in ledger order (oldest first). A run enters the ledger when it ends (complete, failed or
   * interrupted): runs still `running` are not listed (getRun finds them, with seq 0 and no hashes).
   */
  listRuns(range?: RunRange): Promise<StoredRun[]>;
  /** By full id or a unique prefix; undefined when no run matches. */
  getRun(idOrPrefix: string): Promise<StoredRun | undefined>;
  /** Throws when the run has no stored results (failed before evaluation). */
  loadResults(runId: string): Promise<Results>;
  loadSnapshots(runId: string): Promise<Snapshot[]>;
  close(): Promise<void>;
}
