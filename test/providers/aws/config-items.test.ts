// The Config-item adapters on their own: each type's props from items as Config records them,
// including parts that cannot be read (problems, never passes).
import { describe, expect, it } from 'vitest';
import type { Resource } from '../../../src/model/resource.ts';
import { type ConfigItem, mapConfigItem } from '../../../src/providers/aws/config-items/index.ts';
import { applyAccountBlock } from '../../../src/providers/aws/config-items/s3.ts';
import { parseCredentialReport } from '../../../src/providers/aws/credential-report.ts';
import { passwordPolicyProps } from '../../../src/providers/aws/password-policy.ts';

const item = (
  resourceType: string,
  configuration: Record<string, unknown>,
  supplementaryConfiguration = {},
): ConfigItem => ({
  resourceType,
  resourceId: 'id-1',
  arn: `arn:aws:test:::${resourceType}`,
  accountId: '111122223333',
  region: 'us-east-1',
  configuration,
  supplementaryConfiguration,
});

const map = (i: ConfigItem) => {
  const result = mapConfigItem(i);
  if (!result) throw new Error(`${i.resourceType} is not mapped`);
  return result;
};

describe('Config-item adapters', () => {
  it('S3: a public policy without a condition, public access block flags, KMS encryption, logging on', () => {
    const policy = encodeURIComponent(
      JSON.stringify({
        Statement: [{ Effect: 'Allow', Principal: '*', Action: 's3:GetObject', Resource: 'arn:aws:s3:::b/*' }],
      }),
    );
    const { resources, problems } = map(
      item(
        'AWS::S3::Bucket',
        { name: 'b' },
        {
          BucketPolicy: { policyText: policy },
          PublicAccessBlockConfiguration: {
            blockPublicAcls: true,
            ignorePublicAcls: false,
            blockPublicPolicy: false,
            restrictPublicBuckets: false,
          },
          ServerSideEncryptionConfiguration: {
            rules: [{ applyServerSideEncryptionByDefault: { sseAlgorithm: 'aws:kms', kmsMasterKeyID: 'k1' } }],
          },
          BucketLoggingConfiguration: { destinationBucketName: 'logs' },
          BucketVersioningConfiguration: { status: 'Suspended', isMfaDeleteEnabled: false },
        },
      ),
    );
    expect(problems).toEqual([]);
    expect(resources[0]!.props).toEqual({
      encryption: { enabled: true, algorithm: 'aws:kms', kmsKeyId: 'k1' },
      versioning: { enabled: false, mfaDelete: false },
      accessLogging: { enabled: true, target: 'logs' },
      publicAccess: {
        blockPublicAcls: true,
        ignorePublicAcls: false,
        blockPublicPolicy: false,
        restrictPublicBuckets: false,
        policyPublic: true,
      },
      tls: { required: false },
    });
  });

  it('S3: a bucket policy that is not JSON is a problem and leaves policy facts unknown', () => {
    const { resources, problems } = map(
      item('AWS::S3::Bucket', { name: 'b' }, { BucketPolicy: { policyText: '{"Statement": [' } }),
    );
    expect(problems).toEqual([expect.stringMatching(/^bucket policy policy is not valid JSON/)]);
    // No PublicAccessBlockConfiguration recorded: S3 has none for the bucket, so its settings are off.
    expect(resources[0]!.props).toEqual({
      publicAccess: {
        blockPublicAcls: false,
        ignorePublicAcls: false,
        blockPublicPolicy: false,
        restrictPublicBuckets: false,
      },
    });
  });

  it('S3: a recorded Block Public Access configuration is read flag by flag; a flag it leaves out or garbles is unknown', () => {
    const { resources } = map(
      item(
        'AWS::S3::Bucket',
        { name: 'b' },
        {
          PublicAccessBlockConfiguration: {
            blockPublicAcls: true,
            ignorePublicAcls: 'true',
            blockPublicPolicy: 'maybe',
          },
        },
      ),
    );
    expect(resources[0]!.props).toEqual({ publicAccess: { blockPublicAcls: true, ignorePublicAcls: true } });
    expect(resources[0]!.defaulted).toEqual([]);
    expect(Object.keys(resources[0]!.unknown ?? {})).toEqual([
      'publicAccess.blockPublicPolicy',
      'publicAccess.restrictPublicBuckets',
    ]);
  });

  it('S3: the account-level block turns a setting on and clears its default and unknown marks', () => {
    const bucket: Resource = {
      uid: 'arn:aws:s3:::b',
      kind: 'storage.bucket',
      provider: 'aws',
      nativeType: 'AWS::S3::Bucket',
      name: 'b',
      location: { account: '111122223333' },
      sourceId: 'aws',
      props: { publicAccess: { blockPublicAcls: false, ignorePublicAcls: false } },
      defaulted: ['publicAccess.blockPublicAcls', 'publicAccess.ignorePublicAcls'],
      unknown: ['publicAccess.blockPublicPolicy'],
      unknownReasons: { 'publicAccess.blockPublicPolicy': 'not recorded' },
    };
    applyAccountBlock(bucket, { blockPublicAcls: true, ignorePublicAcls: false, blockPublicPolicy: true });
    expect(bucket.props).toEqual({
      publicAccess: { blockPublicAcls: true, ignorePublicAcls: false, blockPublicPolicy: true },
    });
    expect(bucket.defaulted).toEqual(['publicAccess.ignorePublicAcls']);
    expect(bucket.unknown).toBeUndefined();
    expect(bucket.unknownReasons).toBeUndefined();
  });

  it('security group: IPv6 ranges, group peers, and a rule with an unknown protocol as a problem', () => {
    const { resources, problems } = map(
      item('AWS::EC2::SecurityGroup', {
        groupName: 'web',
        vpcId: 'vpc-1',
        ipPermissions: [
          {
            ipProtocol: '6',
            fromPort: 3389,
            toPort: 3389,
            ipv6Ranges: [{ cidrIpv6: '::/0' }],
            userIdGroupPairs: [{ groupId: 'sg-2' }],
          },
          { fromPort: 1, toPort: 2, ipv4Ranges: [{ cidrIp: '10.0.0.0/8' }] },
        ],
      }),
    );
    expect(problems).toEqual(['ingress rule 2 has an unknown protocol; not evaluated']);
    expect(resources[0]).toMatchObject({
      name: 'web',
      props: {
        defaultIngressAction: 'deny',
        attachedTo: ['vpc-1'],
        rules: [{ protocol: 'tcp', ports: [{ from: 3389, to: 3389 }], sources: ['::/0', 'sg-2'] }],
      },
    });
  });

  it('listener: HTTP redirecting to HTTPS, and an HTTPS listener’s minimum TLS from its policy', () => {
    const http = map(
      item('AWS::ElasticLoadBalancingV2::Listener', {
        Protocol: 'HTTP',
        Port: 80,
        DefaultActions: [{ Type: 'redirect', RedirectConfig: { Protocol: 'HTTPS', Port: '443' } }],
      }),
    );
    expect(http.resources[0]!.props).toEqual({
      protocol: 'HTTP',
      port: 80,
      redirectsToHttps: true,
      tls: { required: false },
    });
    const https = map(
      item('AWS::ElasticLoadBalancingV2::Listener', {
        Protocol: 'HTTPS',
        Port: 443,
        SslPolicy: 'ELBSecurityPolicy-TLS13-1-2-2021-06',
      }),
    );
    expect(https.resources[0]!.props).toMatchObject({ tls: { required: true, minVersion: '1.2' } });
  });

  it('KMS: a customer key without recorded rotation leaves rotation unknown; a recorded status is read', () => {
    expect(
      map(item('AWS::KMS::Key', { keyState: 'Enabled', keyManager: 'CUSTOMER', keySpec: 'SYMMETRIC_DEFAULT' }))
        .resources[0]!.props,
    ).toEqual({
      enabled: true,
      keySpec: 'SYMMETRIC_DEFAULT',
    });
    const rotated = map(
      item(
        'AWS::KMS::Key',
        { keyState: 'Disabled', keyManager: 'CUSTOMER' },
        { KeyRotationStatus: { keyRotationEnabled: true } },
      ),
    );
    expect(rotated.resources[0]!.props).toEqual({ enabled: false, rotationEnabled: true });
  });

  it('log group without retention keeps events forever; RDS and trail read as recorded', () => {
    expect(map(item('AWS::Logs::LogGroup', { logGroupName: 'g' })).resources[0]!.props).toEqual({
      retentionDays: 0,
      encryption: { enabled: false },
    });
    expect(
      map(
        item('AWS::RDS::DBInstance', {
          engine: 'mysql',
          storageEncrypted: false,
          publiclyAccessible: false,
          backupRetentionPeriod: 0,
        }),
      ).resources[0]!.props,
    ).toEqual({ engine: 'mysql', publiclyAccessible: false, encryption: { enabled: false }, backupRetentionDays: 0 });
    expect(
      map(item('AWS::CloudTrail::Trail', { name: 't', isMultiRegionTrail: false, kmsKeyId: 'k' })).resources[0]!.props,
    ).toEqual({
      multiRegion: false,
      encryption: { enabled: true, kmsKeyId: 'k' },
    });
  });

  it('IAM: a role’s inline policy as URL-encoded JSON, and an unreadable one as a problem', () => {
    const doc = encodeURIComponent(JSON.stringify({ Statement: { Effect: 'Allow', Action: '*', Resource: '*' } }));
    const { resources, problems } = map(
      item('AWS::IAM::Role', {
        rolePolicyList: [
          { policyName: 'admin', policyDocument: doc },
          { policyName: 'broken', policyDocument: '%7B%22Statement%22%3A%5B1%5D%7D' },
        ],
      }),
    );
    expect(problems).toEqual(['inline policy broken statement 1 is not an object; not evaluated']);
    expect(resources).toEqual([
      {
        kind: 'iam.policy',
        part: 'policy/admin',
        props: {
          statements: [{ effect: 'Allow', actions: ['*'], resources: ['*'] }],
          attachedTo: ['arn:aws:test:::AWS::IAM::Role'],
          managedBy: 'inline',
        },
      },
    ]);
  });

  it('a type no adapter maps is not mapped', () => {
    expect(mapConfigItem(item('AWS::SNS::Topic', {}))).toBeUndefined();
  });
});

describe('IAM account password policy', () => {
  it('no policy set is IAM’s default policy, every value marked defaulted', () => {
    expect(passwordPolicyProps(undefined)).toEqual({
      props: { scope: 'account', minLength: 8, complexity: true, maxAgeDays: 0, historySize: 0 },
      defaulted: ['minLength', 'complexity', 'maxAgeDays', 'historySize'],
    });
  });

  it('a set policy is read; expiry only counts when passwords expire', () => {
    expect(
      passwordPolicyProps({
        MinimumPasswordLength: 12,
        ExpirePasswords: false,
        MaxPasswordAge: 90,
        PasswordReusePrevention: 5,
      }),
    ).toEqual({
      props: { scope: 'account', minLength: 12, historySize: 5, maxAgeDays: 0 },
      defaulted: [],
    });
  });
});

describe('IAM credential report', () => {
  it('a report without the documented columns is refused, naming the column', () => {
    expect(() => parseCredentialReport('user,arn\nalice,arn:aws:iam::1:user/alice\n')).toThrow(
      'the credential report has no password_enabled column',
    );
  });

  it('"N/A", "not_supported" and "no_information" are no values', () => {
    const [row] = parseCredentialReport(
      'user,arn,password_enabled,password_last_used,mfa_active,access_key_1_active,access_key_1_last_rotated,access_key_2_active\n' +
        'svc,arn:aws:iam::1:user/svc,false,no_information,N/A,false,N/A,false\n',
    );
    expect(row).toEqual({
      arn: 'arn:aws:iam::1:user/svc',
      user: 'svc',
      isRoot: false,
      props: {
        isRoot: false,
        consoleAccess: false,
        accessKeys: [],
        mfaEnabled: undefined,
        passwordLastSet: undefined,
        lastLogon: undefined,
      },
    });
  });
});
