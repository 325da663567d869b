import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { collectCloudFormation, looksLikeCloudFormation } from '../../../../src/collectors/iac/cloudformation/index.ts';
import { parseTemplate } from '../../../../src/collectors/iac/cloudformation/template.ts';
import type { IacFile } from '../../../../src/kit/format-contract.ts';
import type { Resource } from '../../../../src/model/resource.ts';
import { validateResources } from '../../../../src/model/validate.ts';

const FIXTURES = new URL('../../../fixtures/cloudformation/', import.meta.url);

function file(relPath: string, content?: string): IacFile {
  const url = new URL(relPath, FIXTURES);
  return { relPath, absPath: url.pathname, content: content ?? readFileSync(url, 'utf8'), format: 'cloudformation' };
}

async function collect(relPath: string, content?: string) {
  return collectCloudFormation([file(relPath, content)], 'src-1');
}

function byName(resources: Resource[], name: string): Resource {
  const found = resources.find((r) => r.name === name);
  if (!found) throw new Error(`no resource ${name}`);
  return found;
}

describe('short-form intrinsic tags', () => {
  it('expands every tag to its long form', () => {
    const parsed = parseTemplate(
      [
        'A: !Ref X',
        'B: !GetAtt Res.Arn.Sub',
        'C: !Sub "${X}-y"',
        'D: !Join [",", [a, b]]',
        'E: !If [Cond, 1, 2]',
        'F: !Condition Cond',
        'G: !GetAZs ""',
      ].join('\n'),
    );
    expect(parsed.ok).toBe(true);
    if (!parsed.ok) return;
    expect(parsed.value).toEqual({
      A: { Ref: 'X' },
      B: { 'Fn::GetAtt': ['Res', 'Arn.Sub'] },
      C: { 'Fn::Sub': '${X}-y' },
      D: { 'Fn::Join': [',', ['a', 'b']] },
      E: { 'Fn::If': ['Cond', 1, 2] },
      F: { Condition: 'Cond' },
      G: { 'Fn::GetAZs': '' },
    });
  });
});

describe('storage.yaml (YAML, intrinsics, S3/EBS/RDS/KMS)', async () => {
  const { resources, gaps } = await collect('storage.yaml');

  it('validates against the model and records no gaps', () => {
    expect(validateResources(resources)).toEqual([]);
    expect(gaps).toEqual([]);
  });

  it('skips a resource whose condition is decidably false', () => {
    expect(resources.map((r) => r.name)).not.toContain('DevOnlyBucket');
  });

  it('maps a hardened bucket with its linked policy', () => {
    const bucket = byName(resources, 'DataBucket');
    expect(bucket).toMatchObject({
      uid: 'cloudformation:storage.yaml:DataBucket',
      kind: 'storage.bucket',
      provider: 'aws',
      nativeType: 'AWS::S3::Bucket',
      location: { file: 'storage.yaml', line: 18 },
      tags: { env: 'prod' },
      sourceId: 'src-1',
    });
    expect(bucket.props).toEqual({
      encryption: { enabled: true, algorithm: 'aws:kms', kmsKeyId: 'cloudformation:storage.yaml:DataKey' },
      versioning: { enabled: true },
      accessLogging: { enabled: true, target: 'cloudformation:storage.yaml:LogBucket' },
      tls: { required: true },
      publicAccess: {
        blockPublicAcls: true,
        ignorePublicAcls: true,
        blockPublicPolicy: true,
        restrictPublicBuckets: true,
        aclPublic: false,
        policyPublic: false,
      },
    });
    expect(bucket.defaulted).toEqual(['publicAccess.aclPublic']);
    expect(bucket.propLines).toMatchObject({ 'encryption.enabled': 22, 'versioning.enabled': 27, 'tls.required': 43 });
  });

  it('fills documented defaults and resolves Fn::If on a decidable condition', () => {
    const bucket = byName(resources, 'LogBucket');
    expect(bucket.props).toMatchObject({
      versioning: { enabled: false },
      accessLogging: { enabled: false },
      tls: { required: false },
      publicAccess: { aclPublic: true },
    });
    // A public canned ACL is refused by a bucket created with the 2023 defaults: they are not assumed.
    expect(bucket.props).not.toHaveProperty('publicAccess.ignorePublicAcls');
    expect(bucket.props).not.toHaveProperty('publicAccess.blockPublicAcls');
    expect(bucket.unknown).toEqual(
      expect.arrayContaining(['publicAccess.blockPublicAcls', 'publicAccess.restrictPublicBuckets']),
    );
    expect(bucket.unknownReasons?.['publicAccess.ignorePublicAcls']).toMatch(/created before then/);
    expect(bucket.defaulted).toContain('tls.required');
    expect(bucket.defaulted).not.toContain('versioning.enabled');
    expect(bucket.propLines?.['publicAccess.aclPublic']).toBe(56);
  });

  it('links a bucket policy by literal bucket name and detects a public principal', () => {
    const bucket = byName(resources, 'WebsiteBucket');
    // The settings the configuration leaves out are off, as S3 stores them.
    expect(bucket.props).toHaveProperty('publicAccess', {
      blockPublicAcls: false,
      ignorePublicAcls: false,
      blockPublicPolicy: false,
      restrictPublicBuckets: false,
      aclPublic: false,
      policyPublic: true,
    });
    expect(bucket.defaulted).toEqual(
      expect.arrayContaining(['publicAccess.blockPublicAcls', 'publicAccess.restrictPublicBuckets']),
    );
    expect(bucket.defaulted).not.toContain('publicAccess.blockPublicPolicy');
  });

  it('maps volumes with explicit and default encryption', () => {
    expect(byName(resources, 'DataVolume').props).toEqual({
      encryption: { enabled: true, kmsKeyId: 'cloudformation:storage.yaml:DataKey' },
      sizeGb: 100,
    });
    const scratch = byName(resources, 'ScratchVolume');
    expect(scratch.props).toEqual({ encryption: { enabled: false }, sizeGb: 10 });
    expect(scratch.defaulted).toEqual(['encryption.enabled']);
  });

  it('maps databases: parameter defaults, string booleans, unknown stays absent, cluster members inherit', () => {
    const db = byName(resources, 'Database');
    expect(db.props).toEqual({
      engine: 'postgres',
      publiclyAccessible: true,
      encryption: { enabled: false },
      backupRetentionDays: 14,
    });
    expect(db.defaulted).toEqual(['encryption.enabled']);
    expect(db.propLines).toMatchObject({ publiclyAccessible: 108, backupRetentionDays: 109 });
    const cluster = byName(resources, 'Cluster');
    // PubliclyAccessible depends on AWS::Region: unknown, so absent.
    expect(cluster.props).toEqual({ engine: 'aurora-mysql', encryption: { enabled: true }, backupRetentionDays: 1 });
    expect(cluster.defaulted).toEqual(['backupRetentionDays']);
    // The member takes the cluster's storage encryption and backup retention, defaults included.
    const member = byName(resources, 'ClusterMember');
    expect(member.props).toEqual({
      engine: 'aurora-mysql',
      clusterId: cluster.uid,
      encryption: { enabled: true },
      backupRetentionDays: 1,
    });
    expect(member.defaulted).toEqual(['backupRetentionDays']);
  });

  it('maps KMS keys with rotation defaults', () => {
    expect(byName(resources, 'DataKey').props).toMatchObject({ rotationEnabled: true, enabled: true });
    const plain = byName(resources, 'PlainKey');
    expect(plain.props).toEqual({
      enabled: true,
      rotationEnabled: false,
      keySpec: 'RSA_2048',
      usage: 'ENCRYPT_DECRYPT',
    });
    expect(plain.defaulted).toContain('rotationEnabled');
  });

  it('masks secret values in raw', () => {
    const raw = JSON.stringify(byName(resources, 'Database').raw);
    expect(raw).not.toContain('Sup3rSecretLiteral!');
    expect(raw).toContain('MasterUserPassword');
  });
});

describe('network-iam.json (JSON template)', async () => {
  const { resources, gaps } = await collect('network-iam.json');

  it('validates against the model', () => {
    expect(validateResources(resources)).toEqual([]);
  });

  it('maps inline and standalone security group rules with lines', () => {
    const sg = byName(resources, 'WebSg');
    expect(sg.props).toEqual({
      rules: [
        {
          direction: 'ingress',
          action: 'allow',
          protocol: 'tcp',
          ports: [{ from: 22, to: 22 }],
          sources: ['0.0.0.0/0'],
          line: 31,
        },
        {
          direction: 'ingress',
          action: 'allow',
          protocol: 'all',
          ports: [{ from: 0, to: 65535 }],
          sources: ['::/0'],
          line: 32,
        },
        {
          direction: 'egress',
          action: 'allow',
          protocol: 'all',
          ports: [{ from: 0, to: 65535 }],
          sources: [],
          destinations: ['0.0.0.0/0'],
          line: 36,
        },
        {
          direction: 'ingress',
          action: 'allow',
          protocol: 'tcp',
          ports: [{ from: 5432, to: 5432 }],
          sources: ['10.0.0.0/8'],
          line: 40,
        },
      ],
      defaultIngressAction: 'deny',
    });
    // The rule whose source is a parameter without default is not guessed: it is a gap.
    expect(gaps).toEqual([
      expect.objectContaining({ reason: 'unresolved-reference', file: 'network-iam.json', line: 33 }),
    ]);
  });

  it('evaluates a rule for a group outside the template on its own', () => {
    const foreign = byName(resources, 'ForeignIngress');
    expect(foreign.kind).toBe('network.firewall');
    expect(foreign.props).toMatchObject({
      rules: [{ protocol: 'tcp', ports: [{ from: 3389, to: 3389 }], sources: ['0.0.0.0/0'] }],
    });
  });

  it('links flow logs to VPCs', () => {
    expect(byName(resources, 'Vpc').props).toEqual({
      cidrBlocks: ['10.0.0.0/16'],
      flowLogsEnabled: true,
      flowLogs: ['cloudformation:network-iam.json:VpcFlowLog'],
    });
    expect(byName(resources, 'BareVpc').props).toMatchObject({ flowLogsEnabled: false });
  });

  it('maps listeners: redirect and TLS policy', () => {
    expect(byName(resources, 'HttpListener').props).toEqual({
      protocol: 'HTTP',
      port: 80,
      redirectsToHttps: true,
      tls: { required: false },
    });
    expect(byName(resources, 'HttpsListener').props).toMatchObject({
      tls: { required: true, minVersion: '1.2' },
      redirectsToHttps: false,
    });
  });

  it('maps managed and inline IAM policies', () => {
    expect(byName(resources, 'AdminPolicy').props).toEqual({
      statements: [{ effect: 'Allow', actions: ['*'], resources: ['*'], line: 74 }],
      attachedTo: ['cloudformation:network-iam.json:AppRole'],
      managedBy: 'customer',
    });
    const inline = byName(resources, 'AppRole/policy/read');
    expect(inline.uid).toBe('cloudformation:network-iam.json:AppRole/policy/read');
    expect(inline.props).toHaveProperty('statements', [
      {
        effect: 'Allow',
        actions: ['s3:GetObject'],
        resources: ['*'],
        hasCondition: true,
        conditionKeys: ['aws:MultiFactorAuthPresent'],
        line: 88,
      },
    ]);
  });

  it('maps users, their keys and the root access key', () => {
    expect(byName(resources, 'Alice').props).toEqual({
      isRoot: false,
      consoleAccess: true,
      accessKeys: [{ active: false }],
      groups: ['admins'],
    });
    expect(JSON.stringify(byName(resources, 'Alice').raw)).not.toContain('Alice-Literal-Pass-123');
    expect(byName(resources, 'Bot').props).toEqual({ isRoot: false, consoleAccess: false, accessKeys: [] });
    expect(byName(resources, 'RootKey').props).toEqual({ isRoot: true, accessKeys: [{ active: true }] });
  });

  it('maps trails and log groups with defaults', () => {
    const trail = byName(resources, 'Trail');
    expect(trail.props).toEqual({
      enabled: true,
      destination: 'trail-bucket',
      multiRegion: true,
      logFileValidation: false,
      encryption: { enabled: false },
    });
    expect(trail.defaulted).toEqual(['logFileValidation', 'encryption.enabled']);
    expect(byName(resources, 'AppLogs').props).toEqual({ retentionDays: 0 });
    expect(byName(resources, 'AppLogs').defaulted).toEqual(['retentionDays']);
    expect(byName(resources, 'AuditLogs').props).toEqual({ retentionDays: 400 });
  });
});

describe('minimal templates', () => {
  it('maps each listener of a classic load balancer, on its own line', async () => {
    const { resources, gaps } = await collect(
      'elb.yaml',
      [
        'Resources:',
        '  Lb:',
        '    Type: AWS::ElasticLoadBalancing::LoadBalancer',
        '    Properties:',
        '      Listeners:',
        '      - LoadBalancerPort: "80"',
        '        InstancePort: "80"',
        '        Protocol: HTTP',
        '      - LoadBalancerPort: "443"',
        '        InstancePort: "80"',
        '        Protocol: https',
      ].join('\n'),
    );
    expect(gaps).toEqual([]);
    expect(validateResources(resources)).toEqual([]);
    expect(resources.map((r) => [r.name, r.kind, r.location.line, r.props])).toEqual([
      [
        'Lb/listener/80',
        'loadbalancer.listener',
        6,
        { protocol: 'HTTP', port: 80, redirectsToHttps: false, tls: { required: false } },
      ],
      [
        'Lb/listener/443',
        'loadbalancer.listener',
        9,
        { protocol: 'HTTPS', port: 443, redirectsToHttps: false, tls: { required: true } },
      ],
    ]);
    expect(resources[0]?.propLines).toEqual({ protocol: 8, 'tls.required': 8 });
  });

  it('a security group rule with FromPort above ToPort is a gap, not a rule', async () => {
    const { resources, gaps } = await collect(
      'range.yaml',
      [
        'Resources:',
        '  Sg:',
        '    Type: AWS::EC2::SecurityGroup',
        '    Properties:',
        '      GroupDescription: x',
        '  In:',
        '    Type: AWS::EC2::SecurityGroupIngress',
        '    Properties:',
        '      GroupId: !Ref Sg',
        '      IpProtocol: tcp',
        '      FromPort: 80',
        '      ToPort: 0',
        '      CidrIp: 0.0.0.0/0',
      ].join('\n'),
    );
    expect(byName(resources, 'Sg').props).toEqual({ rules: [], defaultIngressAction: 'deny' });
    expect(gaps).toEqual([
      {
        reason: 'other',
        message:
          'In (AWS::EC2::SecurityGroupIngress): ingress rule has an invalid port range 80-0 (FromPort above ToPort)',
        file: 'range.yaml',
        line: 6,
      },
    ]);
  });

  it('a peer security group outside the template is kept as an unresolved group, not a gap', async () => {
    const { resources, gaps } = await collect(
      'peer.yaml',
      [
        'Resources:',
        '  In:',
        '    Type: AWS::EC2::SecurityGroupIngress',
        '    Properties:',
        '      GroupId: sg-123',
        '      IpProtocol: -1',
        '      SourceSecurityGroupId: !GetAtt Other.GroupId',
      ].join('\n'),
    );
    expect(gaps).toEqual([]);
    expect(byName(resources, 'In').props).toEqual({
      rules: [
        {
          direction: 'ingress',
          action: 'allow',
          protocol: 'all',
          ports: [{ from: 0, to: 65535 }],
          sources: ['(unresolved SourceSecurityGroupId)'],
          line: 2,
        },
      ],
      attachedTo: ['sg-123'],
    });
  });

  it('an access key of the user "Root" (any case) is the root account\'s', async () => {
    const { resources } = await collect(
      'root.yaml',
      'Resources:\n  Keys:\n    Type: AWS::IAM::AccessKey\n    Properties:\n      UserName: Root\n',
    );
    expect(resources.map((r) => [r.kind, r.props])).toEqual([
      ['identity.user', { isRoot: true, accessKeys: [{ active: true }] }],
    ]);
  });

  it('a public canned ACL: Block Public Access defaults are not assumed, a private one keeps them', async () => {
    const { resources } = await collect(
      'acl.yaml',
      [
        'Resources:',
        '  Open:',
        '    Type: AWS::S3::Bucket',
        '    Properties:',
        '      AccessControl: PublicReadWrite',
        '  Closed:',
        '    Type: AWS::S3::Bucket',
        '    Properties:',
        '      AccessControl: BucketOwnerFullControl',
      ].join('\n'),
    );
    expect(byName(resources, 'Open').props).toHaveProperty('publicAccess', { aclPublic: true });
    expect(byName(resources, 'Open').defaulted).not.toContain('publicAccess.ignorePublicAcls');
    expect(byName(resources, 'Closed').props).toHaveProperty('publicAccess', {
      aclPublic: false,
      blockPublicAcls: true,
      ignorePublicAcls: true,
      blockPublicPolicy: true,
      restrictPublicBuckets: true,
    });
  });

  it("a cluster member takes the cluster's retention; a member of an outside cluster stays unknown", async () => {
    const { resources } = await collect(
      'cluster.yaml',
      [
        'Resources:',
        '  Cluster:',
        '    Type: AWS::RDS::DBCluster',
        '    Properties:',
        '      Engine: aurora-mysql',
        '      StorageEncrypted: true',
        '      BackupRetentionPeriod: 16',
        '  Member:',
        '    Type: AWS::RDS::DBInstance',
        '    Properties:',
        '      Engine: aurora-mysql',
        '      DBClusterIdentifier: !Ref Cluster',
        '  Stranger:',
        '    Type: AWS::RDS::DBInstance',
        '    Properties:',
        '      DBClusterIdentifier: other-cluster',
      ].join('\n'),
    );
    expect(byName(resources, 'Member').props).toEqual({
      engine: 'aurora-mysql',
      clusterId: 'cloudformation:cluster.yaml:Cluster',
      encryption: { enabled: true },
      backupRetentionDays: 16,
    });
    expect(byName(resources, 'Member').defaulted).toBeUndefined();
    // A member of a cluster outside the template names it, and states nothing it does not know.
    expect(byName(resources, 'Stranger').props).toEqual({ clusterId: 'other-cluster' });
  });
});

describe('malformed templates become gaps, never exceptions', () => {
  it('YAML syntax error with its line', async () => {
    const { resources, gaps } = await collect(
      'bad.yaml',
      'Resources:\n  A:\n    Type: AWS::S3::Bucket\n    Properties: [unclosed\n',
    );
    expect(resources).toEqual([]);
    expect(gaps).toEqual([
      expect.objectContaining({ reason: 'parse-error', file: 'bad.yaml', line: expect.any(Number) }),
    ]);
    expect(gaps[0]?.line).toBeGreaterThanOrEqual(4);
  });

  it('duplicate keys', async () => {
    const { gaps } = await collect(
      'dup.yaml',
      'Resources:\n  A:\n    Type: AWS::S3::Bucket\n  A:\n    Type: AWS::S3::Bucket\n',
    );
    expect(gaps).toEqual([expect.objectContaining({ reason: 'parse-error', file: 'dup.yaml', line: 4 })]);
  });

  it('malformed JSON with its line', async () => {
    const { gaps } = await collect(
      'bad.json',
      '{\n  "Resources": {\n    "A": { "Type": "AWS::S3::Bucket", }\n  ,,\n}\n',
    );
    expect(gaps).toHaveLength(1);
    expect(gaps[0]).toMatchObject({ reason: 'parse-error', file: 'bad.json' });
    expect(gaps[0]?.line).toBeGreaterThan(1);
  });

  it('a resource without Type is a gap; the others are still collected', async () => {
    const { resources, gaps } = await collect(
      'notype.yaml',
      'Resources:\n  Broken:\n    Properties: {}\n  Ok:\n    Type: AWS::Logs::LogGroup\n',
    );
    expect(gaps).toEqual([
      { reason: 'parse-error', message: 'resource Broken has no Type', file: 'notype.yaml', line: 2 },
    ]);
    expect(resources.map((r) => r.name)).toEqual(['Ok']);
  });

  it('a policy with a statement that is not an object is a gap, never a policy that grants nothing', async () => {
    const { resources, gaps } = await collect(
      'odd-policy.yaml',
      [
        'Resources:',
        '  P:',
        '    Type: AWS::IAM::ManagedPolicy',
        '    Properties:',
        '      PolicyDocument:',
        '        Statement:',
        '          - Effect: Allow',
        '            Action: "*"',
        '            Resource: "*"',
        '          - Allow everything',
      ].join('\n'),
    );
    expect(resources).toEqual([]);
    expect(gaps).toEqual([
      expect.objectContaining({ reason: 'unresolved-reference', file: 'odd-policy.yaml', line: 5 }),
    ]);
  });
});

describe('looksLikeCloudFormation', () => {
  it('recognizes templates and rejects other documents', () => {
    expect(looksLikeCloudFormation({ AWSTemplateFormatVersion: '2010-09-09', Resources: {} })).toBe(true);
    expect(looksLikeCloudFormation({ Resources: { A: { Type: 'AWS::S3::Bucket' } } })).toBe(true);
    expect(looksLikeCloudFormation({ apiVersion: 'v1', kind: 'Pod' })).toBe(false);
    expect(looksLikeCloudFormation({ Resources: { A: { Type: 'something' } } })).toBe(false);
    expect(looksLikeCloudFormation('text')).toBe(false);
  });
});
