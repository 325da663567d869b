// The online collector against moto through --endpoint-url: STS, the Config recorder, the
// discovered S3 buckets (the only type of ours moto's Config lists), the IAM password policy and
// the credential report, and EBS encryption by default.
// moto 5 writes configurationItemCaptureTime as text where AWS sends epoch seconds, which the JS
// SDK refuses to deserialize: that reply becomes a gap naming the call and the kinds it hides, as
// any unreadable reply does. The items themselves are covered by the replay server tests.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { awsCollector } from '../../../src/collectors/aws/collector.ts';
import { runCollector } from '../../../src/collectors/run.ts';
import { makeSnapshot, sha256 } from '../../../src/model/snapshot.ts';
import { validateResources, validateSnapshot } from '../../../src/model/validate.ts';
import { evaluateSnapshots } from '../../../src/pipeline/evaluate.ts';
import { Moto, motoAvailable } from './moto.ts';

const available = motoAvailable();
const moto = new Moto();
const saved = { ...process.env };

beforeAll(async () => {
  if (!available) return;
  Object.assign(process.env, {
    AWS_ACCESS_KEY_ID: 'testing',
    AWS_SECRET_ACCESS_KEY: 'testing',
    AWS_CONFIG_FILE: '/nonexistent/aws-config',
    AWS_SHARED_CREDENTIALS_FILE: '/nonexistent/aws-credentials',
  });
  await moto.start();
  moto.seed(`
s3 = boto3.client("s3", **kw)
s3.create_bucket(Bucket="moto-locked")
s3.put_public_access_block(Bucket="moto-locked", PublicAccessBlockConfiguration={"BlockPublicAcls": True, "IgnorePublicAcls": True, "BlockPublicPolicy": True, "RestrictPublicBuckets": True})
s3.create_bucket(Bucket="moto-plain")
iam = boto3.client("iam", **kw)
iam.create_user(UserName="alice")
iam.create_login_profile(UserName="alice", Password="Replay-Only-Password-1")
iam.create_access_key(UserName="alice")
iam.update_account_password_policy(MinimumPasswordLength=14, PasswordReusePrevention=24, MaxPasswordAge=90, RequireSymbols=True)
boto3.client("ec2", **kw).enable_ebs_encryption_by_default()
cfg = boto3.client("config", **kw)
cfg.put_configuration_recorder(ConfigurationRecorder={"name": "default", "roleARN": "arn:aws:iam::123456789012:role/config", "recordingGroup": {"allSupported": True, "includeGlobalResourceTypes": True}})
cfg.put_delivery_channel(DeliveryChannel={"name": "default", "s3BucketName": "moto-plain"})
cfg.start_configuration_recorder(ConfigurationRecorderName="default")
`);
}, 60_000);

afterAll(() => {
  moto.stop();
  process.env = saved;
});

describe.skipIf(!available)('aws collector online (moto)', () => {
  it('reads recorder, discovered buckets and password policy; a reply the SDK cannot read is a gap', async () => {
    const collected = await runCollector(awsCollector, { regions: ['us-east-1'], 'endpoint-url': moto.url });
    expect(collected.failure).toBeUndefined();
    const { source, resources } = collected;
    expect(validateResources(resources)).toEqual([]);
    const snapshot = makeSnapshot('test', [source], resources);
    expect(validateSnapshot(snapshot)).toEqual([]);
    expect(source.target).toBe('AWS accounts 123456789012; regions us-east-1');
    expect(source.method).toContain('recorders: account 123456789012 region us-east-1: recording');
    expect(source.gaps).toEqual([
      expect.objectContaining({
        reason: 'unreadable',
        permission: 'config:BatchGetResourceConfig',
        endpoint: 'account 123456789012 region us-east-1',
        kinds: ['storage.bucket'],
        message: expect.stringMatching(
          /^config:BatchGetResourceConfig in account 123456789012 region us-east-1 failed/,
        ),
      }),
    ]);
    expect(resources.map((r) => r.uid)).toEqual([
      'aws:123456789012:us-east-1:ec2:ebs-encryption-by-default',
      'arn:aws:iam::123456789012:user/alice',
      'aws:123456789012:iam:password-policy',
    ]);
    expect(resources.shift()).toMatchObject({ kind: 'compute.disk_encryption_default', props: { enabled: true } });
    // From moto's credential report: a console password, an active key, no MFA.
    expect(resources[0]!.props).toMatchObject({
      isRoot: false,
      consoleAccess: true,
      mfaEnabled: false,
      accessKeys: [{ active: true }],
    });
    const policy = resources[1]!;
    expect(policy.props).toEqual({
      scope: 'account',
      minLength: 14,
      historySize: 24,
      maxAgeDays: 90,
      requireUppercase: false,
      requireLowercase: false,
      requireNumbers: false,
      requireSymbols: true,
    });
    expect(policy.defaulted).toBeUndefined();

    const results = await evaluateSnapshots([
      { snapshot, sha256: sha256(JSON.stringify(snapshot)), file: 'moto.json' },
    ]);
    const evidence = (rule: string) => results.evidence.find((e) => e.ruleId === rule)!;
    expect(evidence('identity.password_min_length').passed).toEqual(['aws:123456789012:iam:password-policy']);
    expect(evidence('identity.password_history').passed).toEqual(['aws:123456789012:iam:password-policy']);
  });
});
