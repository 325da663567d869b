// `assay audit` with an `ad` source against the run's Samba domain controller (shared with the
// other *.dc.test.ts files, started once) beside the bundled Terraform, recorded in SQLite and in
// PostgreSQL (when Debian's PostgreSQL is installed). A second `ad` source with a wrong password
// fails and leaves a gap while the rest is audited. The directory changes between the two days;
// the domain does not (other tests share it): the diff shows only its ages a day older.
import fs from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunDiff } from '../../src/history/diff.ts';
import type { Results } from '../../src/model/results.ts';
import type { Dc } from '../ad/samba-dc.ts';
import { dcTestsDisabled, sharedSambaDc } from '../ad/shared-dc.ts';
import { PostgresServer, pgTestsEnabled } from '../store/postgres-server.ts';
import { AuditFolder, controlsBlindedBy, openAuditStore } from './audit-harness.ts';

const disabled = await dcTestsDisabled();
const pgReady = !disabled && pgTestsEnabled();
const server = new PostgresServer();
const stores: { name: string; location: string }[] = [{ name: 'SQLite', location: 'history.db' }];
let folder: AuditFolder;
let dc: Dc;

function config(store: string, i: number): string {
  const ad = (name: string, passwordFile: string) =>
    `  - {collector: ad, name: ${name}, url: "${dc.url}", bind-dn: "${dc.bindDn}", ca-file: "${dc.caFile}", password-file: ${passwordFile}}`;
  return [
    `store: ${store}`,
    `output-dir: evidence-${i}/`,
    'sources:',
    '  - {collector: iac, name: infra, paths: [infra/]}',
    ad('domain', 'password'),
    ad('wrong-password', 'wrong-password'),
    '',
  ].join('\n');
}

describe.skipIf(disabled)('assay audit with an ad source, in SQLite and PostgreSQL', () => {
  beforeAll(async () => {
    dc = await sharedSambaDc();
    folder = new AuditFolder(['terraform']);
    fs.writeFileSync(folder.path('password'), `${dc.password}\n`, { mode: 0o600 });
    fs.writeFileSync(folder.path('wrong-password'), 'Not-The-Password-1!\n', { mode: 0o600 });
    if (pgReady) {
      await server.start();
      stores.push({ name: 'PostgreSQL', location: await server.database() });
    }
    // Provisioning the domain controller takes minutes on a busy machine.
  }, 600_000);
  afterAll(() => {
    if (pgReady) server.stop();
    folder?.remove();
  });

  it('records the domain and the code per source, the failing source as a gap, and the change between days', async () => {
    const audit = (i: number, day: string) => folder.cli(['audit', '-c', `assay-${i}.yaml`], day);
    for (const [i, store] of stores.entries()) {
      folder.file(`assay-${i}.yaml`, config(store.location, i));
      const run = await audit(i, '2026-06-01T03:00:00Z');
      expect(run.stderr).toMatch(/\] infra: [1-9]\d* resources/);
      expect(run.stderr).toMatch(/\] domain: [1-9]\d* resources/);
      expect(run.stderr).toMatch(/\] wrong-password: FAILED: /);
      expect(run.stdout + run.stderr).not.toContain(dc.password);
      expect(run.code, run.stderr).toBe(2);
    }
    fs.rmSync(folder.path('infra', 'terraform', 'azure'), { recursive: true, force: true });
    for (const i of stores.keys()) expect((await audit(i, '2026-06-02T03:00:00Z')).code).toBe(2);

    const diffs: RunDiff[] = [];
    for (const store of stores) {
      const opened = await openAuditStore(folder, store.location);
      try {
        const runs = await opened.listRuns();
        expect(runs.map((r) => [r.status, r.exitCode, r.snapshotSha256s.length])).toEqual([
          ['complete', 2, 3],
          ['complete', 2, 3],
        ]);
        const snapshots = await opened.loadSnapshots(runs[1]!.id);
        const [infra, domain, wrong] = snapshots.map((s) => s.sources[0]!);
        expect([infra!.status, domain!.status, wrong!.status]).toEqual(['ok', 'ok', 'failed']);
        expect(snapshots[1]!.resources.some((r) => r.kind === 'identity.password_policy')).toBe(true);
        expect(snapshots[2]!.resources).toEqual([]);
        const results: Results = await opened.loadResults(runs[1]!.id);
        expect(results.summary.resources).toBe(snapshots.reduce((n, s) => n + s.resources.length, 0));
        const { gaps: failedGaps, controls: blind } = controlsBlindedBy(results, wrong!);
        expect(failedGaps.length).toBeGreaterThan(0);
        // What the failing source would have read is never passed on the strength of the other.
        expect(blind.length).toBeGreaterThan(0);
        expect(blind.filter((c) => c.status === 'pass')).toEqual([]);
        // The domain's own findings are there: the seeded weak password policy fails ISO 27001 5.17.
        const iso = results.frameworks.find((f) => f.id.startsWith('iso'));
        expect(iso?.controls.find((c) => c.id === '5.17')?.status).toBe('fail');
        expect(await opened.verify()).toMatchObject({ ok: true, runs: 2 });
      } finally {
        await opened.close();
      }
      const diff = await folder.cli(['diff', '--store', store.location, '--format', 'json']);
      expect(diff.code, diff.stderr).toBe(0);
      diffs.push(JSON.parse(diff.stdout) as RunDiff);
    }
    const [diff] = diffs;
    // The Azure Terraform left; the domain, read twice, is the same.
    expect(diff!.resources.removed.length).toBeGreaterThan(0);
    expect(diff!.resources.removed.every((r) => r.kind !== 'identity.password_policy')).toBe(true);
    expect(diff!.resources.added).toEqual([]);
    // The domain itself did not change; the clock moved a day, so every age in days grew by one.
    const domain = diff!.resources.changed.filter((c) => c.kind.startsWith('identity.'));
    expect(domain.length).toBeGreaterThan(0);
    for (const change of domain.flatMap((c) => c.changes)) {
      expect(change.path).toMatch(/[dD]ays/);
      expect(change.after).toBe((change.before as number) + 1);
    }
    const shape = (d: RunDiff) => ({ ...d, from: undefined, to: undefined });
    if (diffs.length > 1) expect(shape(diffs[1]!)).toEqual(shape(diffs[0]!));
    // Four audits and their reads over live collectors: minutes on a busy machine.
  }, 300_000);
});
