// `assay audit` over a live collector: an `aws` source against moto (started on loopback by the
// test) beside the bundled Terraform, recorded in SQLite and in PostgreSQL (a real server, when
// Debian's PostgreSQL is installed). A second `aws` source whose endpoint is closed fails and leaves
// a gap while the rest is audited. Between the two days the estate changes (moto's state and the
// IaC folder), and `diff` and `history` over each store say what changed.
import { rmSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ControlTimeline } from '../../src/history/control.ts';
import type { RunDiff } from '../../src/history/diff.ts';
import type { Results } from '../../src/model/results.ts';
import { Moto, motoAvailable } from '../collectors/aws/moto.ts';
import { PostgresServer, pgTestsEnabled } from '../store/postgres-server.ts';
import { AuditFolder, controlsBlindedBy, openAuditStore } from './audit-harness.ts';

const motoReady = motoAvailable();
const pgReady = motoReady && pgTestsEnabled();
const moto = new Moto();
const server = new PostgresServer();
let folder: AuditFolder;
const stores: { name: string; location: string }[] = [{ name: 'SQLite', location: 'history.db' }];

const awsEnv = {
  AWS_ACCESS_KEY_ID: 'testing',
  AWS_SECRET_ACCESS_KEY: 'testing',
  AWS_CONFIG_FILE: '/nonexistent/aws-config',
  AWS_SHARED_CREDENTIALS_FILE: '/nonexistent/aws-credentials',
};

const config = (store: string, i: number) =>
  [
    `store: ${store}`,
    `output-dir: evidence-${i}/`,
    'sources:',
    '  - {collector: iac, name: infra, paths: [infra/]}',
    `  - {collector: aws, name: moto, regions: [us-east-1], endpoint-url: "${moto.url}"}`,
    // Nothing listens on port 1: this source fails, the others go on.
    '  - {collector: aws, name: unreachable, regions: [us-east-1], endpoint-url: "http://127.0.0.1:1"}',
    '',
  ].join('\n');

describe.skipIf(!motoReady)('assay audit over moto and IaC, in SQLite and PostgreSQL', () => {
  beforeAll(async () => {
    folder = new AuditFolder(['terraform']);
    await moto.start();
    moto.seed(`
iam = boto3.client("iam", **kw)
iam.create_user(UserName="alice")
iam.create_login_profile(UserName="alice", Password="Replay-Only-Password-1")
iam.update_account_password_policy(MinimumPasswordLength=14, PasswordReusePrevention=24, MaxPasswordAge=90, RequireSymbols=True)
boto3.client("ec2", **kw).enable_ebs_encryption_by_default()
`);
    if (pgReady) {
      await server.start();
      stores.push({ name: 'PostgreSQL', location: await server.database() });
    }
  }, 120_000);
  afterAll(() => {
    moto.stop();
    if (pgReady) server.stop();
    folder?.remove();
  });

  it('records per-source results and a failing source as a gap, then the change between two days', async () => {
    const audit = async (store: { location: string }, i: number, day: string) => {
      const file = folder.file(`assay-${i}.yaml`, config(store.location, i));
      return folder.cli(['audit', '-c', file], day, awsEnv);
    };
    for (const [i, store] of stores.entries()) {
      const run = await audit(store, i, '2026-05-01T03:00:00Z');
      expect(run.stderr).toMatch(/\] infra: [1-9]\d* resources/);
      expect(run.stderr).toMatch(/\] moto: [1-9]\d* resources/);
      expect(run.stderr).toMatch(/\] unreachable: FAILED: /);
      // Unread input decides the exit code, as in `scan`.
      expect(run.code, run.stderr).toBe(2);
    }

    // The estate changes overnight: a weaker password policy, a new user, EBS encryption by default
    // off; the Azure Terraform leaves the repository.
    moto.seed(`
iam = boto3.client("iam", **kw)
iam.update_account_password_policy(MinimumPasswordLength=8, PasswordReusePrevention=24, MaxPasswordAge=90, RequireSymbols=True)
iam.create_user(UserName="bob")
boto3.client("ec2", **kw).disable_ebs_encryption_by_default()
`);
    rmSync(folder.path('infra', 'terraform', 'azure'), { recursive: true, force: true });
    for (const [i, store] of stores.entries()) {
      expect((await audit(store, i, '2026-05-02T03:00:00Z')).code).toBe(2);
    }

    const diffs: RunDiff[] = [];
    for (const store of stores) {
      const opened = await openAuditStore(folder, store.location);
      try {
        const runs = await opened.listRuns();
        expect(runs.map((r) => [r.status, r.exitCode, r.snapshotSha256s.length])).toEqual([
          ['complete', 2, 3],
          ['complete', 2, 3],
        ]);
        const snapshots = await opened.loadSnapshots(runs[0]!.id);
        const [infra, live, failed] = snapshots.map((s) => s.sources[0]!);
        expect([infra!.status, live!.collector, failed!.status]).toEqual(['ok', 'aws', 'failed']);
        expect(snapshots[1]!.resources.map((r) => r.uid)).toContain('aws:123456789012:iam:password-policy');
        expect(snapshots[2]!.resources).toEqual([]);
        const results: Results = await opened.loadResults(runs[0]!.id);
        // The failed source's gap makes the controls over what it would have read not evaluated.
        const { gaps: failedGaps, controls: blind } = controlsBlindedBy(results, failed!);
        expect(failedGaps.length).toBeGreaterThan(0);
        expect(blind.length).toBeGreaterThan(0);
        expect(blind.filter((c) => c.status === 'pass')).toEqual([]);
        expect(blind.some((c) => c.status === 'not-evaluated')).toBe(true);
        // Each source's resources are in the results, counted once.
        expect(results.summary.resources).toBe(snapshots.reduce((n, s) => n + s.resources.length, 0));
        expect(await opened.verify()).toMatchObject({ ok: true, runs: 2 });
      } finally {
        await opened.close();
      }

      const diff = await folder.cli(['diff', '--store', store.location, '--format', 'json']);
      expect(diff.code, diff.stderr).toBe(0);
      diffs.push(JSON.parse(diff.stdout) as RunDiff);
      const history = await folder.cli([
        'history',
        '--store',
        store.location,
        '--control',
        'pci-dss:8.3.6',
        '--format',
        'json',
      ]);
      const timeline = JSON.parse(history.stdout) as ControlTimeline;
      expect(timeline.entries.map((e) => e.startedAt)).toEqual([
        '2026-05-01T03:00:00.000Z',
        '2026-05-02T03:00:00.000Z',
      ]);
      // The policy's minimum length fell from 14 to 8: one more failure under 8.3.6 on day 2.
      const [before, after] = timeline.entries;
      expect(after!.status).toBe('fail');
      expect(after!.coverage!.failed).toBe(before!.coverage!.failed + 1);
    }

    const [diff] = diffs;
    const policy = diff!.resources.changed.find((c) => c.uid === 'aws:123456789012:iam:password-policy');
    expect(policy?.changes).toEqual([expect.objectContaining({ path: 'props.minLength', before: 14, after: 8 })]);
    const ebs = diff!.resources.changed.find((c) => c.kind === 'compute.disk_encryption_default');
    expect(ebs?.changes).toEqual([expect.objectContaining({ path: 'props.enabled', before: true, after: false })]);
    expect(diff!.resources.added.map((r) => r.uid)).toContain('arn:aws:iam::123456789012:user/bob');
    expect(diff!.resources.removed.length).toBeGreaterThan(0);
    expect(diff!.resources.removed.every((r) => !r.uid.startsWith('arn:aws'))).toBe(true);
    expect(diff!.newFindings.map((f) => f.ruleId)).toContain('identity.password_min_length');
    // The same estate on both databases: the same diff, run ids and times aside.
    const shape = (d: RunDiff) => ({ ...d, from: undefined, to: undefined });
    if (diffs.length > 1) expect(shape(diffs[1]!)).toEqual(shape(diffs[0]!));
    // Four audits and their reads over live collectors: minutes on a busy machine.
  }, 300_000);
});
