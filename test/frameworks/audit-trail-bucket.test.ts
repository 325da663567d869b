// The bucket receiving audit trails (PCI DSS 10.3.2, 10.3.3): the trail is joined to its bucket when
// the snapshot is built, for Terraform, CloudFormation and AWS Config alike, and the real policy
// bundle judges the bucket through the trail. A trail whose bucket was not read is not evaluated.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { awsCollector } from '../../src/collectors/aws/collector.ts';
import { findCollector } from '../../src/collectors/registry.ts';
import { runCollector } from '../../src/collectors/run.ts';
import type { Results } from '../../src/model/results.ts';
import { validateResources } from '../../src/model/validate.ts';
import { evaluateSnapshots } from '../../src/pipeline/evaluate.ts';
import { snapshotOf } from '../../src/pipeline/snapshots.ts';

const RULE = 'logging.trail_bucket_protected';
const now = () => new Date('2026-06-01T12:00:00Z');

const made: string[] = [];
afterAll(() => {
  for (const dir of made) rmSync(dir, { recursive: true, force: true });
});

function folder(files: Record<string, string>): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'assay-trail-bucket-'));
  made.push(dir);
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
    writeFileSync(path.join(dir, name), text);
  }
  return dir;
}

async function scan(collector: 'iac' | 'aws', root: string): Promise<Results> {
  const options = collector === 'iac' ? { paths: ['.'] } : { from: '.' };
  const found = collector === 'iac' ? findCollector('iac')! : awsCollector;
  const collected = await runCollector(found, options, { root, now });
  expect(validateResources(collected.resources)).toEqual([]);
  const snapshot = snapshotOf([collected], { toolVersion: '0.0.0-test' });
  return evaluateSnapshots([snapshot], { frameworks: ['pci-dss'], now: now() });
}

const evidence = (results: Results) => results.evidence.find((e) => e.ruleId === RULE)!;
const messages = (results: Results) =>
  results.findings
    .filter((f) => f.ruleId === RULE)
    .map((f) => `${f.resource.name}: ${f.message}`)
    .sort();
const control = (results: Results, id: string) =>
  results.frameworks.find((f) => f.id === 'pci-dss')!.controls.find((c) => c.id === id)!;

const TERRAFORM = `
resource "aws_s3_bucket" "open_logs" {
  bucket = "open-logs"
  acl    = "public-read"
}

resource "aws_s3_bucket" "safe_logs" {
  bucket = "safe-logs"
}

resource "aws_s3_bucket_versioning" "safe_logs" {
  bucket = aws_s3_bucket.safe_logs.id
  versioning_configuration {
    status = "Enabled"
  }
}

resource "aws_cloudtrail" "open" {
  name           = "open"
  s3_bucket_name = aws_s3_bucket.open_logs.id
}

resource "aws_cloudtrail" "safe" {
  name           = "safe"
  s3_bucket_name = "safe-logs"
}

resource "aws_cloudtrail" "elsewhere" {
  name           = "elsewhere"
  s3_bucket_name = "bucket-in-another-account"
}
`;

describe('the audit trail bucket rule', () => {
  it('Terraform: joins a trail to its bucket by reference or by name, and fails a public or unversioned one', async () => {
    const results = await scan('iac', folder({ 'main.tf': TERRAFORM }));
    expect(messages(results)).toEqual([
      'open: Trail "open" delivers its logs to a bucket whose ACL grants public access (terraform:main.tf:aws_s3_bucket.open_logs)',
      'open: Trail "open" delivers its logs to a bucket without versioning, so overwritten or deleted log files cannot be recovered (terraform:main.tf:aws_s3_bucket.open_logs)',
    ]);
    const e = evidence(results);
    expect(e.passed).toEqual(['terraform:main.tf:aws_cloudtrail.safe']);
    // Not among the scanned resources: unknown, never passed.
    expect(e.notEvaluated).toEqual(['terraform:main.tf:aws_cloudtrail.elsewhere']);
    expect(e.notEvaluatedReasons['terraform:main.tf:aws_cloudtrail.elsewhere']).toEqual([
      'the bucket it delivers to (bucket-in-another-account) is not among the resources read',
    ]);
    expect(control(results, '10.3.2').status).toBe('fail');
    expect(control(results, '10.3.3').status).toBe('fail');
  });

  it('CloudFormation: joins a trail to the bucket its S3BucketName references', async () => {
    const template = (versioning: string) => `
AWSTemplateFormatVersion: "2010-09-09"
Resources:
  Logs:
    Type: AWS::S3::Bucket
    Properties:
      VersioningConfiguration:
        Status: ${versioning}
      PublicAccessBlockConfiguration:
        BlockPublicAcls: true
        IgnorePublicAcls: true
        BlockPublicPolicy: true
        RestrictPublicBuckets: true
  Trail:
    Type: AWS::CloudTrail::Trail
    Properties:
      IsLogging: true
      IsMultiRegionTrail: true
      S3BucketName: !Ref Logs
`;
    const good = await scan('iac', folder({ 'good.yaml': template('Enabled') }));
    expect(evidence(good)).toMatchObject({ passed: ['cloudformation:good.yaml:Trail'], failed: [], notEvaluated: [] });
    expect(control(good, '10.3.2')).toMatchObject({ status: 'pass', passScope: 'full' });
    expect(control(good, '10.3.2').statusReason).toMatch(/Not checked: the IAM and bucket-policy permissions/);
    const bad = await scan('iac', folder({ 'bad.yaml': template('Suspended') }));
    expect(messages(bad)).toEqual([
      'Trail: Trail "Trail" delivers its logs to a bucket without versioning, so overwritten or deleted log files cannot be recovered (cloudformation:bad.yaml:Logs)',
    ]);
  });

  it('AWS Config: joins a trail to the bucket of its s3BucketName, and leaves it unevaluated when that bucket was not recorded', async () => {
    const item = (resourceType: string, name: string, configuration: object, supplementaryConfiguration = {}) => ({
      resourceType,
      resourceId: name,
      resourceName: name,
      ARN:
        resourceType === 'AWS::S3::Bucket'
          ? `arn:aws:s3:::${name}`
          : `arn:aws:cloudtrail:us-east-1:111122223333:trail/${name}`,
      awsAccountId: '111122223333',
      awsRegion: 'us-east-1',
      configurationItemCaptureTime: '2026-05-30T10:00:00.000Z',
      configurationItemStatus: 'OK',
      configuration,
      supplementaryConfiguration,
      tags: {},
    });
    const items = [
      item(
        'AWS::S3::Bucket',
        'audit-logs',
        { name: 'audit-logs' },
        {
          AccessControlList: JSON.stringify({ grantList: [{ grantee: 'AllUsers', permission: 'Read' }] }),
          BucketVersioningConfiguration: { status: 'Enabled' },
        },
      ),
      item('AWS::CloudTrail::Trail', 'main', { name: 'main', s3BucketName: 'audit-logs', isMultiRegionTrail: true }),
      item('AWS::CloudTrail::Trail', 'other', {
        name: 'other',
        s3BucketName: 'not-recorded',
        isMultiRegionTrail: true,
      }),
    ];
    const results = await scan('aws', folder({ 'snapshot.json': JSON.stringify({ configurationItems: items }) }));
    expect(messages(results)).toEqual([
      'main: Trail "main" delivers its logs to a bucket whose ACL grants public access (arn:aws:s3:::audit-logs)',
    ]);
    expect(evidence(results).notEvaluated).toEqual(['arn:aws:cloudtrail:us-east-1:111122223333:trail/other']);
  });
});

describe("an AWS trail's retention is its bucket's lifecycle (PCI DSS 10.5.1)", () => {
  const retention = (results: Results) => results.evidence.find((e) => e.ruleId === 'logging.retention_one_year')!;
  const retentionMessages = (results: Results) =>
    results.findings.filter((f) => f.ruleId === 'logging.retention_one_year').map((f) => f.message);

  it("Terraform: the shortest expiration reaching the trail's log files; a rule for another prefix does not count", async () => {
    const results = await scan(
      'iac',
      folder({
        'main.tf': `
resource "aws_s3_bucket" "logs" {
  bucket = "logs"
}
resource "aws_s3_bucket_lifecycle_configuration" "logs" {
  bucket = aws_s3_bucket.logs.id
  rule {
    id     = "trail"
    status = "Enabled"
    filter {
      prefix = "audit/AWSLogs/"
    }
    expiration {
      days = 90
    }
  }
  rule {
    id     = "tmp"
    status = "Enabled"
    filter {
      prefix = "tmp/"
    }
    expiration {
      days = 1
    }
  }
}
resource "aws_s3_bucket" "forever" {
  bucket = "forever"
}
resource "aws_cloudtrail" "short" {
  name           = "short"
  s3_bucket_name = aws_s3_bucket.logs.id
  s3_key_prefix  = "audit"
}
resource "aws_cloudtrail" "kept" {
  name           = "kept"
  s3_bucket_name = aws_s3_bucket.forever.id
}
`,
      }),
    );
    expect(retentionMessages(results)).toEqual(['Trail "short" keeps logs for only 90 days (fewer than 365 days)']);
    expect(retention(results).passed).toEqual(['terraform:main.tf:aws_cloudtrail.kept']);
    const kept = retention(results).values.find((v) => v.uid === 'terraform:main.tf:aws_cloudtrail.kept');
    // No expiring rule: S3 keeps the files until deleted, a default the evidence says it is.
    expect(kept).toMatchObject({ values: { retentionDays: 0 }, defaulted: ['retentionDays'] });
    expect(control(results, '10.5.1').status).toBe('fail');
  });

  it('CloudFormation: ExpirationInDays of an enabled rule', async () => {
    const results = await scan(
      'iac',
      folder({
        'stack.yaml': `
Resources:
  Logs:
    Type: AWS::S3::Bucket
    Properties:
      LifecycleConfiguration:
        Rules:
          - Status: Enabled
            ExpirationInDays: 180
          - Status: Disabled
            ExpirationInDays: 7
  Trail:
    Type: AWS::CloudTrail::Trail
    Properties:
      IsLogging: true
      S3BucketName: !Ref Logs
`,
      }),
    );
    expect(retentionMessages(results)).toEqual(['Trail "Trail" keeps logs for only 180 days (fewer than 365 days)']);
  });

  it('AWS Config: the lifecycle Config recorded; a trail whose bucket was not recorded stays out of scope', async () => {
    const bucket = {
      resourceType: 'AWS::S3::Bucket',
      resourceId: 'audit-logs',
      resourceName: 'audit-logs',
      ARN: 'arn:aws:s3:::audit-logs',
      awsAccountId: '111122223333',
      awsRegion: 'us-east-1',
      configurationItemStatus: 'OK',
      configuration: { name: 'audit-logs' },
      supplementaryConfiguration: {
        BucketVersioningConfiguration: { status: 'Enabled' },
        BucketLifecycleConfiguration: {
          rules: [
            {
              id: 'expire',
              status: 'Enabled',
              expirationInDays: 400,
              filter: { predicate: { type: 'LifecyclePrefixPredicate', prefix: '' } },
            },
            {
              id: 'tagged',
              status: 'Enabled',
              expirationInDays: 3,
              filter: { predicate: { type: 'LifecycleTagPredicate', tag: { key: 'tmp', value: 'yes' } } },
            },
          ],
        },
      },
    };
    const trail = (name: string, s3BucketName: string) => ({
      resourceType: 'AWS::CloudTrail::Trail',
      resourceId: name,
      resourceName: name,
      ARN: `arn:aws:cloudtrail:us-east-1:111122223333:trail/${name}`,
      awsAccountId: '111122223333',
      awsRegion: 'us-east-1',
      configurationItemStatus: 'OK',
      configuration: { name, s3BucketName, isMultiRegionTrail: true },
      supplementaryConfiguration: {},
    });
    const results = await scan(
      'aws',
      folder({
        'snapshot.json': JSON.stringify({
          configurationItems: [bucket, trail('main', 'audit-logs'), trail('other', 'x')],
        }),
      }),
    );
    expect(retentionMessages(results)).toEqual([]);
    expect(retention(results).passed).toEqual(['arn:aws:cloudtrail:us-east-1:111122223333:trail/main']);
    expect(retention(results).inScope).not.toContain('arn:aws:cloudtrail:us-east-1:111122223333:trail/other');
  });
});
