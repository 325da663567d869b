// `assay collect aws --from`: Config snapshot files as delivered to S3 (gzipped, nested under
// AWSLogs/<account>/Config/<region>/...), saved API output, and malformed deliveries, through the
// real collector runner, the snapshot schema and the real policy bundle.
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { awsCollector } from '../../../src/collectors/aws/collector.ts';
import { runCollector } from '../../../src/collectors/run.ts';
import type { Resource } from '../../../src/model/resource.ts';
import { makeSnapshot, sha256 } from '../../../src/model/snapshot.ts';
import { validateResources, validateSnapshot } from '../../../src/model/validate.ts';
import { evaluateSnapshots } from '../../../src/pipeline/evaluate.ts';

const fixtures = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../fixtures/aws');
const ACCOUNT = '111122223333';

async function collect(from: string) {
  const collected = await runCollector(
    awsCollector,
    { from },
    { root: fixtures, now: () => new Date('2026-12-01T00:00:00Z') },
  );
  expect(validateResources(collected.resources)).toEqual([]);
  const snapshot = makeSnapshot('test', [collected.source], collected.resources);
  expect(validateSnapshot(snapshot)).toEqual([]);
  return { ...collected, snapshot };
}

const byUid = (resources: Resource[], uid: string) => {
  const found = resources.find((r) => r.uid === uid);
  if (!found) throw new Error(`no resource ${uid}; have ${resources.map((r) => r.uid).join(', ')}`);
  return found;
};

describe('aws collector: Config snapshot files', () => {
  it('reads a gzipped snapshot under AWSLogs/<account>/Config/<region>/ into resources of every mapped kind', async () => {
    const { source, resources } = await collect('config');
    expect(source).toMatchObject({ collector: 'aws', status: 'ok', gaps: [], itemCount: 17 });
    expect(source.target).toContain(`accounts ${ACCOUNT}; regions us-east-1`);
    expect([...new Set(resources.map((r) => r.kind))].sort()).toEqual(
      [
        'compute.disk',
        'crypto.key',
        'database.instance',
        'iam.policy',
        'identity.group',
        'identity.user',
        'logging.log_group',
        'logging.trail',
        'loadbalancer.listener',
        'network.firewall',
        'network.flow_log',
        'network.vpc',
        'storage.bucket',
      ].sort(),
    );
    // The deleted volume is no deployed resource.
    expect(resources.some((r) => r.uid.includes('vol-0deleted'))).toBe(false);
  });

  it('gives live resources their ARN as uid, account and region as location, the Config type and the item as raw', async () => {
    const { resources } = await collect('config');
    const bucket = byUid(resources, 'arn:aws:s3:::mborch-test-bucket-config-item');
    expect(bucket).toMatchObject({
      kind: 'storage.bucket',
      provider: 'aws',
      nativeType: 'AWS::S3::Bucket',
      name: 'mborch-test-bucket-config-item',
      location: { account: ACCOUNT, region: 'us-east-1' },
      sourceId: 'aws',
    });
    expect((bucket.raw as { resourceType: string }).resourceType).toBe('AWS::S3::Bucket');
    // Versioning enabled, a policy that denies plain HTTP, logging off, an owner-only ACL, and no
    // Block Public Access configuration (the bucket dates from 2019): its four settings are off.
    const off = {
      blockPublicAcls: false,
      ignorePublicAcls: false,
      blockPublicPolicy: false,
      restrictPublicBuckets: false,
    };
    expect(bucket.props).toEqual({
      versioning: { enabled: true },
      accessLogging: { enabled: false },
      publicAccess: { aclPublic: false, policyPublic: false, ...off },
      tls: { required: true },
    });
    expect(bucket.defaulted).toEqual(Object.keys(off).map((flag) => `publicAccess.${flag}`));
    // A security group has no ARN in this item: the uid is built from account, region, type and id.
    const group = byUid(resources, `arn:aws:ec2:us-east-1:${ACCOUNT}:security-group/sg-1d56fc66`);
    expect(group.props).toMatchObject({
      defaultIngressAction: 'deny',
      rules: [
        {
          direction: 'ingress',
          action: 'allow',
          protocol: 'tcp',
          ports: [{ from: 22, to: 22 }],
          sources: ['0.0.0.0/0'],
        },
        { direction: 'egress', protocol: 'all', ports: [{ from: 0, to: 65535 }], destinations: ['0.0.0.0/0'] },
      ],
    });
  });

  it('resolves a VPC’s flow logs across items and makes one resource of an AWS-managed admin policy with its attachments', async () => {
    const { resources } = await collect('config');
    const vpc = resources.find((r) => r.kind === 'network.vpc')!;
    expect(vpc.props).toMatchObject({ flowLogsEnabled: true });
    const admin = byUid(resources, 'arn:aws:iam::aws:policy/AdministratorAccess');
    expect(admin.props).toEqual({
      statements: [{ effect: 'Allow', actions: ['*'], resources: ['*'] }],
      attachedTo: ['arn:aws:iam::111122223333:group/MyTestGroup', 'arn:aws:iam::111122223333:user/johndoe'],
      managedBy: 'provider',
    });
    const inline = byUid(resources, 'arn:aws:iam::111122223333:user/johndoe/policy/policygen-johndoe-201611060951');
    expect(inline.props).toMatchObject({ managedBy: 'inline', statements: [{ actions: ['codedeploy:*'] }] });
  });

  it('evaluates with the IaC rules: findings and control evidence per resource', async () => {
    const { snapshot } = await collect('config');
    const results = await evaluateSnapshots(
      [{ snapshot, sha256: sha256(JSON.stringify(snapshot)), file: 'aws.json' }],
      {
        now: new Date('2026-12-01T00:00:00Z'),
      },
    );
    const failed = (rule: string) =>
      results.findings
        .filter((f) => f.ruleId === rule)
        .map((f) => f.resource.uid)
        .sort();
    expect(failed('storage.public_access_blocked')).toEqual(['arn:aws:s3:::public-assets']);
    expect(failed('network.admin_ports_restricted')).toEqual([
      `arn:aws:ec2:us-east-1:${ACCOUNT}:security-group/sg-1d56fc66`,
    ]);
    expect(failed('database.not_publicly_accessible')).toEqual([`arn:aws:rds:us-east-1:${ACCOUNT}:db:myrdstest`]);
    expect(failed('iam.no_wildcard_admin')).toEqual(['arn:aws:iam::aws:policy/AdministratorAccess']);
    // Neither bucket item records a Block Public Access configuration, and no account item is
    // collected: S3 has none for them, so all four settings are off (defaulted, named in the message).
    expect(failed('storage.public_access_block_enabled')).toEqual([
      'arn:aws:s3:::mborch-test-bucket-config-item',
      'arn:aws:s3:::public-assets',
    ]);
    const guard = results.findings.find((f) => f.ruleId === 'storage.public_access_block_enabled')!;
    expect(guard.message).toMatch(/BlockPublicAcls, IgnorePublicAcls, BlockPublicPolicy, RestrictPublicBuckets off/);
    expect(guard.evidence).toMatchObject({ value: false, defaulted: true });
    // The RDK sample user's inline policy allows "codedeploy:*"; its customer-managed policy's
    // "elasticloadbalancing:Describe*" on "*" is a partial wildcard and passes.
    expect(failed('iam.no_service_wildcard_actions')).toEqual([
      `arn:aws:iam::${ACCOUNT}:user/johndoe/policy/policygen-johndoe-201611060951`,
    ]);
    const wildcards = results.evidence.find((e) => e.ruleId === 'iam.no_service_wildcard_actions')!;
    expect(wildcards.passed).toEqual([expect.stringMatching(/:policy\//)]);
    // The AWS-managed KMS key rotates (AWS rotates the keys it manages).
    expect(failed('crypto.key_rotation')).toEqual([]);
    const versioning = results.evidence.find((e) => e.ruleId === 'storage.versioning_enabled')!;
    expect(versioning.passed).toContain('arn:aws:s3:::mborch-test-bucket-config-item');
    expect(versioning.failed).toContain('arn:aws:s3:::public-assets');
  });
});

describe('aws collector: network ACLs, classic load balancers, the account public access block', () => {
  it('makes a network ACL a firewall whose numbered entries decide in order, each unreadable entry a gap', async () => {
    const { source, resources } = await collect('network');
    const guarded = byUid(resources, `arn:aws:ec2:us-east-1:${ACCOUNT}:network-acl/acl-0guarded`);
    expect(guarded).toMatchObject({
      kind: 'network.firewall',
      nativeType: 'AWS::EC2::NetworkAcl',
      name: 'acl-0guarded',
    });
    expect(guarded.props).toMatchObject({ defaultIngressAction: 'deny', attachedTo: ['subnet-0a'] });
    const rules = (guarded.props as { rules: { priority: number; action: string; ports: unknown }[] }).rules;
    expect(rules.map((r) => [r.priority, r.action])).toEqual([
      [80, 'allow'],
      [90, 'deny'],
      [100, 'allow'],
      [110, 'allow'],
      [32767, 'deny'],
    ]);
    expect(source.gaps.map((g) => g.message)).toContain(
      `arn:aws:ec2:us-east-1:${ACCOUNT}:network-acl/acl-0guarded (AWS::EC2::NetworkAcl): ingress entry 5 has an unknown action; not evaluated`,
    );
    // First match wins: rule 110's SSH allow comes after rule 90 denies SSH from anywhere.
    expect(guarded.props).toMatchObject({ firstMatch: true });
    expect(rules[3]).toMatchObject({ priority: 110, shadowedBy: { priority: 90 } });
    // The entry with the unreadable action could come first: rules deciding on actions cannot pass the ACL.
    expect(guarded.unknown).toEqual(['rules[].action']);
  });

  it('makes one listener per classic load balancer listener, with its TLS policy when it is a predefined one', async () => {
    const { source, resources } = await collect('network');
    const listener = (port: number) =>
      byUid(resources, `arn:aws:elasticloadbalancing:us-east-1:${ACCOUNT}:loadbalancer/legacy-web/listener/${port}`);
    expect(listener(80).props).toEqual({
      protocol: 'HTTP',
      port: 80,
      redirectsToHttps: false,
      tls: { required: false },
    });
    expect(listener(443).props).toEqual({
      protocol: 'HTTPS',
      port: 443,
      redirectsToHttps: false,
      sslPolicy: 'ELBSecurityPolicy-TLS-1-2-2017-01',
      tls: { required: true, minVersion: '1.2' },
    });
    expect(listener(8443).props).toMatchObject({ protocol: 'SSL', tls: { required: true, minVersion: '1.0' } });
    expect(listener(443).name).toBe('legacy-web:443');
    expect(source.gaps.map((g) => g.message)).toContain(
      `arn:aws:elasticloadbalancing:us-east-1:${ACCOUNT}:loadbalancer/legacy-web (AWS::ElasticLoadBalancing::LoadBalancer): listener 4 has no protocol or port; not evaluated`,
    );
  });

  it('applies the account public access block to every bucket of the account, and the rules judge the effect', async () => {
    const { snapshot, resources } = await collect('network');
    const bucket = byUid(resources, 'arn:aws:s3:::shared-exports');
    expect(bucket.props).toMatchObject({
      publicAccess: {
        aclPublic: true,
        blockPublicAcls: true,
        ignorePublicAcls: true,
        blockPublicPolicy: true,
        restrictPublicBuckets: true,
      },
    });
    const results = await evaluateSnapshots(
      [{ snapshot, sha256: sha256(JSON.stringify(snapshot)), file: 'aws.json' }],
      {
        now: new Date('2026-12-01T00:00:00Z'),
      },
    );
    const failed = (rule: string) =>
      results.findings
        .filter((f) => f.ruleId === rule)
        .map((f) => f.resource.uid)
        .sort();
    // The ACL grants everyone read, but the account ignores public ACLs: not public.
    expect(failed('storage.public_access_blocked')).toEqual([]);
    // The account turns all four settings on: every bucket of the account has them in effect.
    expect(failed('storage.public_access_block_enabled')).toEqual([]);
    expect(bucket.defaulted ?? []).not.toContain('publicAccess.blockPublicAcls');
    // RDP open to the internet at rule 80; SSH denied at 90 before 110 allows it; the default ACL allows all.
    expect(failed('network.admin_ports_restricted')).toEqual([
      `arn:aws:ec2:us-east-1:${ACCOUNT}:network-acl/acl-0guarded`,
      'arn:aws:ec2:us-east-1:264683526309:network-acl/acl-b48fd1d0'.replace('264683526309', ACCOUNT),
    ]);
    const rdp = results.findings.find(
      (f) => f.ruleId === 'network.admin_ports_restricted' && f.resource.uid.endsWith('acl-0guarded'),
    )!;
    expect(rdp.message).toMatch(/3389/);
    expect(rdp.message).not.toMatch(/\b22\b/);
    expect(failed('transport.tls_required')).toContain(
      `arn:aws:elasticloadbalancing:us-east-1:${ACCOUNT}:loadbalancer/legacy-web/listener/80`,
    );
  });
});

describe('aws collector: malformed and other deliveries', () => {
  it('records a gap per unreadable file or item, naming the file and the ARN, and reads the rest', async () => {
    const { source, resources } = await collect('malformed');
    expect(source.status).toBe('partial');
    const messages = source.gaps.map((g) => `${g.reason} ${g.file}: ${g.message}`);
    expect(messages).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^parse-error malformed\/not-json\.json: malformed\/not-json\.json is not JSON/),
        expect.stringMatching(
          /^parse-error malformed\/truncated\.json\.gz: .*cannot be read: .*(unexpected end|incorrect)/i,
        ),
        expect.stringMatching(/^parse-error malformed\/other\.json: .* is no Config snapshot/),
        'parse-error malformed/no-configuration.json: arn:aws:s3:::broken-bucket has no configuration',
        expect.stringMatching(
          /^parse-error malformed\/no-configuration\.json: arn:aws:iam::111122223333:policy\/bad \(AWS::IAM::Policy\): default policy version statement 1 has Effect "Maybe"/,
        ),
      ]),
    );
    expect(source.gaps).toHaveLength(5);
    // Saved batch-get-resource-config output (configuration as JSON text) is read like a snapshot.
    const volume = byUid(resources, `arn:aws:ec2:us-east-1:${ACCOUNT}:volume/vol-0plain`);
    expect(volume.props).toEqual({ encryption: { enabled: false }, sizeGb: 20 });
    expect(resources).toHaveLength(1);
  });

  it('without --from reads AWS online, and says plainly when no credentials can be had', async () => {
    const saved = { ...process.env };
    for (const name of [
      'AWS_REGION',
      'AWS_DEFAULT_REGION',
      'AWS_ACCESS_KEY_ID',
      'AWS_SECRET_ACCESS_KEY',
      'AWS_PROFILE',
    ])
      delete process.env[name];
    Object.assign(process.env, {
      AWS_CONFIG_FILE: '/nonexistent/aws-config',
      AWS_SHARED_CREDENTIALS_FILE: '/nonexistent/aws-credentials',
      // No instance metadata lookup from a test machine.
      AWS_EC2_METADATA_DISABLED: 'true',
    });
    try {
      const collected = await runCollector(awsCollector, {}, { root: fixtures });
      expect(collected.source.status).toBe('failed');
      expect(collected.failure).toMatch(/^sts:GetCallerIdentity in us-east-1 failed \(CredentialsProviderError\)/);
    } finally {
      process.env = saved;
    }
  });
});

describe('aws collector: EKS clusters and RDS snapshots from Config items', () => {
  it('judges what the items state; a setting an item leaves out is not evaluated (a gap), never passed or failed', async () => {
    const { source, snapshot } = await collect('clusters');
    expect(source.gaps.map((g) => g.message).join('\n')).toMatch(/states no EndpointPublicAccess/);
    expect(source.gaps.map((g) => g.message).join('\n')).toMatch(/states no PublicAccessCidrs/);
    expect(source.gaps.map((g) => g.message).join('\n')).toMatch(/no restore attribute/);
    const results = await evaluateSnapshots(
      [{ snapshot, sha256: sha256(JSON.stringify(snapshot)), file: 'aws.json' }],
      {
        now: new Date('2026-12-01T00:00:00Z'),
      },
    );
    const outcome = (rule: string) => {
      const evidence = results.evidence.find((e) => e.ruleId === rule);
      if (!evidence) throw new Error(`no evidence for ${rule}`);
      const name = (uid: string) => uid.split(/[/:]/).at(-1);
      return {
        failed: evidence.failed.map(name).sort(),
        passed: evidence.passed.map(name).sort(),
        notEvaluated: evidence.notEvaluated.map(name).sort(),
      };
    };
    expect(outcome('k8s.api_endpoint_not_public')).toEqual({
      failed: ['open'],
      passed: ['private'],
      notEvaluated: ['no-cidrs', 'unstated'],
    });
    expect(outcome('storage.snapshot_not_public')).toEqual({
      failed: ['public-snap'],
      passed: [],
      notEvaluated: ['unstated-snap'],
    });
  });
});
