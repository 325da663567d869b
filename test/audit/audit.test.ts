// `assay audit` end to end on SQLite: real runs of the bundled examples recorded in a store in a
// temporary file, on days moved by the clock (ASSAY_NOW), never by sleeping.
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Results } from '../../src/model/results.ts';
import { openRunStore } from '../../src/store/index.ts';
import { AuditFolder, minimalConfig } from './audit-harness.ts';

let folder: AuditFolder;

beforeAll(() => {
  folder = new AuditFolder();
});
afterAll(() => folder.remove());

describe('assay audit', () => {
  it('runs the minimal config, writes the evidence folder and records each day in the ledger', async () => {
    folder.file('assay.yaml', minimalConfig());
    const day1 = await folder.cli(['audit', '-c', 'assay.yaml'], '2026-04-01T03:00:00Z');
    expect(day1.stderr).toMatch(/\[1\/1\] iac-1: \d+ resources, 0 gaps/);
    expect(day1.code).toBe(1); // findings in the examples, as `scan` exits
    const results = JSON.parse(readFileSync(folder.path('evidence', 'results.json'), 'utf8')) as Results;
    expect(results.run?.startedAt).toBe('2026-04-01T03:00:00.000Z');
    expect(results.summary.open).toBeGreaterThan(0);
    expect((await folder.cli(['verify', 'evidence'])).code).toBe(0);

    const day2 = await folder.cli(['audit', '-c', 'assay.yaml'], '2026-04-02T03:00:00Z');
    expect(day2.code).toBe(1);
    const verified = await folder.cli(['verify', '--store', 'history.db']);
    expect(verified.stdout).toMatch(
      /^verified: .*history\.db: ledger intact \(2 runs, 0 pruned, 4 documents; head entry 2 [0-9a-f]{64}\)/,
    );
    expect(verified.code).toBe(0);

    const store = await openRunStore(folder.path('history.db'));
    try {
      const runs = await store.listRuns();
      expect(runs.map((r) => [r.seq, r.status, r.exitCode, r.startedAt])).toEqual([
        [1, 'complete', 1, '2026-04-01T03:00:00.000Z'],
        [2, 'complete', 1, '2026-04-02T03:00:00.000Z'],
      ]);
      expect(runs[1]!.previousHash).toBe(runs[0]!.hash);
      expect(runs[0]!.configSha256).toMatch(/^[0-9a-f]{64}$/);
      const stored = await store.loadResults(runs[1]!.id);
      const written = JSON.parse(readFileSync(folder.path('evidence', 'results.json'), 'utf8')) as Results;
      expect(stored).toEqual(written);
      // An unchanged estate: the same resources, stored once.
      const [a, b] = [await store.loadSnapshots(runs[0]!.id), await store.loadSnapshots(runs[1]!.id)];
      expect(b[0]!.resources).toEqual(a[0]!.resources);
    } finally {
      await store.close();
    }
  });

  it('records a failing source as a gap, audits the rest, and exits 2 as scan does for unread input', async () => {
    folder.file(
      'failing.yaml',
      [
        'store: failing.db',
        'output-dir: failing-evidence/',
        'sources:',
        '  - collector: iac',
        '    name: infra',
        '    paths: [infra/]',
        '  - collector: host',
        '    name: nowhere',
        '',
      ].join('\n'),
    );
    const run = await folder.cli(['audit', '-c', 'failing.yaml'], '2026-04-03T03:00:00Z');
    expect(run.stderr).toMatch(/nowhere: FAILED: nothing to collect/);
    expect(run.stderr).toMatch(/infra: \d+ resources/);
    expect(run.code).toBe(2);
    const results = JSON.parse(readFileSync(folder.path('failing-evidence', 'results.json'), 'utf8')) as Results;
    expect(results.summary.resources).toBeGreaterThan(0);
    expect(results.gaps.map((g) => g.source)).toContain('host');
    const store = await openRunStore(folder.path('failing.db'));
    try {
      expect((await store.listRuns()).map((r) => [r.status, r.exitCode, r.snapshotSha256s.length])).toEqual([
        ['complete', 2, 2],
      ]);
    } finally {
      await store.close();
    }
  });

  it('names file, line and schema path of a config mistake, and refuses secrets written in it', async () => {
    folder.file(
      'bad.yaml',
      ['store: x.db', 'sources:', '  - collector: iac', '    paths: [infra/]', '    colour: red', ''].join('\n'),
    );
    const bad = await folder.cli(['audit', '-c', 'bad.yaml']);
    expect(bad.stderr).toMatch(
      /^error: bad\.yaml:5: \/sources\/0\/colour collector iac: unknown option 'colour' \(schema: the iac collector's options/m,
    );
    expect(bad.code).toBe(2);

    folder.file('top.yaml', ['sources:', '  - collector: iac', '    paths: [infra/]', 'concurrency: 0', ''].join('\n'));
    expect((await folder.cli(['audit', '-c', 'top.yaml'])).stderr).toMatch(
      /^error: top\.yaml:4: \/concurrency must be >= 1 \(schema #\/properties\/concurrency\/minimum\)/m,
    );

    folder.file('unknown.yaml', ['sources:', '  - collector: gcp', ''].join('\n'));
    expect((await folder.cli(['audit', '-c', 'unknown.yaml'])).stderr).toMatch(
      /^error: unknown\.yaml:2: \/sources\/0\/collector must be one of iac, ad, host, aws, firewall, azure/m,
    );

    folder.file(
      'secret.yaml',
      [
        'sources:',
        '  - collector: ad',
        '    url: ldaps://dc.example:636',
        '    bind-dn: cn=reader',
        '    password: hunter2',
        '',
      ].join('\n'),
    );
    const secret = await folder.cli(['audit', '-c', 'secret.yaml']);
    expect(secret.stderr).toMatch(
      /^error: secret\.yaml:5: \/sources\/0\/password is a secret: never write it in the config; name where it is with password-env: VARIABLE or password-file: path/m,
    );
    expect(secret.stderr).not.toMatch(/hunter2/);

    folder.file(
      'pg.yaml',
      [
        'store: postgres://assay:hunter2@db.example/assay',
        'sources:',
        '  - collector: iac',
        '    paths: [infra/]',
        '',
      ].join('\n'),
    );
    const pg = await folder.cli(['audit', '-c', 'pg.yaml']);
    expect(pg.stderr).toMatch(/^error: pg\.yaml:1: \/store holds a password/m);
    expect(pg.stderr).not.toMatch(/hunter2/);
  });
});
