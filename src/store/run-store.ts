// The run store: runs in an append-only ledger, their snapshots and results stored once by
// content hash. Reading implements the history contract (src/model/history.ts); writing is what
// `assay audit`, `merge` and `prune` do. A run enters the ledger when it ends; until then it is an
// open run, which the next audit of the same lane (config and shard) records as interrupted.
import os from 'node:os';
import type { RunRange, RunReader, StoredRun } from '../model/history.ts';
import { digestResults, type RunDigest } from '../model/period.ts';
import type { Snapshot } from '../model/resource.ts';
import type { Results } from '../model/results.ts';
import type { Db, Queries, Row } from './database.ts';
import {
  documentParts,
  getDocument,
  getPart,
  putDocument,
  putPart,
  StoreIntegrityError,
  serializeResults,
} from './documents.ts';
import {
  canonicalEntry,
  chainHash,
  GENESIS_HASH,
  type LedgerEntry,
  type PruneEntry,
  type RunEntry,
  type StoredSnapshotRef,
} from './ledger.ts';
import { type LedgerCheck, verifyLedger } from './verify.ts';

export { StoreIntegrityError };

/** What a run is known by when it starts. */
export interface NewRun {
  id: string;
  startedAt: string;
  configSha256?: string;
  shard?: { index: number; count: number; batch?: string };
  /** For a merged run: the shard runs it joins. */
  mergedFrom?: string[];
}

/** A snapshot of the run, with the exact text its SHA-256 is over. */
export interface SnapshotText {
  name: string;
  text: string;
}

export interface RunOutcome {
  status: 'complete' | 'failed';
  finishedAt: string;
  exitCode: number;
  /** Absent when the run failed before evaluating. */
  results?: Results;
  snapshots: SnapshotText[];
}

export interface PruneRequest {
  /** Runs that started before this instant may go. */
  before: string;
  /** When the prune ran (the ledger records it). */
  at: string;
  /** Run ids that must stay (referenced by retained signed manifests). */
  keep: ReadonlySet<string>;
}

export interface PruneResult {
  pruned: StoredRun[];
  kept: StoredRun[];
  /** The ledger entry recording the removal; absent when nothing was pruned. */
  entrySeq?: number;
  blobsRemoved: number;
}

export interface RunStore extends RunReader {
  /** The file or URL it was opened from (a URL's password left out). */
  readonly location: string;
  /** Records the run as running; open runs of the same lane are recorded as interrupted first (returned). */
  beginRun(run: NewRun): Promise<StoredRun[]>;
  /** Stores the run's documents and appends it to the ledger. */
  finishRun(id: string, outcome: RunOutcome): Promise<StoredRun>;
  /** Runs that started and have not ended. */
  openRuns(): Promise<StoredRun[]>;
  /** The run's snapshots with their names and exact texts (to merge shards or write evidence again). */
  loadSnapshotTexts(runId: string): Promise<SnapshotText[]>;
  /** Per control, what the period analyses read of the run's results (undefined: no results). */
  loadDigest(runId: string): Promise<RunDigest | undefined>;
  verify(): Promise<LedgerCheck>;
  prune(request: PruneRequest): Promise<PruneResult>;
}

/** A digest stored as a part: the same digest day after day is stored once. */
const DIGEST_REFERENCE = /^\{"\$blob":"([0-9a-f]{64})"\}$/;

async function putDigest(db: Queries, resultsSha256: string, results: Results): Promise<void> {
  const part = await putPart(db, JSON.stringify(digestResults(results)));
  await db.run('INSERT INTO digests (results_sha256, digest) VALUES (?, ?) ON CONFLICT (results_sha256) DO NOTHING', [
    resultsSha256,
    `{"$blob":"${part}"}`,
  ]);
}

/**
 * The strings that change every run all through its results without saying anything new: the
 * snapshots' hashes (whole and as 12-character prefixes), the run's id and its times. Longest
 * first, so a hash is lifted before its prefix.
 */
function runVariables(results: Results, snapshots: readonly StoredSnapshotRef[]): string[] {
  const hashes = snapshots.map((s) => s.sha256);
  const times = [results.generatedAt, results.run?.startedAt, results.run?.finishedAt];
  for (const snapshot of results.snapshots) {
    times.push(snapshot.collectedAt);
    for (const source of snapshot.sources) times.push(source.startedAt, source.finishedAt);
  }
  const vars = new Set([...hashes, results.run?.id, ...times, ...hashes.map((h) => h.slice(0, 12))]);
  // A short value could be part of anything; these are hashes, UUIDs and ISO times.
  return [...vars]
    .filter((v): v is string => typeof v === 'string' && v.length >= 12)
    .sort((a, b) => b.length - a.length);
}

function laneOf(run: { configSha256?: string; shard?: { index: number; count: number } }): string {
  return JSON.stringify([run.configSha256 ?? null, run.shard ? `${run.shard.index}/${run.shard.count}` : null]);
}

function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function toStoredRun(entry: RunEntry, row: { seq: number; previousHash: string; hash: string }): StoredRun {
  return {
    id: entry.id,
    seq: row.seq,
    startedAt: entry.startedAt,
    ...(entry.finishedAt !== undefined && { finishedAt: entry.finishedAt }),
    status: entry.status,
    ...(entry.exitCode !== undefined && { exitCode: entry.exitCode }),
    ...(entry.configSha256 !== undefined && { configSha256: entry.configSha256 }),
    ...(entry.shard !== undefined && { shard: { ...entry.shard } }),
    ...(entry.mergedFrom !== undefined && { mergedFrom: entry.mergedFrom }),
    ...(entry.resultsSha256 !== undefined && { resultsSha256: entry.resultsSha256 }),
    snapshotSha256s: entry.snapshots.map((s) => s.sha256),
    previousHash: row.previousHash,
    hash: row.hash,
  };
}

export class SqlRunStore implements RunStore {
  /** Digest texts read, by part: a year of runs has few distinct digests. */
  private readonly digestTexts = new Map<string, string>();

  constructor(
    private readonly db: Db,
    readonly location: string,
  ) {}

  /** Ledger runs (not pruned) with their entries, oldest first; shards get `mergedInto` from the merged runs. */
  private async ledgerRuns(where = '', params: unknown[] = []): Promise<{ run: StoredRun; entry: RunEntry }[]> {
    const rows = await this.db.all(
      `SELECT seq, entry, previous_hash, hash FROM ledger WHERE kind = 'run' AND entry IS NOT NULL ${where} ORDER BY seq`,
      params,
    );
    const runs = rows.map((row) => {
      const entry = JSON.parse(String(row.entry)) as RunEntry;
      return {
        entry,
        run: toStoredRun(entry, {
          seq: Number(row.seq),
          previousHash: String(row.previous_hash),
          hash: String(row.hash),
        }),
      };
    });
    await this.markMerged(runs.map((r) => r.run));
    return runs;
  }

  private async markMerged(runs: StoredRun[]): Promise<void> {
    const shards = runs.filter((r) => r.shard && r.shard.index > 0);
    if (shards.length === 0) return;
    const merged = await this.db.all(
      `SELECT entry FROM ledger WHERE kind = 'run' AND entry IS NOT NULL AND entry LIKE '%"mergedFrom"%'`,
    );
    const into = new Map<string, string>();
    for (const row of merged) {
      const entry = JSON.parse(String(row.entry)) as RunEntry;
      for (const id of entry.mergedFrom ?? []) into.set(id, entry.id);
    }
    for (const run of shards) {
      const target = into.get(run.id);
      if (target && run.shard) run.shard.mergedInto = target;
    }
  }

  async listRuns(range: RunRange = {}): Promise<StoredRun[]> {
    const runs = (await this.ledgerRuns()).map((r) => r.run);
    return runs.filter((run) => inRange(run.startedAt, range));
  }

  async getRun(idOrPrefix: string): Promise<StoredRun | undefined> {
    if (idOrPrefix.length === 0) return undefined;
    const found = await this.findEntry(idOrPrefix);
    return found?.run;
  }

  private async findEntry(idOrPrefix: string): Promise<{ run: StoredRun; entry: RunEntry } | undefined> {
    const like = `${idOrPrefix.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    const runs = await this.ledgerRuns(`AND run_id LIKE ? ESCAPE '\\'`, [like]);
    const open = (await this.openEntries()).filter((o) => o.entry.id.startsWith(idOrPrefix));
    const all = [...runs, ...open];
    const exact = all.find((r) => r.run.id === idOrPrefix);
    if (exact) return exact;
    if (all.length > 1) {
      throw new AmbiguousRunError(`run id prefix '${idOrPrefix}' matches ${all.length} runs: give more of the id`);
    }
    return all[0];
  }

  private async openEntries(): Promise<{ run: StoredRun; entry: RunEntry }[]> {
    const rows = await this.db.all('SELECT entry FROM open_runs ORDER BY started_at, id');
    return rows.map((row) => {
      const entry = JSON.parse(String(row.entry)) as RunEntry;
      // Not in the ledger yet: no position, no hashes.
      return { entry, run: toStoredRun(entry, { seq: 0, previousHash: '', hash: '' }) };
    });
  }

  async openRuns(): Promise<StoredRun[]> {
    return (await this.openEntries()).map((o) => o.run);
  }

  async loadResults(runId: string): Promise<Results> {
    const found = await this.requireEntry(runId);
    if (found.entry.resultsSha256 === undefined) {
      throw new Error(`run ${found.run.id} (${found.run.status}) has no stored results: it ended before evaluation`);
    }
    return JSON.parse(await getDocument(this.db, found.entry.resultsSha256, 'results')) as Results;
  }

  /** The run's digest: kept when its results were stored, or drawn from them (and kept) the first time. */
  async loadDigest(runId: string): Promise<RunDigest | undefined> {
    const found = await this.requireEntry(runId);
    const hash = found.entry.resultsSha256;
    if (hash === undefined) return undefined;
    const rows = await this.db.all('SELECT digest FROM digests WHERE results_sha256 = ?', [hash]);
    if (rows.length > 0) {
      // Written inline by earlier versions; a reference to a part since.
      const text = String(rows[0]!.digest);
      const part = DIGEST_REFERENCE.exec(text)?.[1];
      if (part === undefined) return JSON.parse(text) as RunDigest;
      let digest = this.digestTexts.get(part);
      if (digest === undefined) {
        digest = await getPart(this.db, part);
        this.digestTexts.set(part, digest);
      }
      return JSON.parse(digest) as RunDigest;
    }
    const results = await this.loadResults(runId);
    await putDigest(this.db, hash, results);
    return digestResults(results);
  }

  async loadSnapshots(runId: string): Promise<Snapshot[]> {
    return (await this.loadSnapshotTexts(runId)).map((s) => JSON.parse(s.text) as Snapshot);
  }

  async loadSnapshotTexts(runId: string): Promise<SnapshotText[]> {
    const found = await this.requireEntry(runId);
    const texts: SnapshotText[] = [];
    for (const ref of found.entry.snapshots) {
      texts.push({ name: ref.name, text: await getDocument(this.db, ref.sha256, 'snapshot') });
    }
    return texts;
  }

  private async requireEntry(runId: string) {
    const found = await this.findEntry(runId);
    if (!found) throw new Error(`${this.location}: no run ${runId}`);
    return found;
  }

  async beginRun(run: NewRun): Promise<StoredRun[]> {
    const lane = laneOf(run);
    const host = os.hostname();
    const entry: RunEntry = {
      kind: 'run',
      id: run.id,
      startedAt: run.startedAt,
      status: 'running',
      ...(run.configSha256 !== undefined && { configSha256: run.configSha256 }),
      ...(run.shard !== undefined && { shard: run.shard }),
      ...(run.mergedFrom !== undefined && { mergedFrom: run.mergedFrom }),
      snapshots: [],
    };
    return this.db.serialized(async (tx) => {
      const open = await tx.all('SELECT id, lane, host, pid, entry FROM open_runs');
      const interrupted: StoredRun[] = [];
      for (const row of open) {
        // The same lane runs one audit at a time, so an open run there is dead; elsewhere only a
        // process on this machine that no longer exists is known to be.
        const dead = row.lane === lane || (row.host === host && !processAlive(Number(row.pid)));
        if (!dead) continue;
        const stale = JSON.parse(String(row.entry)) as RunEntry;
        interrupted.push(await this.append(tx, { ...stale, status: 'interrupted' }));
        await tx.run('DELETE FROM open_runs WHERE id = ?', [row.id]);
      }
      await tx.run('INSERT INTO open_runs (id, started_at, lane, host, pid, entry) VALUES (?, ?, ?, ?, ?, ?)', [
        run.id,
        run.startedAt,
        lane,
        host,
        process.pid,
        canonicalEntry(entry),
      ]);
      return interrupted;
    });
  }

  async finishRun(id: string, outcome: RunOutcome): Promise<StoredRun> {
    return this.db.serialized(async (tx) => {
      const rows = await tx.all('SELECT entry FROM open_runs WHERE id = ?', [id]);
      if (rows.length === 0) {
        throw new Error(
          `${this.location}: run ${id} is not open (it ended, or another audit recorded it as interrupted)`,
        );
      }
      const started = JSON.parse(String(rows[0]!.entry)) as RunEntry;
      const snapshots: StoredSnapshotRef[] = [];
      for (const s of outcome.snapshots) {
        snapshots.push({ name: s.name, sha256: await putDocument(tx, 'snapshot', s.text) });
      }
      const resultsSha256 =
        outcome.results === undefined
          ? undefined
          : await putDocument(
              tx,
              'results',
              serializeResults(outcome.results),
              runVariables(outcome.results, snapshots),
            );
      if (resultsSha256 !== undefined) await putDigest(tx, resultsSha256, outcome.results!);
      const entry: RunEntry = {
        ...started,
        finishedAt: outcome.finishedAt,
        status: outcome.status,
        exitCode: outcome.exitCode,
        ...(resultsSha256 !== undefined && { resultsSha256 }),
        snapshots,
      };
      const stored = await this.append(tx, entry);
      await tx.run('DELETE FROM open_runs WHERE id = ?', [id]);
      return stored;
    });
  }

  /** Appends an entry after the current head; the caller holds the ledger lock. */
  private async append(tx: Queries, entry: RunEntry): Promise<StoredRun>;
  private async append(tx: Queries, entry: PruneEntry): Promise<{ seq: number; hash: string }>;
  private async append(tx: Queries, entry: LedgerEntry): Promise<StoredRun | { seq: number; hash: string }> {
    const last = await tx.all('SELECT seq, hash FROM ledger ORDER BY seq DESC LIMIT 1');
    const seq = last.length === 0 ? 1 : Number(last[0]!.seq) + 1;
    const previousHash = last.length === 0 ? GENESIS_HASH : String(last[0]!.hash);
    const text = canonicalEntry(entry);
    const hash = chainHash(previousHash, text);
    await tx.run(
      'INSERT INTO ledger (seq, kind, run_id, started_at, entry, previous_hash, hash) VALUES (?, ?, ?, ?, ?, ?, ?)',
      [
        seq,
        entry.kind,
        entry.kind === 'run' ? entry.id : null,
        entry.kind === 'run' ? entry.startedAt : null,
        text,
        previousHash,
        hash,
      ],
    );
    const head = await tx.all('SELECT id FROM ledger_head WHERE id = 1');
    if (head.length === 0) await tx.run('INSERT INTO ledger_head (id, seq, hash) VALUES (1, ?, ?)', [seq, hash]);
    else await tx.run('UPDATE ledger_head SET seq = ?, hash = ? WHERE id = 1', [seq, hash]);
    return entry.kind === 'run' ? toStoredRun(entry, { seq, previousHash, hash }) : { seq, hash };
  }

  verify(): Promise<LedgerCheck> {
    return verifyLedger(this.db, this.location);
  }

  async prune(request: PruneRequest): Promise<PruneResult> {
    return this.db.serialized(async (tx) => {
      const rows = await tx.all(
        `SELECT seq, entry, previous_hash, hash FROM ledger WHERE kind = 'run' AND entry IS NOT NULL AND started_at < ? ORDER BY seq`,
        [request.before],
      );
      const old = rows.map((row: Row) =>
        toStoredRun(JSON.parse(String(row.entry)) as RunEntry, {
          seq: Number(row.seq),
          previousHash: String(row.previous_hash),
          hash: String(row.hash),
        }),
      );
      const kept = old.filter((run) => request.keep.has(run.id));
      const pruned = old.filter((run) => !request.keep.has(run.id));
      if (pruned.length === 0) return { pruned, kept, blobsRemoved: 0 };
      const recorded = await this.append(tx, {
        kind: 'prune',
        at: request.at,
        before: request.before,
        pruned: pruned.map((run) => ({ seq: run.seq, id: run.id, hash: run.hash })),
      });
      for (const run of pruned) {
        await tx.run('UPDATE ledger SET entry = NULL, pruned_by = ? WHERE seq = ?', [recorded.seq, run.seq]);
      }
      const blobsRemoved = await collectGarbage(tx);
      return { pruned, kept, entrySeq: recorded.seq, blobsRemoved };
    });
  }

  close(): Promise<void> {
    return this.db.close();
  }
}

export class AmbiguousRunError extends Error {
  override name = 'AmbiguousRunError';
}

/** `from`/`to` are dates or date-times; a date alone covers its whole day. */
function inRange(startedAt: string, range: RunRange): boolean {
  if (range.from !== undefined && startedAt < range.from) return false;
  if (range.to !== undefined) {
    const to = /^\d{4}-\d{2}-\d{2}$/.test(range.to) ? `${range.to}T\uffff` : range.to;
    if (startedAt > to) return false;
  }
  return true;
}

/**
 * Removes what only pruned runs used: the documents no ledger entry refers to any more, their
 * digests, then the parts no remaining document uses.
 */
async function collectGarbage(tx: Queries): Promise<number> {
  const used = new Set<string>();
  for (const row of await tx.all(`SELECT entry FROM ledger WHERE kind = 'run' AND entry IS NOT NULL`)) {
    const entry = JSON.parse(String(row.entry)) as RunEntry;
    if (entry.resultsSha256) used.add(entry.resultsSha256);
    for (const s of entry.snapshots) used.add(s.sha256);
  }
  const parts = new Set<string>();
  for (const doc of await tx.all('SELECT sha256, root, parts FROM documents')) {
    if (!used.has(String(doc.sha256))) {
      await tx.run('DELETE FROM documents WHERE sha256 = ?', [doc.sha256]);
      continue;
    }
    for (const part of await documentParts(tx, { root: String(doc.root), parts: String(doc.parts) })) parts.add(part);
  }
  for (const row of await tx.all('SELECT results_sha256, digest FROM digests')) {
    if (!used.has(String(row.results_sha256))) {
      await tx.run('DELETE FROM digests WHERE results_sha256 = ?', [row.results_sha256]);
      continue;
    }
    const part = DIGEST_REFERENCE.exec(String(row.digest))?.[1];
    if (part !== undefined) parts.add(part);
  }
  let removed = 0;
  for (const blob of await tx.all('SELECT sha256 FROM blobs')) {
    if (parts.has(String(blob.sha256))) continue;
    await tx.run('DELETE FROM blobs WHERE sha256 = ?', [blob.sha256]);
    removed++;
  }
  return removed;
}
