import { describe, expect, it } from 'vitest';
import { unknown } from '../../../../../src/kit/unknown.ts';
import { mapAll, rec } from './aws-helpers.ts';

const denyHttp = JSON.stringify({
  Version: '2012-10-17',
  Statement: [
    {
      Effect: 'Deny',
      Principal: '*',
      Action: 's3:*',
      Resource: 'arn:aws:s3:::b/*',
      Condition: { Bool: { 'aws:SecureTransport': 'false' } },
    },
  ],
});
const publicRead = JSON.stringify({
  Version: '2012-10-17',
  Statement: { Effect: 'Allow', Principal: { AWS: '*' }, Action: ['s3:GetObject'], Resource: 'arn:aws:s3:::b/*' },
});

describe('aws_s3_bucket', () => {
  it('joins companions linked by reference and by bucket name into one storage.bucket', () => {
    const bucket = rec(
      'aws_s3_bucket.b',
      { bucket: 'my-bucket', tags: { env: 'prod', owner: unknown('var.owner') } },
      { attrLines: { bucket: 2 } },
    );
    const { resources, gaps, get } = mapAll([
      bucket,
      rec('aws_s3_bucket_versioning.v', {
        bucket: unknown('aws_s3_bucket.b.id'),
        versioning_configuration: [{ status: 'Enabled' }],
      }),
      rec('aws_s3_bucket_server_side_encryption_configuration.e', {
        bucket: 'my-bucket',
        rule: [
          {
            apply_server_side_encryption_by_default: [
              { sse_algorithm: 'aws:kms', kms_master_key_id: unknown('aws_kms_key.k.arn') },
            ],
          },
        ],
      }),
      rec('aws_s3_bucket_logging.l', {
        bucket: unknown('aws_s3_bucket.b.bucket'),
        target_bucket: unknown('aws_s3_bucket.logs.id'),
      }),
      rec('aws_s3_bucket_public_access_block.p', {
        bucket: unknown('aws_s3_bucket.b.id'),
        block_public_acls: true,
        block_public_policy: true,
      }),
      rec(
        'aws_s3_bucket_policy.p',
        { bucket: unknown('aws_s3_bucket.b.id'), policy: denyHttp },
        { attrLines: { policy: 77 } },
      ),
    ]);
    expect(gaps).toEqual([]);
    expect(resources).toHaveLength(1);
    const r = get('aws_s3_bucket.b');
    expect(r).toMatchObject({
      kind: 'storage.bucket',
      provider: 'aws',
      nativeType: 'aws_s3_bucket',
      name: 'b',
      sourceId: 'src-1',
      location: { file: 'main.tf', line: bucket.line },
    });
    expect(r.tags).toEqual({ env: 'prod' });
    expect(r.props).toEqual({
      encryption: { enabled: true, algorithm: 'aws:kms', kmsKeyId: 'aws_kms_key.k.arn' },
      versioning: { enabled: true },
      accessLogging: { enabled: true, target: 'aws_s3_bucket.logs.id' },
      publicAccess: {
        aclPublic: false,
        policyPublic: false,
        blockPublicAcls: true,
        ignorePublicAcls: false,
        blockPublicPolicy: true,
        restrictPublicBuckets: false,
      },
      tls: { required: true },
    });
    expect(r.defaulted).toEqual([
      'publicAccess.aclPublic',
      'publicAccess.ignorePublicAcls',
      'publicAccess.restrictPublicBuckets',
    ]);
    expect(r.propLines?.['tls.required']).toBe(77);
  });

  it('reads the legacy inline blocks: public canned ACL, versioning, logging, encryption, policy', () => {
    const { get } = mapAll([
      rec('aws_s3_bucket.legacy', {
        bucket: 'legacy',
        acl: 'public-read',
        versioning: [{ enabled: false, mfa_delete: true }],
        logging: [{ target_bucket: 'log-bucket' }],
        server_side_encryption_configuration: [
          { rule: [{ apply_server_side_encryption_by_default: [{ sse_algorithm: 'AES256' }] }] },
        ],
        policy: publicRead,
      }),
    ]);
    expect(get('aws_s3_bucket.legacy').props).toEqual({
      encryption: { enabled: true, algorithm: 'AES256' },
      versioning: { enabled: false, mfaDelete: true },
      accessLogging: { enabled: true, target: 'log-bucket' },
      publicAccess: { aclPublic: true, policyPublic: true },
      tls: { required: false },
    });
  });

  it('fills documented defaults for a bare bucket (SSE-S3 since January 2023, Block Public Access since April 2023)', () => {
    const r = mapAll([rec('aws_s3_bucket.bare', { bucket: 'bare' })]).get('aws_s3_bucket.bare');
    expect(r.props).toEqual({
      encryption: { enabled: true, algorithm: 'AES256' },
      versioning: { enabled: false },
      accessLogging: { enabled: false },
      publicAccess: {
        aclPublic: false,
        policyPublic: false,
        blockPublicAcls: true,
        ignorePublicAcls: true,
        blockPublicPolicy: true,
        restrictPublicBuckets: true,
      },
      tls: { required: false },
    });
    expect(r.defaulted).toEqual([
      'encryption.enabled',
      'encryption.algorithm',
      'versioning.enabled',
      'accessLogging.enabled',
      'publicAccess.aclPublic',
      'publicAccess.blockPublicAcls',
      'publicAccess.ignorePublicAcls',
      'publicAccess.blockPublicPolicy',
      'publicAccess.restrictPublicBuckets',
    ]);
  });

  it('treats grants to AllUsers in an aws_s3_bucket_acl as public', () => {
    const { get } = mapAll([
      rec('aws_s3_bucket.g', { bucket: 'g' }),
      rec('aws_s3_bucket_acl.a', {
        bucket: unknown('aws_s3_bucket.g.id'),
        access_control_policy: [
          {
            grant: [
              {
                grantee: [{ type: 'Group', uri: 'http://acs.amazonaws.com/groups/global/AllUsers' }],
                permission: 'READ',
              },
            ],
          },
        ],
      }),
    ]);
    expect((get('aws_s3_bucket.g').props as { publicAccess: { aclPublic: boolean } }).publicAccess.aclPublic).toBe(
      true,
    );
  });

  it('keeps unknown values unknown: an unknown ACL and an unknown policy set nothing', () => {
    const r = mapAll([
      rec('aws_s3_bucket.u', { bucket: 'u', acl: unknown('var.acl'), policy: unknown('var.policy') }),
    ]).get('aws_s3_bucket.u');
    // What S3 gives a new bucket does not depend on grants that are not known.
    const on = { blockPublicAcls: true, ignorePublicAcls: true, blockPublicPolicy: true, restrictPublicBuckets: true };
    expect(r.props).toEqual({
      encryption: { enabled: true, algorithm: 'AES256' },
      versioning: { enabled: false },
      accessLogging: { enabled: false },
      publicAccess: on,
    });
    // The policy is stated: what it decides is unknown, not absent.
    expect(r.unknown).toEqual(['publicAccess.policyPublic', 'tls.required']);
  });

  it('resolves a bucket policy built by an aws_iam_policy_document data source', () => {
    const doc = rec('data.aws_iam_policy_document.tls', {
      statement: [
        {
          effect: 'Deny',
          actions: ['s3:*'],
          resources: ['*'],
          principals: [{ type: '*', identifiers: ['*'] }],
          condition: [{ test: 'Bool', variable: 'aws:SecureTransport', values: ['false'] }],
        },
      ],
    });
    const { resources, get } = mapAll([
      rec('aws_s3_bucket.d', { bucket: 'd' }),
      rec('aws_s3_bucket_policy.d', {
        bucket: unknown('aws_s3_bucket.d.id'),
        policy: unknown('data.aws_iam_policy_document.tls.json'),
      }),
      doc,
    ]);
    expect((get('aws_s3_bucket.d').props as { tls: unknown }).tls).toEqual({ required: true });
    // The consumed document is not reported as a policy of its own.
    expect(resources.map((r) => r.kind)).toEqual(['storage.bucket']);
  });

  it('applies an account-level public access block to the buckets of the same configuration', () => {
    const r = mapAll([
      rec('aws_s3_bucket.x', { bucket: 'x' }),
      rec('aws_s3_account_public_access_block.acct', {
        block_public_acls: true,
        ignore_public_acls: true,
        block_public_policy: true,
        restrict_public_buckets: true,
      }),
    ]).get('aws_s3_bucket.x');
    expect(r.props).toMatchObject({
      publicAccess: {
        blockPublicAcls: true,
        ignorePublicAcls: true,
        blockPublicPolicy: true,
        restrictPublicBuckets: true,
      },
    });
  });

  it('records a companion whose bucket is not in the scanned files as an unresolved-reference gap', () => {
    const orphan = rec('aws_s3_bucket_public_access_block.orphan', {
      bucket: unknown('aws_s3_bucket.example.id'),
      block_public_acls: true,
    });
    const { resources, gaps } = mapAll([rec('aws_s3_bucket.other', { bucket: 'other' }), orphan]);
    expect(resources).toHaveLength(1);
    expect(gaps).toEqual([
      expect.objectContaining({
        reason: 'unresolved-reference',
        file: 'main.tf',
        line: orphan.line,
        message: expect.stringContaining('aws_s3_bucket.example.id'),
      }),
    ]);
  });

  it('records a malformed bucket policy as a parse-error gap with file and line', () => {
    const b = rec('aws_s3_bucket.bad', { bucket: 'bad', policy: '{"Statement": [' }, { file: 'infra/s3.tf' });
    const { gaps, get } = mapAll([b]);
    expect(gaps).toEqual([expect.objectContaining({ reason: 'parse-error', file: 'infra/s3.tf', line: b.line })]);
    expect(get('aws_s3_bucket.bad', 'infra/s3.tf').props).not.toHaveProperty('tls');
  });

  it('a statement that is not an object is a parse-error gap, never a policy that grants nothing', () => {
    const policy = JSON.stringify({ Statement: [{ Effect: 'Allow', Principal: '*', Action: 's3:GetObject' }, 'oops'] });
    const b = rec('aws_s3_bucket.odd', { bucket: 'odd', policy });
    const { gaps, get } = mapAll([b]);
    expect(gaps).toEqual([
      expect.objectContaining({ reason: 'parse-error', message: 'aws_s3_bucket.odd: statement 2 is not an object' }),
    ]);
    expect(get('aws_s3_bucket.odd').props).not.toHaveProperty('publicAccess.policyPublic');
  });

  it('does not link references across folders', () => {
    const { gaps } = mapAll([
      rec('aws_s3_bucket.b', { bucket: 'one' }, { file: 'a/main.tf' }),
      rec(
        'aws_s3_bucket_versioning.v',
        { bucket: unknown('aws_s3_bucket.b.id'), versioning_configuration: [{ status: 'Enabled' }] },
        { file: 'b/main.tf' },
      ),
    ]);
    expect(gaps.map((g) => g.reason)).toEqual(['unresolved-reference']);
  });
});
