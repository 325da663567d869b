import { describe, expect, it } from 'vitest';
import { UNKNOWN } from '../../../src/kit/unknown.ts';
import { parsePolicyDocument, type Statement } from '../../../src/providers/aws/policy-document.ts';
import { bucketProps } from '../../../src/providers/aws/s3-bucket.ts';

function policy(document: unknown): Statement[] {
  const parsed = parsePolicyDocument(document);
  if (parsed.status !== 'ok') throw new Error(parsed.status);
  return parsed.statements;
}

describe('bucketProps', () => {
  it('leaves absent what no fact states, for the source to default', () => {
    expect(bucketProps({})).toEqual({});
  });

  it('turns stated facts into props', () => {
    expect(
      bucketProps({
        encryption: { algorithm: 'aws:kms', kmsKeyId: 'arn:aws:kms:eu-west-1:1:key/k' },
        versioning: { status: 'Enabled', mfaDelete: 'Disabled' },
        logging: { targetBucket: 'logs' },
        publicAccessBlock: { blockPublicAcls: true, ignorePublicAcls: true, blockPublicPolicy: false },
        acl: { canned: 'private' },
        policy: policy({
          Statement: [
            { Effect: 'Deny', Principal: '*', Action: 's3:*', Condition: { Bool: { 'aws:SecureTransport': false } } },
          ],
        }),
      }),
    ).toEqual({
      encryption: { enabled: true, algorithm: 'aws:kms', kmsKeyId: 'arn:aws:kms:eu-west-1:1:key/k' },
      versioning: { enabled: true, mfaDelete: false },
      accessLogging: { enabled: true, target: 'logs' },
      publicAccess: {
        blockPublicAcls: true,
        ignorePublicAcls: true,
        blockPublicPolicy: false,
        aclPublic: false,
        policyPublic: false,
      },
      tls: { required: true },
    });
  });

  it('a suspended versioning is off; an encryption rule naming nothing is no encryption', () => {
    expect(bucketProps({ versioning: { status: 'Suspended' }, encryption: {} })).toEqual({
      versioning: { enabled: false },
    });
  });

  it('a public canned ACL, a grant to AllUsers or AuthenticatedUsers is public; an unknown ACL is unknown', () => {
    expect(bucketProps({ acl: { canned: 'public-read' } }).publicAccess).toEqual({ aclPublic: true });
    const grant = 'http://acs.amazonaws.com/groups/global/AuthenticatedUsers';
    expect(bucketProps({ acl: { granteeUris: [grant] } }).publicAccess).toEqual({ aclPublic: true });
    expect(
      bucketProps({ acl: { granteeUris: ['http://acs.amazonaws.com/groups/s3/LogDelivery'] } }).publicAccess,
    ).toEqual({
      aclPublic: false,
    });
    expect(bucketProps({ acl: { canned: UNKNOWN } })).toEqual({});
  });

  it('a policy open to everyone is public, and with an unreadable condition not known either way', () => {
    const open = policy({ Statement: [{ Effect: 'Allow', Principal: { AWS: '*' }, Action: 's3:GetObject' }] });
    expect(bucketProps({ policy: open })).toEqual({ publicAccess: { policyPublic: true }, tls: { required: false } });
    const unsure = policy({
      Statement: [{ Effect: 'Allow', Principal: '*', Action: 's3:GetObject', Condition: UNKNOWN }],
    });
    expect(bucketProps({ policy: unsure })).toEqual({ tls: { required: false } });
  });
});
