// Calls to well-known registry modules, modelled from registry-modules.yaml, through the real
// HCL reader and AWS mapping.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { collectIac } from '../../../../src/collectors/iac/index.ts';
import { readTerraformSources } from '../../../../src/collectors/iac/terraform/hcl/read.ts';
import { collectTerraform } from '../../../../src/collectors/iac/terraform/index.ts';
import {
  constraintBounds,
  findInterface,
  knownModules,
  parsedRegistryModulesJson,
  parseRegistryModules,
} from '../../../../src/collectors/iac/terraform/registry-modules.ts';
import type { IacFile } from '../../../../src/kit/format-contract.ts';
import { makeSnapshot, serializeSnapshot, sha256 } from '../../../../src/model/snapshot.ts';
import { validateResources } from '../../../../src/model/validate.ts';
import { evaluateSnapshots } from '../../../../src/pipeline/evaluate.ts';

const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(here, '../../../fixtures/terraform-registry');
const schemaText = readFileSync(
  path.resolve(here, '../../../../src/collectors/iac/terraform/registry-modules.schema.json'),
  'utf8',
);
const dataFile = path.resolve(here, '../../../../src/collectors/iac/terraform/registry-modules.yaml');

function file(relPath: string): IacFile {
  const absPath = path.join(root, relPath);
  return { relPath, absPath, content: readFileSync(absPath, 'utf8'), format: 'terraform' };
}

describe('registry-modules.yaml', () => {
  it('loads, validates and names the module version each interface was read from', () => {
    const modules = knownModules();
    expect(modules.map((m) => m.source)).toEqual(
      expect.arrayContaining(['terraform-aws-modules/s3-bucket/aws', 'terraform-aws-modules/rds/aws']),
    );
    for (const m of modules) for (const i of m.interfaces) expect(i.read).toMatch(/^v\d+\.\d+\.\d+$/);
  });

  it('is written by the build as JSON that reads back as the parsed YAML, keyed by the data and schema', () => {
    const built = JSON.parse(parsedRegistryModulesJson()) as { key: string; modules: unknown };
    expect(built.modules).toEqual(knownModules());
    expect(built.modules).toEqual(parseRegistryModules(readFileSync(dataFile, 'utf8'), schemaText));
    expect(built.key).toMatch(/^[0-9a-f]{64}$/);
  });

  it('rejects data that does not follow the schema', () => {
    const bad =
      'modules:\n  - source: a/b/c\n    interfaces:\n      - versions: { min: 1.0.0, below: 2 }\n        read: v1\n        resources: []\n';
    expect(() => parseRegistryModules(bad, schemaText)).toThrow(/registry-modules.yaml: \/modules\/0\/interfaces\/0/);
  });

  it('takes the interface of the version terraform init would install: the newest the constraint allows', () => {
    expect(constraintBounds('~> 3.0')).toEqual({ low: [3, 0, 0], high: [3, Number.MAX_SAFE_INTEGER, 0] });
    expect(constraintBounds('>= 3.1, < 4')).toEqual({ low: [3, 1, 0], high: [4, 0, 0], highExclusive: true });
    expect(constraintBounds('latest')).toBeUndefined();
    const read = (source: string, constraint: unknown) =>
      findInterface(`terraform-aws-modules/${source}/aws`, constraint)?.iface.read;
    expect(read('rds', '~> 3.0')).toBe('v3.5.0');
    expect(read('rds', '~> 7.0')).toBe('v7.2.0');
    expect(read('rds', '6.1.0')).toBe('v6.13.1');
    // 3.7.0 is before the v3.9.0 change of the public access block defaults; ~> 3.0 installs 3.15.x.
    expect(read('s3-bucket', '3.7.0')).toBe('v3.7.0');
    expect(read('s3-bucket', '~> 3.0')).toBe('v3.15.2');
    expect(read('s3-bucket', '>= 3.0, < 4.0')).toBe('v3.15.2');
    expect(read('s3-bucket', '~> 4.0')).toBe('v4.11.0');
    expect(read('s3-bucket', '>= 3.0')).toBe('v5.15.4');
    expect(read('vpc', '~> 6.0')).toBe('v6.6.0');
    expect(read('security-group', '~> 5.0')).toBe('v5.3.1');
    // No constraint: the newest modelled major, and the note says so.
    expect(findInterface('terraform-aws-modules/rds/aws', undefined)?.chosen).toMatch(
      /^no version constraint: the newest modelled major, 7\.0\.0/,
    );
    // Not modelled: a later major, a range between modelled ones, an unknown version, another module.
    expect(read('s3-bucket', '~> 6.0')).toBeUndefined();
    expect(read('s3-bucket', '~> 1.0')).toBeUndefined();
    expect(read('s3-bucket', { __unknown__: true })).toBeUndefined();
    expect(findInterface('someone/else/aws', '1.0.0')).toBeUndefined();
  });
});

describe('known module calls', () => {
  it('models an s3-bucket call as a bucket and its companions, with the lines of the inputs', async () => {
    const { records, gaps } = await readTerraformSources([file('s3.tf')]);
    const byAddress = new Map(records.map((r) => [r.address, r]));
    expect([...byAddress.keys()].sort()).toEqual([
      'module.assets.aws_s3_bucket.this',
      'module.assets.aws_s3_bucket_acl.this',
      'module.assets.aws_s3_bucket_logging.this',
      'module.assets.aws_s3_bucket_policy.this',
      'module.assets.aws_s3_bucket_public_access_block.this',
      'module.assets.aws_s3_bucket_versioning.this',
      // The bucket policy the module attaches: its documents merged (here only `policy`).
      'module.assets.data.aws_iam_policy_document.combined',
    ]);
    const acl = byAddress.get('module.assets.aws_s3_bucket_acl.this');
    expect(acl).toMatchObject({ modulePath: 'module.assets', file: 's3.tf', line: 1, values: { acl: 'public-read' } });
    expect(acl?.attrLines?.acl).toBe(6);
    expect(byAddress.get('module.assets.aws_s3_bucket_versioning.this')?.values.versioning_configuration).toEqual([
      { status: 'Enabled' },
    ]);
    expect(byAddress.get('module.assets.aws_s3_bucket_public_access_block.this')?.values).toMatchObject({
      block_public_acls: true,
      ignore_public_acls: true,
    });
    expect(gaps).toHaveLength(1);
    expect(gaps[0]).toMatchObject({ reason: 'unsupported', file: 's3.tf', line: 1 });
    expect(gaps[0]?.message).toMatch(/its code was not read; resources modelled from the module's known interface/);
    expect(gaps[0]?.message).toContain('aws_s3_bucket_acl.this');
  });

  it('maps the modelled records to resources the policies read', async () => {
    const { resources } = await collectTerraform([file('s3.tf'), file('rds-sg-vpc.tf')], 'src');
    expect(validateResources(resources)).toEqual([]);
    const byUid = new Map(resources.map((r) => [r.uid, r]));
    const bucket = byUid.get('terraform:s3.tf:module.assets.aws_s3_bucket.this');
    expect(bucket?.props).toMatchObject({
      versioning: { enabled: true },
      accessLogging: { enabled: true, target: 'logs' },
      tls: { required: true },
      // ~> 3.0 installs 3.15.x, whose public access block blocks everything by default.
      publicAccess: { aclPublic: true, ignorePublicAcls: true },
    });
    expect(bucket?.propLines?.['publicAccess.aclPublic']).toBe(1); // a companion's line: the module call
    const db = byUid.get('terraform:rds-sg-vpc.tf:module.db.module.db_instance.aws_db_instance.this');
    expect(db?.props).toMatchObject({ engine: 'postgres', publiclyAccessible: true, encryption: { enabled: false } });
    expect(db?.propLines?.publiclyAccessible).toBe(7);
    expect(JSON.stringify(resources)).not.toContain('hunter2');
    const vpc = byUid.get('terraform:rds-sg-vpc.tf:module.vpc.aws_vpc.this');
    expect(vpc?.props).toMatchObject({ cidrBlocks: ['10.0.0.0/16'], flowLogsEnabled: true });
    const sg = byUid.get('terraform:rds-sg-vpc.tf:module.web_sg.aws_security_group.this');
    expect(sg?.props).toMatchObject({
      rules: [
        { direction: 'ingress', protocol: 'tcp', ports: [{ from: 22, to: 22 }], sources: ['0.0.0.0/0'] },
        {
          direction: 'ingress',
          protocol: 'tcp',
          ports: [{ from: 8080, to: 8090 }],
          sources: ['10.0.0.0/8', '0.0.0.0/0'],
        },
      ],
    });
  });

  it('keeps the plain gap for versions not modelled, models an unpinned call as the newest, and an unknown named rule unknown', async () => {
    const { gaps } = await collectTerraform([file('rds-sg-vpc.tf')], 'src');
    const at = (line: number) => gaps.filter((g) => g.line === line).map((g) => g.message);
    expect(at(31)).toEqual([expect.stringMatching(/module "later" .*; its resources are not read$/)]);
    // No version constraint: terraform init installs the newest, so the newest modelled major is taken.
    expect(at(36)).toEqual([
      expect.stringMatching(
        /module "nopin" .*\(terraform-aws-modules\/rds\/aws, no version constraint: the newest modelled major, 7\.0\.0 to below 8\.0\.0; facts read at v7\.2\.0\): module\.db_instance\.aws_db_instance\.this$/,
      ),
    ]);
    expect(gaps.some((g) => g.reason === 'unresolved-reference' && /unknown protocol/.test(g.message))).toBe(true);
  });

  it('treats a nested block in a module call as unknown and says which resources were not modelled', async () => {
    const { records, gaps } = await readTerraformSources([file('invalid-block.tf')]);
    expect(records.map((r) => r.type)).not.toContain('aws_s3_bucket_logging');
    expect(gaps[0]?.message).toContain('depends on unknown values: aws_s3_bucket_logging.this');
  });

  it('reports a malformed module call with file and line and reads nothing from it', async () => {
    const { records, gaps } = await readTerraformSources([file('malformed.tf')]);
    expect(records).toEqual([]);
    expect(gaps[0]).toMatchObject({ reason: 'parse-error', file: 'malformed.tf' });
    expect(gaps[0]?.line).toBeGreaterThan(0);
  });

  it("gives a modelled bucket the policy statements the module's attach_* flags attach, merged as the module merges them", async () => {
    const { records, gaps } = await readTerraformSources([file('attach/main.tf')]);
    const combined = records.find((r) => r.address === 'module.s3_bucket.data.aws_iam_policy_document.combined');
    expect(combined?.values.source_policy_documents).toEqual([
      { __unknown__: true, ref: 'data.aws_iam_policy_document.require_latest_tls.json' },
      { __unknown__: true, ref: 'data.aws_iam_policy_document.deny_insecure_transport.json' },
      { __unknown__: true, ref: 'data.aws_iam_policy_document.deny_unencrypted_object_uploads.json' },
      { __unknown__: true, ref: 'data.aws_iam_policy_document.deny_incorrect_encryption_headers.json' },
      { __unknown__: true, ref: 'var.policy' },
    ]);
    const lb = records.find((r) => r.address === 'module.log_bucket.data.aws_iam_policy_document.lb_log_delivery');
    expect(((lb?.values.statement ?? []) as { sid: string }[]).map((s) => s.sid)).toEqual([
      'AlbNlbLogDeliveryWrite',
      'AlbNlbLogDeliveryAclCheck',
    ]);
    // No attach_* flag: no bucket policy at all.
    expect(records.filter((r) => r.modulePath === 'module.plain_bucket').map((r) => r.type)).toEqual([
      'aws_s3_bucket',
      'aws_s3_bucket_public_access_block',
    ]);
    // The trail's tag names an output the model does not describe: unknown, not an error.
    const trail = records.find((r) => r.address === 'aws_cloudtrail.main');
    expect(trail?.values.tags).toEqual({
      logs: { __unknown__: true, ref: 'module.log_bucket.s3_bucket_bucket_regional_domain_name' },
    });
    expect(gaps.filter((g) => g.reason !== 'unsupported')).toEqual([]);
    expect(gaps.find((g) => g.line === 35)?.message).toContain(
      'no version constraint: the newest modelled major, 5.0.0 to below 6.0.0; facts read at v5.15.4',
    );
  });

  it('so transport.tls_required passes such a bucket, and a trail finds its bucket through the module output', async () => {
    const { resources } = await collectTerraform([file('attach/main.tf')], 'src');
    expect(validateResources(resources)).toEqual([]);
    const bucket = (name: string) =>
      resources.find((r) => r.uid === `terraform:attach/main.tf:module.${name}.aws_s3_bucket.this`);
    // attach_deny_insecure_transport_policy (with the ELB/ALB delivery statements, which grant no public access).
    expect(bucket('log_bucket')?.props).toMatchObject({
      tls: { required: true },
      publicAccess: { policyPublic: false },
    });
    // The module's Deny merged with the caller's own document: TLS is decided by the Deny; the
    // caller's document reaches the module only as var.policy, so whether it is public stays unknown.
    expect(bucket('s3_bucket')?.props).toMatchObject({ tls: { required: true } });
    expect(bucket('s3_bucket')?.unknown).toContain('publicAccess.policyPublic');
    // attach_policy with a TLS-only policy of the caller's own (s3-bucket 4.x).
    expect(bucket('own_tls_policy')?.props).toMatchObject({
      tls: { required: true },
      publicAccess: { policyPublic: false },
    });
    expect(bucket('maybe_tls')?.unknown).toEqual(expect.arrayContaining(['tls.required', 'publicAccess.policyPublic']));
    // No policy attached: plain HTTP is accepted.
    expect(bucket('plain_bucket')?.props).toMatchObject({ tls: { required: false } });
    const trail = resources.find((r) => r.uid === 'terraform:attach/main.tf:aws_cloudtrail.main');
    expect(trail?.props).toMatchObject({
      bucket: { uid: 'terraform:attach/main.tf:module.log_bucket.aws_s3_bucket.this', versioning: { enabled: true } },
    });

    // The real policies over the folder.
    const folder = path.join(root, 'attach');
    const { source, resources: scanned } = await collectIac([folder], { root: folder });
    const snapshot = makeSnapshot('0.0.0-test', [source], scanned);
    const results = await evaluateSnapshots(
      [{ snapshot, sha256: sha256(serializeSnapshot(snapshot)), file: 'attach' }],
      {
        frameworks: ['soc2'],
      },
    );
    const state = (ruleId: string, uid: string) => {
      const evidence = results.evidence.find((e) => e.ruleId === ruleId);
      return (['passed', 'failed', 'notEvaluated'] as const).find((s) => evidence?.[s].includes(uid));
    };
    const uid = (name: string) => `terraform:main.tf:module.${name}.aws_s3_bucket.this`;
    expect(state('transport.tls_required', uid('log_bucket'))).toBe('passed');
    expect(state('transport.tls_required', uid('s3_bucket'))).toBe('passed');
    expect(state('transport.tls_required', uid('own_tls_policy'))).toBe('passed');
    expect(state('transport.tls_required', uid('plain_bucket'))).toBe('failed');
    // attach_deny_insecure_transport_policy = var.enforce_tls, which has no value: neither a pass nor a failure.
    expect(state('transport.tls_required', uid('maybe_tls'))).toBe('notEvaluated');
    expect(state('logging.trail_bucket_protected', 'terraform:main.tf:aws_cloudtrail.main')).toBe('passed');
  });

  it('models the log delivery documents (WAF, access log, CloudTrail), so a log bucket is judged, not left unknown', async () => {
    const folder = path.join(root, 'log-delivery');
    const { source, resources } = await collectIac([folder], { root: folder });
    expect(validateResources(resources)).toEqual([]);
    const snapshot = makeSnapshot('0.0.0-test', [source], resources);
    const results = await evaluateSnapshots(
      [{ snapshot, sha256: sha256(serializeSnapshot(snapshot)), file: 'log-delivery' }],
      { frameworks: ['soc2'] },
    );
    const state = (ruleId: string, name: string) => {
      const uid = `terraform:main.tf:module.${name}.aws_s3_bucket.this`;
      const evidence = results.evidence.find((e) => e.ruleId === ruleId);
      return (['passed', 'failed', 'notEvaluated'] as const).find((s) => evidence?.[s].includes(uid));
    };
    // Only service Allows: nothing public, and no Deny of plain HTTP.
    expect(state('transport.tls_required', 'waf_logs')).toBe('failed');
    expect(state('storage.public_access_blocked', 'waf_logs')).toBe('passed');
    expect(state('transport.tls_required', 'trail_logs')).toBe('failed');
    expect(state('transport.tls_required', 'access_logs')).toBe('passed');
    expect(state('storage.public_access_blocked', 'access_logs')).toBe('passed');
  });

  it("passes the vpc module's cidr input through as vpc_cidr_block, unless an IPAM pool allocates it", async () => {
    const { resources } = await collectTerraform([file('vpc-cidr/main.tf')], 'src');
    const sources = (name: string) =>
      (
        resources.find((r) => r.uid === `terraform:vpc-cidr/main.tf:aws_security_group.${name}`)?.props as {
          rules?: { sources?: unknown[] }[];
        }
      )?.rules?.[0]?.sources;
    expect(sources('db')).toEqual(['10.40.0.0/16']);
    // Unknown (named by the output), so the rules leave that group not evaluated.
    expect(sources('pooled_db')).toEqual(['module output vpc_cidr_block']);
    const pooled = resources.find((r) => r.uid === 'terraform:vpc-cidr/main.tf:aws_security_group.pooled_db');
    expect(Object.keys(pooled?.unknownReasons ?? {}).length).toBeGreaterThan(0);
  });
});
