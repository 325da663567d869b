// What the audit must survive and scale to, against any store: an audit killed midway (SIGTERM,
// SIGKILL) and shards written by concurrent processes, then merged. Run on SQLite and PostgreSQL.
import { readFileSync } from 'node:fs';
import { expect, it } from 'vitest';
import type { Results } from '../../src/model/results.ts';
import { openRunStore } from '../../src/store/index.ts';
import type { AuditFolder } from './audit-harness.ts';
import { runCliProcess, silentServer, startCli, until } from './processes.ts';

const NOW = '2026-05-01T04:00:00Z';

/** Sources from several of the bundled examples, each named, so shards split them. */
const SHARDED_SOURCES = [
  'sources:',
  '  - {collector: iac, name: tf-aws, paths: [infra/terraform/aws]}',
  '  - {collector: iac, name: tf-azure, paths: [infra/terraform/azure]}',
  '  - {collector: iac, name: k8s, paths: [infra/kubernetes]}',
  '  - {collector: iac, name: cfn, paths: [infra/cloudformation]}',
  '  - {collector: iac, name: arm, paths: [infra/arm]}',
  '  - {collector: iac, name: tf-modules, paths: [infra/terraform/modules]}',
  '',
];

/** Results without what makes a run this run: its identity and times. */
function withoutIdentity(results: Results): unknown {
  const { run, generatedAt, ...rest } = results;
  return rest;
}

export function killAndShardTests(folder: () => AuditFolder, newStore: () => Promise<string>) {
  for (const signal of ['SIGTERM', 'SIGKILL'] as const) {
    it(`keeps the store consistent when an audit is killed midway with ${signal}; the next audit records it as interrupted`, async () => {
      const f = folder();
      const store = await newStore();
      const silent = await silentServer();
      try {
        f.file('known_hosts', '');
        const config = f.file(
          `hang-${signal}.yaml`,
          [
            `output-dir: evidence-${signal}/`,
            'sources:',
            '  - {collector: iac, paths: [infra/terraform]}',
            `  - {collector: host, ssh: ["audit@127.0.0.1:${silent.port}"], known-hosts: known_hosts, timeout: 3600}`,
            '',
          ].join('\n'),
        );
        const audit = startCli(['audit', '-c', config, '--store', store], f.dir, { ASSAY_NOW: NOW });
        // Midway: the run is open in the store, and the host collection waits on the silent server.
        await until(() => /collecting host-2/.test(audit.stderr()), 'the host collection starts', audit.child);
        const reader = await openRunStore(store);
        try {
          await until(async () => (await reader.openRuns()).length === 1, 'the run is open in the store', audit.child);
          audit.child.kill(signal);
          const ended = await audit.done;
          expect(ended.signal).toBe(signal);
          expect((await reader.verify()).problems).toEqual([]);
          const [open] = await reader.openRuns();
          expect(open?.status).toBe('running');

          const next = await runCliProcess(['audit', '-c', config, '--store', store], f.dir, {
            ASSAY_NOW: '2026-05-02T04:00:00Z',
          });
          expect(next.stderr).toContain(`recorded run ${open!.id} (ledger entry 1, interrupted, exit -)`);
          const runs = await reader.listRuns();
          expect(runs.map((r) => [r.seq, r.id === open!.id, r.status])).toEqual([
            [1, true, 'interrupted'],
            [2, false, 'complete'],
          ]);
          expect(await reader.openRuns()).toEqual([]);
          expect((await reader.verify()).ok).toBe(true);
        } finally {
          await reader.close();
        }
      } finally {
        silent.close();
      }
    });
  }

  it('merges shards written by concurrent processes into one run equal to an unsharded run', async () => {
    const f = folder();
    const store = await newStore();
    const config = f.file('sharded.yaml', ['output-dir: sharded-evidence/', ...SHARDED_SOURCES].join('\n'));
    const shards = await Promise.all(
      [1, 2, 3].map((i) =>
        runCliProcess(['audit', '-c', config, '--store', store, '--shard', `${i}/3`, '--batch', 'nightly-1'], f.dir, {
          ASSAY_NOW: NOW,
        }),
      ),
    );
    for (const shard of shards) expect(shard.stderr).toMatch(/recorded run .* \(ledger entry \d, complete/);
    const merged = await f.cli(['merge', '-c', config, '--store', store, '--batch', 'nightly-1'], NOW);
    expect(merged.stderr).toMatch(/merging 3 shards/);
    const whole = await f.cli(['audit', '-c', config, '--store', store, '--output-dir', 'unsharded-evidence'], NOW);
    expect([merged.code, whole.code]).toEqual([1, 1]);

    const mergedResults = JSON.parse(readFileSync(f.path('sharded-evidence', 'results.json'), 'utf8')) as Results;
    const wholeResults = JSON.parse(readFileSync(f.path('unsharded-evidence', 'results.json'), 'utf8')) as Results;
    expect(mergedResults.run?.inputs.snapshots.map((s) => s.path)).toEqual(
      ['tf-aws', 'tf-azure', 'k8s', 'cfn', 'arm', 'tf-modules'].map((n) => `${n}.json`),
    );
    expect(withoutIdentity(mergedResults)).toEqual(withoutIdentity(wholeResults));

    const reader = await openRunStore(store);
    try {
      const runs = await reader.listRuns();
      expect(runs.map((r) => r.shard?.index ?? 'whole')).toEqual([
        ...runs.slice(0, 3).map((r) => r.shard!.index),
        0,
        'whole',
      ]);
      expect(
        runs
          .slice(0, 3)
          .map((r) => r.shard!.index)
          .sort(),
      ).toEqual([1, 2, 3]);
      const mergedRun = runs[3]!;
      expect(mergedRun.mergedFrom?.sort()).toEqual(
        runs
          .slice(0, 3)
          .map((r) => r.id)
          .sort(),
      );
      for (const shard of runs.slice(0, 3)) expect(shard.shard?.mergedInto).toBe(mergedRun.id);
      expect((await reader.verify()).ok).toBe(true);
      // Merged once: a second merge of the batch finds nothing left to join.
      const again = await f.cli(['merge', '-c', config, '--store', store, '--batch', 'nightly-1'], NOW);
      expect(again.stderr).toMatch(/no complete, unmerged shard runs/);
      expect(again.code).toBe(2);
    } finally {
      await reader.close();
    }
  });

  it('refuses to merge while a shard is missing, naming it', async () => {
    const f = folder();
    const store = await newStore();
    const config = f.file('partial.yaml', ['output-dir: partial-evidence/', ...SHARDED_SOURCES].join('\n'));
    for (const i of [1, 3]) {
      await f.cli(['audit', '-c', config, '--store', store, '--shard', `${i}/3`, '--batch', 'b7'], NOW);
    }
    const merged = await f.cli(['merge', '-c', config, '--store', store, '--batch', 'b7'], NOW);
    expect(merged.stderr).toMatch(/shard 2\/3 of .*partial\.yaml in batch b7 did not complete: nothing merged/);
    expect(merged.code).toBe(2);
  });
}
