// `assay prune --keep-days N` over real audits: old runs go, a run that retained signed evidence
// refers to stays, the ledger records the removal and still verifies.
import { cpSync } from 'node:fs';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openRunStore } from '../../src/store/index.ts';
import { AuditFolder, minimalConfig } from './audit-harness.ts';

let folder: AuditFolder;

beforeAll(() => {
  folder = new AuditFolder(['terraform']);
});
afterAll(() => folder.remove());

describe('assay prune', () => {
  it('removes old runs except those behind signed evidence, and the ledger records it', async () => {
    folder.file('assay.yaml', minimalConfig());
    expect((await folder.cli(['keygen', '--out-dir', 'keys'])).code).toBe(0);
    const days = ['2026-01-01', '2026-01-02', '2026-01-03', '2026-03-01'];
    for (const day of days) {
      expect((await folder.cli(['audit', '-c', 'assay.yaml'], `${day}T03:00:00Z`)).code).toBe(1);
      if (day === '2026-01-02') {
        // This day's evidence is signed and archived: its run must stay.
        expect((await folder.cli(['sign', 'evidence', '--key', 'keys/assay-signing.key'])).code).toBe(0);
        cpSync(folder.path('evidence'), folder.path('archive', day), { recursive: true });
      }
      if (day === '2026-01-03') {
        // Archived but not signed: no protection.
        cpSync(folder.path('evidence'), folder.path('archive', day), { recursive: true });
      }
    }
    const store = await openRunStore(folder.path('history.db'));
    const [, signedRun] = await store.listRuns();

    const pruned = await folder.cli(
      ['prune', '--keep-days', '30', '-c', 'assay.yaml', '--evidence', 'archive'],
      '2026-03-05T00:00:00Z',
    );
    expect(pruned.stderr).toContain(`kept run ${signedRun!.id}: signed evidence in`);
    expect(pruned.stdout).toMatch(
      /^pruned 2 runs \(.*\), kept 1 older ones for their signed evidence, removed \d+ stored parts; recorded as ledger entry 5/,
    );
    expect(pruned.code).toBe(0);
    try {
      const left = await store.listRuns();
      expect(left.map((r) => [r.seq, r.startedAt.slice(0, 10)])).toEqual([
        [2, '2026-01-02'],
        [4, '2026-03-01'],
      ]);
      expect(await store.loadResults(signedRun!.id)).toMatchObject({ run: { id: signedRun!.id } });
    } finally {
      await store.close();
    }
    const verified = await folder.cli(['verify', '--store', 'history.db']);
    expect(verified.stdout).toMatch(/ledger intact \(2 runs, 2 pruned/);
    expect(verified.code).toBe(0);

    const again = await folder.cli(
      ['prune', '--keep-days', '30', '--store', 'history.db', '--evidence', 'archive'],
      '2026-03-05T00:00:00Z',
    );
    expect(again.stdout).toMatch(/^nothing to prune/);

    // The next audit continues the chain after the prune entry.
    await folder.cli(['audit', '-c', 'assay.yaml'], '2026-03-06T03:00:00Z');
    expect((await folder.cli(['verify', '--store', 'history.db'])).stdout).toMatch(
      /ledger intact \(3 runs, 2 pruned.*head entry 6 /,
    );
  });

  it('verify --store says so when there is no store, and when the ledger was tampered with', async () => {
    const missing = await folder.cli(['verify', '--store', 'nothing-here.db']);
    expect(missing.stderr).toMatch(/nothing-here\.db: no run store there/);
    expect(missing.code).toBe(2);

    const db = new Database(folder.path('history.db'));
    db.prepare(`UPDATE ledger SET entry = replace(entry, '"exitCode":1', '"exitCode":0') WHERE seq = 4`).run();
    db.close();
    const tampered = await folder.cli(['verify', '--store', 'history.db']);
    expect(tampered.stdout).toMatch(
      /^problem: entry 4 was changed: its content does not hash to the hash it records\nFAILED: /,
    );
    expect(tampered.code).toBe(1);
  });
});
