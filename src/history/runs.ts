// Reading stored runs for the analyses: runs picked by id or position, and each run's digest, read
// from the store's digest when it keeps one, else drawn from the full results.
import type { RunRange, RunReader, StoredRun } from '../model/history.ts';
import { digestResults, type PeriodRun, type RunDigest } from '../model/period.ts';

/** A reader that may keep each run's digest (src/model/period.ts) beside its results. */
export interface HistoryReader extends RunReader {
  loadDigest?(runId: string): Promise<RunDigest | undefined>;
}

export class HistoryError extends Error {
  override name = 'HistoryError';
}

/** The run's digest, or undefined when it has no results (it ended before evaluation). */
export async function digestOf(reader: HistoryReader, run: StoredRun): Promise<RunDigest | undefined> {
  if (run.resultsSha256 === undefined) return undefined;
  const kept = await reader.loadDigest?.(run.id);
  return kept ?? digestResults(await reader.loadResults(run.id));
}

/**
 * A run that assessed the whole configuration: complete, with results, and not one shard's part
 * (a sharded audit counts through its merged run).
 */
export const hasResults = (run: StoredRun) =>
  run.resultsSha256 !== undefined && run.status === 'complete' && !(run.shard && run.shard.index > 0);

export const periodRun = (run: StoredRun): PeriodRun => ({
  id: run.id,
  seq: run.seq,
  startedAt: run.startedAt,
  status: run.status,
});

/** The run an id or unique prefix names; a clear error otherwise. */
export async function requireRun(reader: RunReader, idOrPrefix: string): Promise<StoredRun> {
  const run = await reader.getRun(idOrPrefix);
  if (!run) throw new HistoryError(`no stored run matches ${JSON.stringify(idOrPrefix)}`);
  return run;
}

/** Two runs to compare: the ones named, or the last two complete runs. */
export async function pickPair(reader: RunReader, a?: string, b?: string): Promise<[StoredRun, StoredRun]> {
  if (a !== undefined && b !== undefined) return [await requireRun(reader, a), await requireRun(reader, b)];
  const complete = (await reader.listRuns()).filter(hasResults);
  if (a !== undefined) {
    const first = await requireRun(reader, a);
    const later = complete.find((r) => r.seq > first.seq);
    if (!later) throw new HistoryError(`no complete run after ${first.id} to compare it with`);
    return [first, later];
  }
  if (complete.length < 2) {
    throw new HistoryError(`diff needs two complete runs; the store has ${complete.length}`);
  }
  return [complete.at(-2)!, complete.at(-1)!];
}

/** One line per run for `assay runs`. */
export interface RunRow {
  seq: number;
  id: string;
  startedAt: string;
  finishedAt?: string;
  status: StoredRun['status'];
  exitCode?: number;
  shard?: string;
  snapshots: number;
  hasResults: boolean;
}

export async function listRunRows(reader: RunReader, range?: RunRange): Promise<RunRow[]> {
  return (await reader.listRuns(range)).map((r) => ({
    seq: r.seq,
    id: r.id,
    startedAt: r.startedAt,
    ...(r.finishedAt ? { finishedAt: r.finishedAt } : {}),
    status: r.status,
    ...(r.exitCode !== undefined ? { exitCode: r.exitCode } : {}),
    ...(r.shard
      ? { shard: r.shard.index === 0 ? `merged from ${r.shard.count}` : `${r.shard.index}/${r.shard.count}` }
      : {}),
    snapshots: r.snapshotSha256s.length,
    hasResults: r.resultsSha256 !== undefined,
  }));
}
