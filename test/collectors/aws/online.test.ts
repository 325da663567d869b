// `assay collect aws` online through the real SDK clients against the replay server on loopback:
// pagination, throttling then success, unprocessed keys, a denied region, Config off, stopped and
// partial, a malformed item, no password policy, expired credentials, every enabled region, EBS
// encryption by default, an organisation through a Config aggregator, and least privilege.
import { ConfigServiceClient, PutConfigRuleCommand } from '@aws-sdk/client-config-service';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { awsCollector } from '../../../src/collectors/aws/collector.ts';
import { runCollector } from '../../../src/collectors/run.ts';
import type { IdentityUserProps } from '../../../src/model/kinds.ts';
import type { Resource } from '../../../src/model/resource.ts';
import { makeSnapshot, sha256 } from '../../../src/model/snapshot.ts';
import { validateResources, validateSnapshot } from '../../../src/model/validate.ts';
import { evaluateSnapshots } from '../../../src/pipeline/evaluate.ts';
import { allowedActions, loadRules, ReplayServer } from './replay-server.ts';

const ACCOUNT = '111122223333';
const REGIONS = ['us-east-1', 'eu-west-1', 'us-west-2', 'eu-central-1', 'ap-southeast-2'];
const saved = { ...process.env };

beforeAll(() => {
  // The SDK's default chain reads these; no profile or instance role is consulted.
  process.env.AWS_ACCESS_KEY_ID = 'AKIAREPLAYTESTKEY000';
  process.env.AWS_SECRET_ACCESS_KEY = 'replay-secret-never-printed';
  process.env.AWS_CONFIG_FILE = '/nonexistent/aws-config';
  process.env.AWS_SHARED_CREDENTIALS_FILE = '/nonexistent/aws-credentials';
  delete process.env.AWS_PROFILE;
  delete process.env.AWS_ENDPOINT_URL;
});
afterAll(() => {
  process.env = saved;
});

let server: ReplayServer;
afterEach(async () => server?.stop());

/** `regions: null` gives none: the collector reads every enabled region. */
async function collect(rules: string, regions: string[] | null = REGIONS, extra: Record<string, unknown> = {}) {
  server = await new ReplayServer(loadRules(rules)).start();
  const progress: string[] = [];
  const collected = await runCollector(
    awsCollector,
    { ...(regions ? { regions: [regions.join(',')] } : {}), 'endpoint-url': server.url, ...extra },
    { onProgress: (e) => progress.push(e.message) },
  );
  return { collected, progress };
}

const byUid = (resources: Resource[], uid: string) => resources.find((r) => r.uid === uid);

describe('aws collector online (replay server)', () => {
  it('reads every region with its faults, each a gap, and the rest is collected', async () => {
    const { collected } = await collect('account.json');
    const { source, resources } = collected;
    expect(collected.failure).toBeUndefined();
    expect(validateResources(resources)).toEqual([]);
    expect(validateSnapshot(makeSnapshot('test', [source], resources))).toEqual([]);
    expect(source.status).toBe('partial');
    expect(source.target).toBe(`AWS accounts ${ACCOUNT}; regions ${[...REGIONS].sort().join(', ')}`);

    // Both pages of buckets, the unprocessed key retried, the throttled list retried.
    expect(resources.map((r) => r.uid).sort()).toEqual(
      [
        'arn:aws:s3:::mborch-test-bucket-config-item',
        'arn:aws:s3:::public-assets',
        `arn:aws:ec2:us-east-1:${ACCOUNT}:security-group/sg-1d56fc66`,
        `aws:${ACCOUNT}:iam:password-policy`,
        `arn:aws:iam::${ACCOUNT}:root`,
        `arn:aws:iam::${ACCOUNT}:user/alice`,
        `arn:aws:iam::${ACCOUNT}:user/bob`,
        // EBS encryption by default of every region but the denied one.
        ...['us-east-1', 'us-west-2', 'eu-central-1', 'ap-southeast-2'].map(
          (region) => `aws:${ACCOUNT}:${region}:ec2:ebs-encryption-by-default`,
        ),
      ].sort(),
    );
    const throttledCalls = server.calls.filter(
      (c) => c.action === 'config:ListDiscoveredResources' && c.request.resourceType === 'AWS::EC2::SecurityGroup',
    );
    expect(throttledCalls).toHaveLength(2);

    const gaps = source.gaps.map((g) => `${g.reason} | ${g.permission ?? '-'} | ${g.message}`);
    expect(gaps).toEqual(
      expect.arrayContaining([
        expect.stringMatching(
          /^permission-denied \| config:DescribeConfigurationRecorders \| config:DescribeConfigurationRecorders in account 111122223333 region eu-west-1 was denied/,
        ),
        expect.stringMatching(/^unreadable \| - \| AWS Config is off in account 111122223333 region us-west-2/),
        expect.stringMatching(
          /^unreadable \| - \| AWS Config is not recording in account 111122223333 region eu-central-1/,
        ),
        expect.stringMatching(
          /^unreadable \| - \| AWS Config in account 111122223333 region ap-southeast-2 does not record .*AWS::EC2::SecurityGroup, .*AWS::IAM::User/,
        ),
        expect.stringMatching(
          /^parse-error \| - \| arn:aws:ec2:us-east-1:111122223333:volume\/vol-a416b170 has unreadable configuration/,
        ),
        expect.stringMatching(
          /^permission-denied \| ec2:GetEbsEncryptionByDefault \| ec2:GetEbsEncryptionByDefault in account 111122223333 region eu-west-1 was denied/,
        ),
      ]),
    );
    expect(source.gaps).toHaveLength(6);
    expect(source.gaps.find((g) => g.permission === 'ec2:GetEbsEncryptionByDefault')?.kinds).toEqual([
      'compute.disk_encryption_default',
    ]);
    // The partial recorder names the kinds it hides, so their controls are not evaluated.
    const partial = source.gaps.find((g) => g.message.includes('ap-southeast-2'))!;
    expect(partial.kinds).toContain('network.firewall');
    expect(partial.kinds).not.toContain('identity.password_policy');
    // Buckets are recorded but the account's public access block is not: bucket exposure is not known.
    expect(partial.kinds).toContain('storage.bucket');
  });

  it('makes "no password policy set" a finding on IAM’s defaults, not a gap', async () => {
    const { collected } = await collect('account.json', ['us-east-1']);
    const policy = byUid(collected.resources, `aws:${ACCOUNT}:iam:password-policy`)!;
    expect(policy.props).toEqual({ scope: 'account', minLength: 8, complexity: true, maxAgeDays: 0, historySize: 0 });
    expect(policy.defaulted).toEqual(['minLength', 'complexity', 'maxAgeDays', 'historySize']);
    const snapshot = makeSnapshot('test', [collected.source], collected.resources);
    const results = await evaluateSnapshots([{ snapshot, sha256: sha256(JSON.stringify(snapshot)), file: 'aws.json' }]);
    const rules = results.findings.filter((f) => f.resource.uid === policy.uid).map((f) => f.ruleId);
    expect(rules).toEqual(expect.arrayContaining(['identity.password_min_length', 'identity.password_history']));
    expect(
      results.findings.filter((f) => f.ruleId === 'storage.public_access_blocked').map((f) => f.resource.uid),
    ).toEqual(['arn:aws:s3:::public-assets']);
  });

  it('reads MFA, console access and access keys of users and root from the credential report', async () => {
    const { collected } = await collect('account.json', ['us-east-1']);
    const user = (uid: string) => byUid(collected.resources, uid)!;
    expect(user(`arn:aws:iam::${ACCOUNT}:root`)).toMatchObject({
      nativeType: 'AWS::IAM::RootUser',
      props: {
        isRoot: true,
        mfaEnabled: false,
        consoleAccess: true,
        accessKeys: [{ active: true, createdAt: '2021-05-01T00:00:00+00:00', lastUsed: '2026-11-20T00:00:00+00:00' }],
      },
    });
    expect(user(`arn:aws:iam::${ACCOUNT}:user/alice`).props).toEqual({
      isRoot: false,
      mfaEnabled: false,
      consoleAccess: true,
      accessKeys: [],
      passwordLastSet: '2024-01-01T00:00:00+00:00',
      lastLogon: '2026-11-29T00:00:00+00:00',
    });
    // Key 2 was rotated out (inactive, with a rotation date): still a key, inactive.
    expect((user(`arn:aws:iam::${ACCOUNT}:user/bob`).props as IdentityUserProps).accessKeys).toEqual([
      { active: true, createdAt: '2025-01-01T00:00:00+00:00' },
      { active: false, createdAt: '2024-06-01T00:00:00+00:00' },
    ]);
    const snapshot = makeSnapshot('test', [collected.source], collected.resources);
    const results = await evaluateSnapshots([{ snapshot, sha256: sha256(JSON.stringify(snapshot)), file: 'aws.json' }]);
    const failedBy = (rule: string) =>
      results.findings
        .filter((f) => f.ruleId === rule)
        .map((f) => f.resource.uid)
        .sort();
    expect(failedBy('identity.root_no_access_keys')).toEqual([`arn:aws:iam::${ACCOUNT}:root`]);
    expect(failedBy('identity.user_mfa_enabled')).toEqual([
      `arn:aws:iam::${ACCOUNT}:root`,
      `arn:aws:iam::${ACCOUNT}:user/alice`,
    ]);
  });

  it('reads every region enabled for the account when no region is given, and judges EBS encryption by default', async () => {
    const { collected } = await collect('account.json', null);
    expect(collected.source.target).toBe(`AWS accounts ${ACCOUNT}; regions ap-southeast-2, us-east-1`);
    expect(server.calls.filter((c) => c.action === 'ec2:DescribeRegions')).toHaveLength(1);
    const recorderRegions = server.calls
      .filter((c) => c.action === 'config:DescribeConfigurationRecorders')
      .map((c) => c.region)
      .sort();
    expect(recorderRegions).toEqual(['ap-southeast-2', 'us-east-1']);
    const setting = byUid(collected.resources, `aws:${ACCOUNT}:ap-southeast-2:ec2:ebs-encryption-by-default`)!;
    expect(setting).toMatchObject({ kind: 'compute.disk_encryption_default', props: { enabled: false } });
    const snapshot = makeSnapshot('test', [collected.source], collected.resources);
    const results = await evaluateSnapshots([{ snapshot, sha256: sha256(JSON.stringify(snapshot)), file: 'aws.json' }]);
    const rule = results.rules.find((r) => r.id === 'compute.disk_encryption_by_default')!;
    expect(rule).toMatchObject({ inScope: 2, passed: 1, failed: 1 });
    expect(results.findings.filter((f) => f.ruleId === rule.id).map((f) => f.resource.uid)).toEqual([setting.uid]);
  });

  it('`--regions all` is every enabled region too', async () => {
    const { collected } = await collect('account.json', ['all']);
    expect(collected.source.target).toBe(`AWS accounts ${ACCOUNT}; regions ap-southeast-2, us-east-1`);
  });

  it('reads an organisation through a Config aggregator: sources, pages, unprocessed identifiers, held and unheld accounts', async () => {
    process.env.AWS_REGION = 'us-east-1';
    try {
      const { collected, progress } = await collect('aggregator.json', null, { aggregator: 'org' });
      const { source, resources } = collected;
      expect(collected.failure).toBeUndefined();
      expect(validateSnapshot(makeSnapshot('test', [source], resources))).toEqual([]);
      expect(source.target).toBe(`AWS accounts ${ACCOUNT} through Config aggregator org; regions eu-west-1, us-east-1`);
      const buckets = resources.filter((r) => r.kind === 'storage.bucket');
      expect(buckets.map((b) => [b.uid, b.location.account, b.location.region]).sort()).toEqual([
        ['arn:aws:s3:::mborch-test-bucket-config-item', ACCOUNT, 'us-east-1'],
        ['arn:aws:s3:::org-logs', '444455556666', 'eu-west-1'],
      ]);
      // Nothing is listed per region: the aggregator holds every account's items.
      expect(server.calls.some((c) => c.action === 'config:ListDiscoveredResources')).toBe(false);
      expect(server.calls.filter((c) => c.action === 'config:BatchGetAggregateResourceConfig')).toHaveLength(2);
      const gaps = source.gaps.map((g) => `${g.reason} | ${g.endpoint} | ${g.message}`);
      expect(gaps).toEqual(
        expect.arrayContaining([
          expect.stringMatching(
            /^unreadable \| account 444455556666 region us-east-1 \| aggregator org: the copy of account 444455556666 region us-east-1 failed to update \(AccessDeniedException: Config is not enabled/,
          ),
          expect.stringMatching(/^unreadable \| account 444455556666 region ap-south-1 \| .* is outdated;/),
          expect.stringMatching(
            /^permission-denied \| account 444455556666 \| account 444455556666 \(aggregated in ap-south-1, eu-west-1, us-east-1\): its Config recorders/,
          ),
          // Our own account's recorders were read: eu-west-1 records buckets only.
          expect.stringMatching(
            /^unreadable \| account 111122223333 region eu-west-1 \| AWS Config in account 111122223333 region eu-west-1 does not record .*AWS::EC2::SecurityGroup/,
          ),
        ]),
      );
      expect(source.gaps).toHaveLength(4);
      // The held account's EBS settings, in the regions it is aggregated in.
      expect(
        resources
          .filter((r) => r.kind === 'compute.disk_encryption_default')
          .map((r) => r.uid)
          .sort(),
      ).toEqual([
        `aws:${ACCOUNT}:eu-west-1:ec2:ebs-encryption-by-default`,
        `aws:${ACCOUNT}:us-east-1:ec2:ebs-encryption-by-default`,
      ]);
      expect(progress.some((line) => line.startsWith('aggregator org: AWS::S3::Bucket, 2 resources'))).toBe(true);
      expect(server.refused).toEqual([]);
    } finally {
      delete process.env.AWS_REGION;
    }
  });

  it('stops with a clear error when the credentials are expired', async () => {
    const { collected } = await collect('expired.json', ['us-east-1']);
    expect(collected.source.status).toBe('failed');
    expect(collected.failure).toMatch(/sts:GetCallerIdentity .*credentials are expired or invalid \(ExpiredToken/);
    expect(collected.failure).not.toContain('replay-secret-never-printed');
  });

  it('asks for nothing outside docs/aws-iam-policy.json, which the server enforces', async () => {
    await collect('account.json', null);
    const allowed = allowedActions();
    expect(server.refused).toEqual([]);
    const used = new Set(server.calls.map((c) => c.action));
    await server.stop();
    process.env.AWS_REGION = 'us-east-1';
    await collect('aggregator.json', null, { aggregator: 'org' }).finally(() => delete process.env.AWS_REGION);
    expect(server.refused).toEqual([]);
    for (const call of server.calls) used.add(call.action);
    expect([...used].sort()).toEqual([...allowed].filter((a) => a !== 'sts:AssumeRole').sort());
    // An action outside the policy is refused.
    const client = new ConfigServiceClient({ region: 'us-east-1', endpoint: server.url, maxAttempts: 1 });
    await expect(
      client.send(new PutConfigRuleCommand({ ConfigRule: { Source: { Owner: 'AWS', SourceIdentifier: 'X' } } })),
    ).rejects.toThrow(/not in docs\/aws-iam-policy.json/);
    expect(server.refused.map((c) => c.action)).toEqual(['config:PutConfigRule']);
  });
});
