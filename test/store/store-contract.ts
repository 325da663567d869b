// What every run store must do, run against SQLite and PostgreSQL alike: the tampering is done with
// plain SQL on the database, as someone with write access to it would.
import { expect, it } from 'vitest';
import type { Results } from '../../src/model/results.ts';
import { openRunStore, type RunStore } from '../../src/store/index.ts';
import type { RealRun } from './real-run.ts';

export interface ContractSetup {
  location: string;
  day1: RealRun;
  day2: RealRun;
}

const texts = (run: RealRun) => run.snapshots.map((s) => ({ name: s.file, text: s.text() }));

async function record(store: RunStore, run: RealRun, extra: { configSha256?: string } = {}) {
  await store.beginRun({ id: run.id, startedAt: run.startedAt, ...extra });
  return store.finishRun(run.id, {
    status: 'complete',
    finishedAt: run.results.run!.finishedAt,
    exitCode: 1,
    results: run.results,
    snapshots: texts(run),
  });
}

export function storeContract(
  setup: () => ContractSetup,
  sql: (location: string, statement: string) => Promise<void> | void,
) {
  it('records runs in a hash-chained ledger and reads back exactly what was stored', async () => {
    const { location, day1, day2 } = setup();
    const store = await openRunStore(location);
    try {
      const first = await record(store, day1, { configSha256: 'c'.repeat(64) });
      const second = await record(store, day2);
      expect(first).toMatchObject({ id: day1.id, seq: 1, status: 'complete', exitCode: 1 });
      expect(first.previousHash).toBe('0'.repeat(64));
      expect(second.previousHash).toBe(first.hash);
      expect((await store.listRuns()).map((r) => r.id)).toEqual([day1.id, day2.id]);
      expect((await store.listRuns({ from: '2026-03-02' })).map((r) => r.id)).toEqual([day2.id]);
      expect((await store.listRuns({ to: '2026-03-01' })).map((r) => r.id)).toEqual([day1.id]);
      expect((await store.getRun(day2.id.slice(0, 8)))?.seq).toBe(2);
      expect(await store.getRun('ffffffff-no-such-run')).toBeUndefined();
      const results: Results = await store.loadResults(day1.id);
      expect(results).toEqual(day1.results);
      const snapshots = await store.loadSnapshotTexts(day2.id);
      expect(snapshots).toEqual(texts(day2));
      expect(first.snapshotSha256s).toEqual(day1.snapshots.map((s) => s.sha256));
      expect((await store.verify()).problems).toEqual([]);
    } finally {
      await store.close();
    }
  });

  it('records a run left running as interrupted when the next run of its lane begins', async () => {
    const { location, day1, day2 } = setup();
    const store = await openRunStore(location);
    try {
      await store.beginRun({ id: day1.id, startedAt: day1.startedAt, configSha256: 'a'.repeat(64) });
      expect((await store.getRun(day1.id))?.status).toBe('running');
      expect(await store.listRuns()).toEqual([]);
      const interrupted = await store.beginRun({
        id: day2.id,
        startedAt: day2.startedAt,
        configSha256: 'a'.repeat(64),
      });
      expect(interrupted.map((r) => [r.id, r.status, r.seq])).toEqual([[day1.id, 'interrupted', 1]]);
      await expect(store.loadResults(day1.id)).rejects.toThrow(/no stored results/);
      await expect(
        store.finishRun(day1.id, { status: 'complete', finishedAt: day1.startedAt, exitCode: 0, snapshots: [] }),
      ).rejects.toThrow(/is not open/);
      expect((await store.verify()).ok).toBe(true);
    } finally {
      await store.close();
    }
  });

  it('detects an edited run, a deleted run, a removed last run and a changed document', async () => {
    const { location, day1, day2 } = setup();
    const store = await openRunStore(location);
    try {
      await record(store, day1);
      await record(store, day2);
      await record(store, { ...day1, id: `${day1.id.slice(0, -4)}beef`, startedAt: '2026-03-03T02:00:00.000Z' });
      expect((await store.verify()).ok).toBe(true);

      await sql(location, `UPDATE ledger SET entry = replace(entry, '"exitCode":1', '"exitCode":0') WHERE seq = 2`);
      expect((await store.verify()).problems).toEqual([
        'entry 2 was changed: its content does not hash to the hash it records',
      ]);
      await sql(location, 'DELETE FROM ledger WHERE seq = 2');
      const deleted = (await store.verify()).problems.join('\n');
      expect(deleted).toMatch(/entries 2..2 are missing/);
      expect(deleted).toMatch(/entry 3 does not follow entry 1/);

      await sql(location, 'DELETE FROM ledger WHERE seq = 3');
      expect((await store.verify()).problems).toEqual([
        'the ledger ends at entry 1, but its head records entry 3: entries at the end were removed or replaced',
      ]);

      await sql(location, `UPDATE blobs SET data = (SELECT data FROM blobs ORDER BY size LIMIT 1)`);
      const changed = await store.verify();
      expect(changed.ok).toBe(false);
      expect(changed.problems.join('\n')).toMatch(/entry 1 \(run .*\) results: stored part [0-9a-f]{64} was changed/);
    } finally {
      await store.close();
    }
  });

  it('stores an unchanged day in little more than its times and identity', async () => {
    const { location, day1, day2 } = setup();
    const store = await openRunStore(location);
    try {
      await record(store, day1);
      const size = async () => {
        const [row] = await (
          store as unknown as { db: { all: (s: string) => Promise<Record<string, unknown>[]> } }
        ).db.all('SELECT COUNT(*) AS n, SUM(size) AS bytes FROM blobs');
        return { n: Number(row!.n), bytes: Number(row!.bytes) };
      };
      const after1 = await size();
      await record(store, day2);
      const after2 = await size();
      // Only the parts holding times and the run's identity are new.
      expect(after2.n - after1.n).toBeLessThan(after1.n / 2);
      expect(after2.bytes - after1.bytes).toBeLessThan(after1.bytes / 4);
    } finally {
      await store.close();
    }
  });

  it('prunes old runs, keeps the ones asked for, and the ledger still verifies', async () => {
    const { location, day1, day2 } = setup();
    const store = await openRunStore(location);
    try {
      const kept = { ...day1, id: `${day1.id.slice(0, -4)}cafe`, startedAt: '2026-02-01T02:00:00.000Z' };
      await record(store, kept);
      await record(store, day1);
      await record(store, day2);
      const result = await store.prune({
        before: '2026-03-02',
        at: '2026-03-05T00:00:00.000Z',
        keep: new Set([kept.id]),
      });
      expect(result.pruned.map((r) => r.id)).toEqual([day1.id]);
      expect(result.kept.map((r) => r.id)).toEqual([kept.id]);
      expect(result.entrySeq).toBe(4);
      expect((await store.listRuns()).map((r) => r.id)).toEqual([kept.id, day2.id]);
      await expect(store.loadResults(day1.id)).rejects.toThrow(/no run/);
      // day2's documents share parts with day1's: they must survive the garbage collection.
      expect(await store.loadResults(day2.id)).toEqual(day2.results);
      expect(await store.verify()).toMatchObject({ ok: true, pruned: 1, runs: 2 });

      await sql(location, `UPDATE ledger SET hash = '${'e'.repeat(64)}' WHERE seq = 2`);
      expect((await store.verify()).problems.join('\n')).toMatch(/entry 2 was pruned, but its hash or id differs/);
    } finally {
      await store.close();
    }
  });

  it('detects reordered runs, a document pointed at other content, and broken prune records', async () => {
    const { location, day1, day2 } = setup();
    const store = await openRunStore(location);
    const third = { ...day1, id: `${day1.id.slice(0, -4)}f00d`, startedAt: '2026-03-03T02:00:00.000Z' };
    try {
      await record(store, day1);
      await record(store, day2);
      await record(store, third);
      // Entries 2 and 3 swap places, each keeping its own content and hashes.
      await sql(location, 'UPDATE ledger SET seq = 99 WHERE seq = 2');
      await sql(location, 'UPDATE ledger SET seq = 2 WHERE seq = 3');
      await sql(location, 'UPDATE ledger SET seq = 3 WHERE seq = 99');
      const reordered = (await store.verify()).problems;
      expect(reordered).toContain("entry 2 does not follow entry 1: its previous hash is not that entry's hash");
      expect(reordered).toContain("entry 3 does not follow entry 2: its previous hash is not that entry's hash");
      await sql(location, 'UPDATE ledger SET seq = 99 WHERE seq = 2');
      await sql(location, 'UPDATE ledger SET seq = 2 WHERE seq = 3');
      await sql(location, 'UPDATE ledger SET seq = 3 WHERE seq = 99');
      expect((await store.verify()).problems).toEqual([]);

      // day2's results made to read as day1's: every part is intact, the document is not.
      const results2 = (await store.getRun(day2.id))!.resultsSha256!;
      const results1 = (await store.getRun(day1.id))!.resultsSha256!;
      await sql(
        location,
        `UPDATE documents SET root = (SELECT root FROM documents WHERE sha256 = '${results1}') WHERE sha256 = '${results2}'`,
      );
      expect((await store.verify()).problems).toEqual([
        `entry 2 (run ${day2.id}) results: stored document ${results2} was changed`,
      ]);
      await expect(store.loadResults(day2.id)).rejects.toThrow(/was changed/);
    } finally {
      await store.close();
    }

    const pruning = await openRunStore(setup().location);
    const prunedAt = pruning.location;
    try {
      await record(pruning, day1);
      await record(pruning, day2);
      await pruning.prune({ before: '2026-03-02', at: '2026-03-05T00:00:00.000Z', keep: new Set() });
      expect(await pruning.verify()).toMatchObject({ ok: true, pruned: 1 });
      // The prune record edited: it no longer hashes to itself.
      await sql(prunedAt, `UPDATE ledger SET entry = replace(entry, '2026-03-05', '2026-03-06') WHERE seq = 3`);
      expect((await pruning.verify()).problems).toEqual([
        'entry 3 was changed: its content does not hash to the hash it records',
      ]);
      await sql(prunedAt, `UPDATE ledger SET entry = replace(entry, '2026-03-06', '2026-03-05') WHERE seq = 3`);
      // The pruned run no longer points at the record of its removal.
      await sql(prunedAt, 'UPDATE ledger SET pruned_by = 2 WHERE seq = 1');
      expect((await pruning.verify()).problems).toEqual([
        'entry 1 has no content and no prune entry records its removal',
      ]);
    } finally {
      await pruning.close();
    }
  });

  it('prunes what only pruned runs used: their documents, digests and parts', async () => {
    const { location, day1, day2 } = setup();
    const store = await openRunStore(location);
    const db = (store as unknown as { db: { all: (s: string) => Promise<Record<string, unknown>[]> } }).db;
    const count = async (table: string) => Number((await db.all(`SELECT COUNT(*) AS n FROM ${table}`))[0]!.n);
    try {
      await record(store, day1);
      // A digest is kept per results document.
      await store.loadDigest(day1.id);
      const one = { documents: await count('documents'), digests: await count('digests'), blobs: await count('blobs') };
      await record(store, day2);
      expect(await count('digests')).toBe(2);
      const result = await store.prune({ before: '2026-03-02', at: '2026-03-05T00:00:00.000Z', keep: new Set() });
      expect(result.pruned.map((r) => r.id)).toEqual([day1.id]);
      expect(result.blobsRemoved).toBeGreaterThan(0);
      // What is left is what day2 alone would have stored.
      expect(await count('documents')).toBe(one.documents);
      expect(await count('digests')).toBe(1);
      expect(await count('blobs')).toBeLessThanOrEqual(one.blobs);
      expect(await store.loadDigest(day2.id)).toBeDefined();
      expect(await store.loadResults(day2.id)).toEqual(day2.results);
      expect(await store.verify()).toMatchObject({ ok: true, runs: 1, pruned: 1 });
    } finally {
      await store.close();
    }
  });
}
