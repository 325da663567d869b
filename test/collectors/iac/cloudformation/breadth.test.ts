// CloudFormation as teams write it (issue 14): Fn::ForEach loops, types no mapper reads recorded
// as gaps, tool types such as Rain::Module, bucket policies naming their bucket with the same
// !Sub, read replicas and Object Lock.
import { describe, expect, it } from 'vitest';
import { collectCloudFormation, looksLikeCloudFormation } from '../../../../src/collectors/iac/cloudformation/index.ts';
import type { Resource } from '../../../../src/model/resource.ts';
import { validateResources } from '../../../../src/model/validate.ts';

async function collect(content: string, relPath = 'template.yaml') {
  return collectCloudFormation([{ relPath, absPath: `/x/${relPath}`, content, format: 'cloudformation' }], 'src-1');
}

const props = (resources: Resource[], name: string) => resources.find((r) => r.name === name)?.props;

describe('Fn::ForEach (AWS::LanguageExtensions)', () => {
  const template = [
    'Transform: AWS::LanguageExtensions',
    'Parameters:',
    '  Names:',
    '    Type: CommaDelimitedList',
    '    Default: logs,data-lake',
    'Resources:',
    '  Fn::ForEach::Buckets:',
    '    - Name',
    '    - !Ref Names',
    '    - Bucket&{Name}:',
    '        Type: AWS::S3::Bucket',
    '        Properties:',
    '          BucketName: !Sub "acme-${Name}"',
    '          VersioningConfiguration:',
    '            Status: Enabled',
    '  Fn::ForEach::Topics:',
    '    - Topic',
    '    - !Ref Undeclared',
    '    - Topic${Topic}:',
    '        Type: AWS::S3::Bucket',
  ].join('\n');

  it('stamps out one resource per item, the identifier substituted, at the loop line', async () => {
    const { resources, gaps } = await collect(template);
    const buckets = resources.filter((r) => r.kind === 'storage.bucket');
    expect(buckets.map((r) => [r.name, r.location.line])).toEqual([
      ['Bucketlogs', 7],
      ['Bucketdatalake', 7],
    ]);
    expect(buckets.map((r) => (r.props as { versioning?: { enabled: boolean } }).versioning?.enabled)).toEqual([
      true,
      true,
    ]);
    expect(validateResources(resources)).toEqual([]);
    // A collection the template cannot decide is a gap, not a resource named Fn::ForEach::Topics.
    expect(gaps).toEqual([
      expect.objectContaining({ reason: 'unresolved-reference', line: 16, file: 'template.yaml' }),
    ]);
    expect(gaps[0]!.message).toContain('Fn::ForEach::Topics: its collection is not known');
  });

  it('expands nested loops and literal collections', async () => {
    const { resources } = await collect(
      [
        'Resources:',
        '  Fn::ForEach::Envs:',
        '    - Env',
        '    - [dev, prod]',
        '    - Fn::ForEach::Apps:',
        '        - App',
        '        - [web, api]',
        '        - ${Env}${App}Logs:',
        '            Type: AWS::Logs::LogGroup',
        '            Properties:',
        '              RetentionInDays: 30',
      ].join('\n'),
    );
    expect(resources.map((r) => r.name).sort()).toEqual(['devapiLogs', 'devwebLogs', 'prodapiLogs', 'prodwebLogs']);
  });
});

describe('types no mapper reads', () => {
  it('are gaps, once per type and file, instead of vanishing', async () => {
    const { gaps } = await collect(
      [
        'Resources:',
        '  Queue:',
        '    Type: AWS::SQS::Queue',
        '  Queue2:',
        '    Type: AWS::SQS::Queue',
        '  Fn:',
        '    Type: AWS::Serverless::Function',
        '  Bucket:',
        '    Type: AWS::S3::Bucket',
        '  Policy:',
        '    Type: AWS::S3::BucketPolicy',
        '    Properties:',
        '      Bucket: !Ref Bucket',
        '      PolicyDocument: {Statement: []}',
      ].join('\n'),
    );
    expect(gaps).toEqual([
      {
        reason: 'unsupported',
        file: 'template.yaml',
        line: 2,
        message: 'AWS::SQS::Queue (Queue) is not mapped to a normalized kind; its resources were not evaluated',
      },
      {
        reason: 'unsupported',
        file: 'template.yaml',
        line: 6,
        message: 'AWS::Serverless::Function (Fn) is not mapped to a normalized kind; its resources were not evaluated',
      },
    ]);
  });

  it('records a rain module (Type: !Rain::Module, JSON {"Rain::Module": ...}) as a gap, not a parse error', async () => {
    const yaml = [
      'Resources:',
      '  Site:',
      '    Type: !Rain::Module ./site.yml',
      '  Logs:',
      '    Type: AWS::S3::Bucket',
    ].join('\n');
    const json = JSON.stringify({ Resources: { Site: { Type: { 'Rain::Module': './site.yml' } } } }, null, 2);
    expect(looksLikeCloudFormation(JSON.parse(json))).toBe(true);
    for (const [text, name, line] of [
      [yaml, 'site.yaml', 2],
      [json, 'site.json', 3],
    ] as const) {
      const { resources, gaps } = await collect(text, name);
      expect(gaps, name).toEqual([
        {
          reason: 'unsupported',
          file: name,
          line,
          message:
            'resource Site is a Rain::Module (./site.yml), expanded by the rain CLI before deployment; its resources were not evaluated',
        },
      ]);
      expect(resources.map((r) => r.name)).toEqual(name === 'site.yaml' ? ['Logs'] : []);
    }
  });

  it('reads a JSON template of Rain modules (Rain::Module) without failing the file', async () => {
    const json = JSON.stringify(
      {
        Resources: {
          Site: { Type: 'Rain::Module', Source: './site.yaml', Properties: { Name: 'x' } },
          Logs: { Type: 'AWS::S3::Bucket', Properties: { BucketName: 'logs' } },
        },
      },
      null,
      2,
    );
    expect(looksLikeCloudFormation(JSON.parse(json))).toBe(true);
    expect(looksLikeCloudFormation({ Resources: { Site: { Type: 'Rain::Module' } } })).toBe(true);
    const { resources, gaps } = await collect(json, 'rain.json');
    expect(resources.map((r) => r.name)).toEqual(['Logs']);
    expect(gaps.map((g) => [g.reason, g.line])).toEqual([['unsupported', 3]]);
  });
});

describe('a bucket policy naming its bucket with the same !Sub as the BucketName', () => {
  it('is linked, so the TLS-only statement counts (AWS compliant-bucket sample)', async () => {
    const { resources } = await collect(
      [
        'Resources:',
        '  Bucket:',
        '    Type: AWS::S3::Bucket',
        '    Properties:',
        '      BucketName: !Sub "${AWS::StackName}-${AWS::AccountId}-data"',
        '  Policy:',
        '    Type: AWS::S3::BucketPolicy',
        '    Properties:',
        '      Bucket: !Sub "${AWS::StackName}-${AWS::AccountId}-data"',
        '      PolicyDocument:',
        '        Statement:',
        '          - Effect: Deny',
        '            Principal: "*"',
        '            Action: "s3:*"',
        '            Resource:',
        '              - !Sub "arn:${AWS::Partition}:s3:::${AWS::StackName}-${AWS::AccountId}-data"',
        '              - !Sub "arn:${AWS::Partition}:s3:::${AWS::StackName}-${AWS::AccountId}-data/*"',
        '            Condition:',
        '              Bool:',
        '                aws:SecureTransport: false',
        '  Other:',
        '    Type: AWS::S3::Bucket',
        '    Properties:',
        '      BucketName: !Sub "${AWS::StackName}-other"',
      ].join('\n'),
    );
    expect((props(resources, 'Bucket') as { tls?: unknown }).tls).toEqual({ required: true });
    expect((props(resources, 'Other') as { tls?: unknown }).tls).toEqual({ required: false });
  });
});

describe('provider semantics', () => {
  it('a read replica of an encrypted instance is encrypted; of an external source, unknown', async () => {
    const { resources } = await collect(
      [
        'Resources:',
        '  Primary:',
        '    Type: AWS::RDS::DBInstance',
        '    Properties:',
        '      Engine: mysql',
        '      StorageEncrypted: true',
        '  Replica:',
        '    Type: AWS::RDS::DBInstance',
        '    Properties:',
        '      SourceDBInstanceIdentifier: !Ref Primary',
        '  ReplicaOfReplica:',
        '    Type: AWS::RDS::DBInstance',
        '    Properties:',
        '      SourceDBInstanceIdentifier: !Ref Replica',
        '  External:',
        '    Type: AWS::RDS::DBInstance',
        '    Properties:',
        '      SourceDBInstanceIdentifier: arn:aws:rds:us-east-1:123456789012:db:elsewhere',
      ].join('\n'),
    );
    const encryption = (name: string) => (props(resources, name) as { encryption?: { enabled: boolean } }).encryption;
    expect(encryption('Replica')?.enabled).toBe(true);
    expect(encryption('ReplicaOfReplica')?.enabled).toBe(true);
    expect(encryption('External')).toBeUndefined();
    // Each names its source, so the backup rule leaves it to the source.
    const replicaOf = (name: string) => (props(resources, name) as { replicaOf?: string }).replicaOf;
    expect(replicaOf('Replica')).toMatch(/:Primary$/);
    expect(replicaOf('ReplicaOfReplica')).toMatch(/:Replica$/);
    expect(replicaOf('External')).toBe('arn:aws:rds:us-east-1:123456789012:db:elsewhere');
    expect(replicaOf('Primary')).toBeUndefined();
  });

  it('Object Lock turns versioning on', async () => {
    const { resources } = await collect(
      [
        'Resources:',
        '  Locked:',
        '    Type: AWS::S3::Bucket',
        '    Properties:',
        '      ObjectLockEnabled: true',
        '      ObjectLockConfiguration:',
        '        ObjectLockEnabled: Enabled',
      ].join('\n'),
    );
    const locked = resources.find((r) => r.name === 'Locked')!;
    expect((locked.props as { versioning?: unknown }).versioning).toEqual({ enabled: true });
    expect(locked.defaulted ?? []).not.toContain('versioning.enabled');
  });
});
