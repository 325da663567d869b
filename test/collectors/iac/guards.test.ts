// S3 Block Public Access settings and service-wide IAM wildcards, from Terraform (resources, the
// registry module, the account-level block) and CloudFormation, judged by the real wasm policies:
// what is off fails, what S3 gives a new bucket passes (marked defaulted), and what is not known
// is not evaluated, with why.
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { collectIac } from '../../../src/collectors/iac/index.ts';
import { makeSnapshot, serializeSnapshot, sha256 } from '../../../src/model/snapshot.ts';
import { validateResources } from '../../../src/model/validate.ts';
import { evaluateSnapshots } from '../../../src/pipeline/evaluate.ts';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../fixtures/guards');
const TF = 'terraform:terraform/buckets.tf:';
const IAM = 'terraform:terraform/iam.tf:';
const CFN = 'cloudformation:cloudformation/buckets.yaml:';
const CFN_IAM = 'cloudformation:cloudformation/iam.yaml:';

describe('S3 Block Public Access and IAM service wildcards', async () => {
  const { source, resources } = await collectIac([root], { root });
  const snapshot = makeSnapshot('0.0.0-test', [source], resources);
  const results = await evaluateSnapshots([{ snapshot, sha256: sha256(serializeSnapshot(snapshot)), file: 's' }], {
    frameworks: ['soc2'],
  });
  const evidence = (ruleId: string) => {
    const e = results.evidence.find((x) => x.ruleId === ruleId);
    return { failed: e?.failed, passed: e?.passed, notEvaluated: e?.notEvaluated };
  };
  const message = (ruleId: string, uid: string) =>
    results.findings.find((f) => f.ruleId === ruleId && f.resource.uid === uid)?.message;
  const resource = (uid: string) => resources.find((r) => r.uid === uid);

  it('reads every resource validly; a malformed policy is a gap naming its file and line', () => {
    expect(validateResources(resources)).toEqual([]);
    const gaps = source.gaps.map((g) => `${g.reason} ${g.file}:${g.line}`);
    expect(gaps).toEqual(
      expect.arrayContaining([
        'parse-error terraform/broken.tf:2',
        'unresolved-reference cloudformation/broken.yaml:7',
      ]),
    );
    expect(resources.some((r) => r.kind === 'iam.policy' && r.uid.includes('broken'))).toBe(false);
  });

  it('fails a bucket whose settings are off, passes what S3 gives a new bucket, and leaves the unknown unevaluated', () => {
    expect(evidence('storage.public_access_block_enabled')).toEqual({
      failed: [
        `${CFN}HalfBucket`,
        `${CFN}WebsiteBucket`,
        `${TF}aws_s3_bucket.half`,
        `${TF}aws_s3_bucket.website`,
        `${TF}module.old_module_bucket.aws_s3_bucket.this`,
        `${TF}module.public_bucket.aws_s3_bucket.this`,
      ],
      passed: [
        `${CFN}DataBucket`,
        `${CFN}LockedBucket`,
        'terraform:terraform-account/main.tf:aws_s3_bucket.exports',
        `${TF}aws_s3_bucket.app_data`,
        `${TF}aws_s3_bucket.locked`,
        `${TF}module.logs_bucket.aws_s3_bucket.this`,
      ],
      notEvaluated: [
        `${CFN}LegacyBucket`,
        `${CFN}ParamBucket`,
        `${TF}aws_s3_bucket.configurable`,
        `${TF}aws_s3_bucket.legacy_public`,
      ],
    });
  });

  it('names every setting that is off, on the line of the first, and left-out settings as off', () => {
    expect(message('storage.public_access_block_enabled', `${TF}aws_s3_bucket.half`)).toBe(
      'Bucket "half" has S3 Block Public Access IgnorePublicAcls, RestrictPublicBuckets off',
    );
    expect(message('storage.public_access_block_enabled', `${CFN}HalfBucket`)).toBe(
      'Bucket "HalfBucket" has S3 Block Public Access IgnorePublicAcls, BlockPublicPolicy, RestrictPublicBuckets off',
    );
    const website = results.findings.find(
      (f) => f.ruleId === 'storage.public_access_block_enabled' && f.resource.uid === `${TF}aws_s3_bucket.website`,
    );
    expect(website?.resource.location).toMatchObject({ file: 'terraform/buckets.tf', line: 35 });
  });

  it('applies the s3-bucket module defaults of each major version: all four on since v3.9, off before', () => {
    expect(message('storage.public_access_block_enabled', `${TF}module.old_module_bucket.aws_s3_bucket.this`)).toBe(
      'Bucket "this" has S3 Block Public Access BlockPublicAcls, IgnorePublicAcls, BlockPublicPolicy, RestrictPublicBuckets off',
    );
    expect(message('storage.public_access_block_enabled', `${TF}module.public_bucket.aws_s3_bucket.this`)).toBe(
      'Bucket "this" has S3 Block Public Access BlockPublicPolicy, RestrictPublicBuckets off',
    );
  });

  it('marks the settings of a new bucket as defaulted, and says why an older one is not known', () => {
    expect(resource(`${TF}aws_s3_bucket.app_data`)?.defaulted).toEqual(
      expect.arrayContaining(['publicAccess.blockPublicAcls', 'publicAccess.restrictPublicBuckets']),
    );
    expect(resource(`${TF}aws_s3_bucket.legacy_public`)?.unknownReasons?.['publicAccess.ignorePublicAcls']).toMatch(
      /grants public access, which S3 refuses for a bucket created since April 2023/,
    );
    expect(resource(`${TF}aws_s3_bucket.configurable`)?.unknownReasons).toEqual({
      'publicAccess.blockPublicAcls':
        'aws_s3_bucket_public_access_block.configurable.block_public_acls is not known before apply',
    });
    // The account's block wins over the bucket's, on the account block's line.
    const exports = resource('terraform:terraform-account/main.tf:aws_s3_bucket.exports');
    expect(exports?.props).toMatchObject({ publicAccess: { blockPublicAcls: true, restrictPublicBuckets: true } });
    expect(exports?.propLines?.['publicAccess.blockPublicAcls']).toBe(4);
  });

  it('leaves whether the bucket is public to storage.public_access_blocked: only the public ACLs fail it', () => {
    expect(evidence('storage.public_access_blocked').failed).toEqual([
      `${CFN}LegacyBucket`,
      `${TF}aws_s3_bucket.legacy_public`,
    ]);
  });

  it('fails Allow statements with a service-wide wildcard or NotAction; partial wildcards, trust and key policies pass', () => {
    expect(evidence('iam.no_service_wildcard_actions')).toEqual({
      failed: [
        `${CFN_IAM}AppRole/policy/queue-access`,
        `${CFN_IAM}NotActionPolicy`,
        `${CFN_IAM}S3FullPolicy`,
        `${IAM}aws_iam_group_policy.power_users`,
        `${IAM}aws_iam_policy.s3_full`,
        `${IAM}aws_iam_role_policy.dynamo`,
      ],
      passed: [`${CFN_IAM}GoodPolicy`, `${IAM}aws_iam_policy.describe`],
      // Actions from a parameter without a default: not known, so not passed.
      notEvaluated: [`${CFN_IAM}ParamPolicy`],
    });
    // A jsonencode with an action from a variable without a value is only known at apply: a gap.
    expect(source.gaps.map((g) => `${g.reason} ${g.file}:${g.line}`)).toContain(
      'unresolved-reference terraform/iam.tf:95',
    );
    expect(message('iam.no_service_wildcard_actions', `${IAM}aws_iam_role_policy.dynamo`)).toBe(
      'IAM policy "dynamo" statement #1 allows every action of a service: "dynamodb:*"',
    );
    expect(message('iam.no_service_wildcard_actions', `${IAM}aws_iam_group_policy.power_users`)).toBe(
      'IAM policy "power_users" statement #1 allows every action except iam:*, organizations:* (NotAction)',
    );
    // The key policy document names a principal: a resource policy, not in scope.
    const key = resources.find((r) => r.uid.endsWith('data.aws_iam_policy_document.key'));
    expect(key?.kind).toBe('iam.policy');
    expect(results.evidence.find((e) => e.ruleId === 'iam.no_service_wildcard_actions')?.inScope).not.toContain(
      key?.uid,
    );
  });
});
