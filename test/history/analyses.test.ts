// The history analyses over a real SQLite run store holding real runs (test/history/estate.ts):
// every figure is checked against the stored results it is drawn from.
import { rmSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { controlTimeline, parseControlRef } from '../../src/history/control.ts';
import { diffRuns } from '../../src/history/diff.ts';
import { periodReport } from '../../src/history/period.ts';
import { HistoryError, listRunRows } from '../../src/history/runs.ts';
import { drawSample } from '../../src/history/sample.ts';
import type { PeriodReport } from '../../src/model/period.ts';
import type { Results } from '../../src/model/results.ts';
import { openRunStore, type RunStore } from '../../src/store/index.ts';
import { DAYS, type Recorded, recordScenario } from './estate.ts';

let recorded: Recorded;
let store: RunStore;
let results: Map<string, Results>;
let ids: string[];
/** Run ids by scenario day: 0 Jan 1, 1 Jan 2, 2 Jan 3, 3 Jan 5 (failed), 4 Jan 6. */
const run = (day: number) => ids[day]!;

beforeAll(async () => {
  recorded = await recordScenario();
  ids = recorded.runIds;
  store = await openRunStore(recorded.storeFile);
  results = new Map();
  for (const id of ids) if (id !== run(3)) results.set(id, await store.loadResults(id));
});
afterAll(async () => {
  await store?.close();
  if (recorded) rmSync(recorded.dir, { recursive: true, force: true });
});

const statusIn = (id: string, framework: string, control: string) =>
  results
    .get(id)!
    .frameworks.find((f) => f.id === framework)!
    .controls.find((c) => c.id === control)!.status;

describe('runs', () => {
  it('lists every run in ledger order, the failed one without results', async () => {
    const rows = await listRunRows(store);
    expect(rows.map((r) => r.id)).toEqual(ids);
    expect(rows.map((r) => r.status)).toEqual(['complete', 'complete', 'complete', 'failed', 'complete']);
    expect(rows.map((r) => r.hasResults)).toEqual([true, true, true, false, true]);
    expect(rows.map((r) => r.startedAt)).toEqual(DAYS.map((d) => d.at));
    expect((await listRunRows(store, { from: '2026-01-03', to: '2026-01-05T23:59:59Z' })).map((r) => r.id)).toEqual([
      run(2),
      run(3),
    ]);
  });
});

describe('diff', () => {
  it('by default compares the last two complete runs (the failed run is skipped)', async () => {
    const diff = await diffRuns(store);
    expect([diff.from.id, diff.to.id]).toEqual([run(2), run(4)]);
    // Jan 6 reopened SSH: the bastion's admin-port finding is new, and it is in Jan 6's results.
    const reopened = diff.newFindings.find((f) => f.ruleId === 'network.admin_ports_restricted');
    expect(reopened?.uid).toBe('terraform:infra/terraform/aws/main.tf:aws_security_group.bastion');
    const day6 = results.get(run(4))!.findings.map((f) => f.fingerprint);
    const day3 = new Set(results.get(run(2))!.findings.map((f) => f.fingerprint));
    expect(diff.newFindings.map((f) => f.fingerprint).sort()).toEqual(day6.filter((fp) => !day3.has(fp)).sort());
    expect(diff.resources.added.map((r) => r.uid)).toContain(
      'terraform:infra/terraform/aws/main.tf:aws_s3_bucket.added',
    );
    const bastion = diff.resources.changed.find((c) => c.uid.endsWith('aws_security_group.bastion'));
    expect(bastion?.changes).toContainEqual({
      path: 'props.rules[SSH from anywhere].sources',
      before: ['10.0.0.0/8'],
      after: ['0.0.0.0/0'],
    });
    const change = diff.controls.find((c) => c.framework === 'pci-dss' && c.control === '1.3.1');
    expect(change).toMatchObject({ before: 'pass', after: 'fail' });
    expect(change?.before).toBe(statusIn(run(2), 'pci-dss', '1.3.1'));
    // Every control status change is one the results show, and none is left out.
    for (const c of diff.controls) expect(c.after).toBe(statusIn(run(4), c.framework, c.control));
  });

  it('names the fixed findings between two runs given by id prefix', async () => {
    const diff = await diffRuns(store, run(1).slice(0, 8), run(2).slice(0, 8));
    expect(diff.fixedFindings.map((f) => f.ruleId).sort()).toEqual([
      'network.admin_ports_restricted',
      'network.database_ports_restricted',
    ]);
    expect(diff.newFindings).toEqual([]);
  });

  it('refuses an unknown run and a store with fewer than two complete runs', async () => {
    await expect(diffRuns(store, 'ffffffff', run(0))).rejects.toThrow(HistoryError);
    const single = await recordScenario(DAYS.slice(0, 1));
    const one = await openRunStore(single.storeFile);
    try {
      await expect(diffRuns(one)).rejects.toThrow(/diff needs two complete runs; the store has 1/);
    } finally {
      await one.close();
      rmSync(single.dir, { recursive: true, force: true });
    }
  });
});

describe('history of a control', () => {
  it('lists status and coverage per run, as the stored results state them', async () => {
    const timeline = await controlTimeline(store, parseControlRef('pci-dss:1.3.1'));
    expect(timeline.entries.map((e) => e.status)).toEqual(['fail', 'fail', 'pass', 'no-results', 'fail']);
    const day3 = results
      .get(run(2))!
      .frameworks.find((f) => f.id === 'pci-dss')!
      .controls.find((c) => c.id === '1.3.1')!;
    expect(timeline.entries[2]!.coverage).toMatchObject({
      inScope: day3.rules.reduce((n, r) => n + r.inScope, 0),
      passed: day3.rules.reduce((n, r) => n + r.passed, 0),
      failed: 0,
    });
    expect(timeline.title).toBe(day3.title);
  });

  it('refuses a control no run assessed, and a malformed reference', async () => {
    await expect(controlTimeline(store, parseControlRef('pci-dss:99.9'))).rejects.toThrow(
      /no stored run assessed pci-dss:99.9/,
    );
    expect(() => parseControlRef('8.3.6')).toThrow(/<framework>:<control>/);
    expect(() => parseControlRef('pci-dss:')).toThrow(/<framework>:<control>/);
  });
});

describe('period evidence', () => {
  let report: PeriodReport;
  beforeAll(async () => {
    report = await periodReport(store, {
      from: '2026-01-01',
      to: '2026-01-07',
      schedule: 'daily',
      toolVersion: 'test',
    });
  });

  it('counts the runs and names the one without results', () => {
    expect(report.runs).toMatchObject({ total: 5, complete: 4 });
    expect(report.runs.withoutResults.map((r) => r.id)).toEqual([run(3)]);
  });

  it('finds the longest failing stretch and the run that ended it', () => {
    const c = report.controls.find((x) => x.framework === 'pci-dss' && x.control === '1.3.1')!;
    expect(c.runs).toBe(4);
    expect(c.passed).toBe(1);
    expect(c.statusCounts.fail).toBe(3);
    expect(c.longestFailing).toEqual({
      runs: 2,
      firstRun: run(0),
      lastRun: run(1),
      from: DAYS[0]!.at,
      to: DAYS[1]!.at,
      endedBy: run(2),
    });
    expect(c.lastStatus).toBe('fail');
  });

  it('agrees with the stored results for every control and run', () => {
    for (const c of report.controls) {
      const statuses = c.timeline.map((t) => t.status);
      expect(statuses).toEqual(c.timeline.map((t) => statusIn(t.run, c.framework, c.control)));
      expect(c.passed).toBe(statuses.filter((s) => s === 'pass').length);
    }
    // Manual controls are left out; every assessed control of every run is in.
    const assessed = results.get(run(0))!.frameworks.flatMap((f) => f.controls.filter((c) => c.status !== 'manual'));
    expect(report.controls).toHaveLength(assessed.length);
  });

  it('lists the exception with its approver where the waiver accepted the control failures', () => {
    const c = report.controls.find((x) => x.framework === 'pci-dss' && x.control === '3.7.4')!;
    expect(c.timeline.map((t) => t.status)).toEqual(['fail', 'fail', 'exception', 'exception']);
    expect(c.exceptions).toEqual([
      expect.objectContaining({
        waiver: 'LEGACY-KEY',
        approver: 'security@example.com',
        ticket: 'SEC-88',
        states: ['applied'],
        runs: 2,
        firstRun: run(2),
        lastRun: run(4),
      }),
    ]);
  });

  it('names the days with no complete run: no run on Jan 4, a failed run on Jan 5, none on Jan 7', () => {
    expect(report.schedule).toMatchObject({ expression: 'daily', slots: 7, satisfied: 4 });
    expect(report.schedule!.missed).toEqual([
      { from: '2026-01-04T00:00:00.000Z', to: '2026-01-05T00:00:00.000Z', incomplete: [] },
      { from: '2026-01-05T00:00:00.000Z', to: '2026-01-06T00:00:00.000Z', incomplete: [run(3)] },
      { from: '2026-01-07T00:00:00.000Z', to: '2026-01-08T00:00:00.000Z', incomplete: [] },
    ]);
  });

  it('reads the same from the digests the store keeps as from the full results', async () => {
    const fromResults = Object.assign(Object.create(store), { loadDigest: undefined });
    const again = await periodReport(fromResults, {
      from: '2026-01-01',
      to: '2026-01-07',
      schedule: 'daily',
      toolVersion: 'test',
      now: new Date(report.generatedAt),
    });
    expect(again).toEqual(report);
    expect(await store.loadDigest(run(3))).toBeUndefined();
  });

  it('keeps to the period and the frameworks asked for', async () => {
    const part = await periodReport(store, {
      from: '2026-01-02',
      to: '2026-01-03',
      frameworks: ['soc2'],
      toolVersion: 'test',
    });
    expect(part.runs.total).toBe(2);
    expect(Object.keys(part.frameworks)).toEqual(['soc2']);
    expect(new Set(part.controls.map((c) => c.framework))).toEqual(new Set(['soc2']));
    await expect(periodReport(store, { from: '2026-01-05', to: '2026-01-01', toolVersion: 't' })).rejects.toThrow(
      /is before --from/,
    );
    await expect(periodReport(store, { from: 'January', to: '2026-01-01', toolVersion: 't' })).rejects.toThrow(
      /--from must be a date/,
    );
  });
});

describe('sampling', () => {
  const options = {
    control: parseControlRef('pci-dss:1.3.1'),
    from: '2026-01-01',
    to: '2026-01-07',
    size: 2,
    seed: 'audit-2026',
    of: 'runs' as const,
  };

  it('draws the same sample for the same seed, and records the seed and the population hash', async () => {
    const a = await drawSample(store, options);
    const b = await drawSample(store, options);
    expect(b).toEqual(a);
    expect(a.population.size).toBe(4);
    expect(a.seed).toBe('audit-2026');
    expect(a.items).toHaveLength(2);
    expect(new Set(a.items.map((i) => i.run)).size).toBe(2);
    for (const item of a.items) expect(item.outcome).toBe(statusIn(item.run, 'pci-dss', '1.3.1'));
    // The population hash is over the sorted lines it describes.
    const { createHash } = await import('node:crypto');
    const lines = [run(0), run(1), run(2), run(4)]
      .map((id) => `${id} ${DAYS[ids.indexOf(id)]!.at} ${statusIn(id, 'pci-dss', '1.3.1')}`)
      .sort();
    expect(a.population.sha256).toBe(
      createHash('sha256')
        .update(lines.map((l) => `${l}\n`).join(''))
        .digest('hex'),
    );
  });

  it('draws differently for another seed at least once, and never more than the population', async () => {
    const seen = new Set<string>();
    for (const seed of ['a', 'b', 'c', 'd', 'e', 'f']) {
      seen.add(JSON.stringify((await drawSample(store, { ...options, seed })).items.map((i) => i.run)));
    }
    expect(seen.size).toBeGreaterThan(1);
    const all = await drawSample(store, { ...options, size: 25 });
    expect(all.items.map((i) => i.run).sort()).toEqual([run(0), run(1), run(2), run(4)].sort());
  });

  it('samples resources in the control scope with their outcome', async () => {
    const sample = await drawSample(store, { ...options, of: 'resources', size: 3 });
    const inScope = [...results.entries()].reduce((n, [, r]) => {
      const control = r.frameworks.find((f) => f.id === 'pci-dss')!.controls.find((c) => c.id === '1.3.1')!;
      const rules = new Set(control.rules.map((x) => x.ruleId));
      return n + new Set(r.evidence.filter((e) => rules.has(e.ruleId)).flatMap((e) => e.inScope)).size;
    }, 0);
    expect(sample.population.size).toBe(inScope);
    expect(sample.items).toHaveLength(3);
    expect(new Set(sample.items.map((i) => `${i.run} ${i.uid}`)).size).toBe(3);
    for (const item of sample.items) {
      const evidence = results.get(item.run)!.evidence;
      const failed = evidence.some((e) => e.failed.includes(item.uid!));
      if (item.outcome === 'failed') expect(failed).toBe(true);
      if (item.outcome === 'passed') expect(failed).toBe(false);
    }
  });

  it('refuses an empty population and a size that is not a positive integer', async () => {
    await expect(drawSample(store, { ...options, from: '2025-01-01', to: '2025-01-31' })).rejects.toThrow(
      /population is empty/,
    );
    await expect(drawSample(store, { ...options, size: 0 })).rejects.toThrow(/--size/);
  });
});
