// Drift between a real IaC run (Terraform declaring resources by the names AWS Config reports) and a
// real live run (the AWS collector over the Config fixture), both stored in a real SQLite store.
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Drift, declaredKey, deployedKeys, driftBetween } from '../../src/history/drift.ts';
import type { Resource } from '../../src/model/resource.ts';
import { openRunStore, type RunStore } from '../../src/store/index.ts';
import { recordDriftPair } from './estate.ts';

let dir: string;
let store: RunStore;
let drift: Drift;
let live: Resource[];

beforeAll(async () => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'assay-drift-'));
  store = await openRunStore(path.join(dir, 'history.db'));
  const pair = await recordDriftPair(store, dir);
  drift = await driftBetween(store, pair.iac, pair.live);
  live = (await store.loadSnapshots(pair.live)).flatMap((s) => s.resources);
});
afterAll(async () => {
  await store?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

const liveProps = (uid: string) => live.find((r) => r.uid === uid)!.props as Record<string, unknown>;

describe('drift', () => {
  it('joins by the provider identifiers: bucket name, security-group name, DB identifier, log-group name', () => {
    expect(drift.matched).toBe(4);
    const pairs = Object.fromEntries(drift.differing.map((p) => [p.declared.uid, p.deployed.uid]));
    expect(pairs).toMatchObject({
      'terraform:main.tf:aws_s3_bucket.config': 'arn:aws:s3:::mborch-test-bucket-config-item',
      'terraform:main.tf:aws_security_group.web': 'arn:aws:ec2:us-east-1:111122223333:security-group/sg-1d56fc66',
      'terraform:main.tf:aws_db_instance.test': 'arn:aws:rds:us-east-1:111122223333:db:myrdstest',
      'terraform:main.tf:aws_cloudwatch_log_group.web': 'arn:aws:logs:us-east-1:111122223333:log-group:/app/web',
    });
  });

  it('names each property that differs with the declared and the deployed value', () => {
    const logGroup = drift.differing.find((p) => p.declared.uid.endsWith('log_group.web'))!;
    const deployed = liveProps(logGroup.deployed.uid);
    expect(logGroup.differences).toEqual([{ path: 'retentionDays', before: 400, after: deployed.retentionDays }]);
    const db = drift.differing.find((p) => p.declared.uid.endsWith('aws_db_instance.test'))!;
    expect(db.differences).toContainEqual({ path: 'publiclyAccessible', before: false, after: true });
    // Declared by default, not in the code: marked so.
    const bucket = drift.differing.find((p) => p.declared.uid.endsWith('aws_s3_bucket.config'))!;
    expect(bucket.differences).toContainEqual({
      path: 'versioning.enabled',
      before: false,
      after: true,
      defaulted: true,
    });
  });

  it('lists what is declared but missing, and what is deployed but undeclared', () => {
    expect(drift.declaredButMissing.map((r) => r.uid)).toEqual(['terraform:main.tf:aws_s3_bucket.never_deployed']);
    const undeclared = drift.deployedButUndeclared.map((r) => r.uid);
    expect(undeclared).toContain('arn:aws:s3:::public-assets');
    expect(undeclared).toContain('arn:aws:iam::111122223333:user/johndoe');
    // AWS's own managed policies are declared by nobody: not drift.
    expect(undeclared.some((uid) => uid.startsWith('arn:aws:iam::aws:policy/'))).toBe(false);
    // Joined resources are in neither list.
    expect(undeclared).not.toContain('arn:aws:s3:::mborch-test-bucket-config-item');
  });

  it('says what cannot be joined, and keeps the deployed resources of that kind apart', () => {
    expect(drift.notJoinable).toEqual([
      expect.objectContaining({
        uid: 'terraform:main.tf:aws_kms_key.data',
        reason: expect.stringMatching(/assigns its id/),
      }),
    ]);
    expect(drift.deployedUnjoined.map((r) => r.kind)).toEqual(['crypto.key']);
    expect(drift.deployedButUndeclared.some((r) => r.kind === 'crypto.key')).toBe(false);
  });

  it('keys declared resources by ARN or id when a plan states them, never by an unresolved expression', () => {
    const base = { uid: 'u', provider: 'aws', name: 'n', location: {}, props: {}, sourceId: 's' } as const;
    const sg = { ...base, kind: 'network.firewall', nativeType: 'aws_security_group' } as Resource;
    expect(declaredKey({ ...sg, raw: { id: 'sg-1d56fc66', name: 'x' } })).toEqual({
      key: 'network.firewall|id:sg-1d56fc66',
    });
    expect(declaredKey({ ...sg, raw: { name: 'web-${var.env}' } })).toMatchObject({ reason: /expression/ });
    expect(declaredKey({ ...sg, raw: { name: { __unknown__: true } } })).toMatchObject({ reason: /expression/ });
    expect(declaredKey({ ...sg, raw: {} })).toMatchObject({ reason: /generates the name/ });
    const cfn = { ...base, kind: 'storage.bucket', nativeType: 'AWS::S3::Bucket' } as Resource;
    expect(declaredKey({ ...cfn, raw: { BucketName: { 'Fn::Sub': 'acme-${Env}' } } })).toMatchObject({
      reason: /expression/,
    });
    const azure = {
      ...base,
      provider: 'azure',
      kind: 'storage.bucket',
      nativeType: 'Microsoft.Storage/storageAccounts',
      name: 'AcmeLogs',
    } as Resource;
    const liveAzure = {
      ...azure,
      uid: '/subscriptions/s/resourceGroups/rg/providers/Microsoft.Storage/storageAccounts/acmelogs',
    } as Resource;
    const key = declaredKey(azure);
    expect('key' in key && deployedKeys(liveAzure).includes(key.key)).toBe(true);
  });
});
