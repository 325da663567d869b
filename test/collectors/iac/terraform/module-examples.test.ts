// A module repository with example roots (the terraform-aws-modules layout), read end to end:
// fixture files -> the real HCL reader -> AWS mapping; and what the Action does with a finding
// on a module's resource.
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { planAnnotations } from '../../../../src/action/annotations.ts';
import { changedLinesFilter } from '../../../../src/action/filter.ts';
import { collectIac } from '../../../../src/collectors/iac/index.ts';
import { collectTerraform } from '../../../../src/collectors/iac/terraform/index.ts';
import type { IacFile } from '../../../../src/kit/format-contract.ts';
import type { Resource } from '../../../../src/model/resource.ts';
import type { Finding, Results } from '../../../../src/model/results.ts';
import { makeSnapshot, serializeSnapshot, sha256 } from '../../../../src/model/snapshot.ts';
import { validateResources } from '../../../../src/model/validate.ts';
import { evaluateSnapshots } from '../../../../src/pipeline/evaluate.ts';

const fixtures = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../fixtures/terraform');

function terraformFiles(folder: string): IacFile[] {
  const root = path.join(fixtures, folder);
  const files: IacFile[] = [];
  const walk = (dir: string) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const abs = path.join(dir, entry.name);
      // As the IaC file discovery does: code terraform init downloaded is read through its callers only.
      if (entry.isDirectory()) {
        if (entry.name !== '.terraform') walk(abs);
      } else if (/\.tf(vars)?$/.test(entry.name))
        files.push({
          relPath: path.relative(root, abs).split(path.sep).join('/'),
          absPath: abs,
          content: readFileSync(abs, 'utf8'),
          format: entry.name.endsWith('.tf') ? 'terraform' : 'tfvars',
        });
    }
  };
  walk(root);
  return files;
}

async function scan(folder: string) {
  const { resources, gaps } = await collectTerraform(terraformFiles(folder), 'src-tf');
  expect(validateResources(resources)).toEqual([]);
  const get = (uid: string): Resource => {
    const found = resources.find((r) => r.uid === uid);
    if (!found) throw new Error(`no ${uid}; have ${resources.map((r) => r.uid).join(', ')}`);
    return found;
  };
  return { resources, gaps, get };
}

const COMPLETE = 'terraform:examples/complete/main.tf:module.s3_bucket.aws_s3_bucket.this[0]';
const SIMPLE = 'terraform:examples/simple/main.tf:module.s3_bucket.aws_s3_bucket.this[0]';
const LOGS = 'terraform:examples/complete/main.tf:module.log_bucket.aws_s3_bucket.this[0]';

describe('example roots calling one module under the same name', async () => {
  const { resources, get } = await scan('module-examples');

  it('keeps one resource per root and call, named from the calling root', () => {
    const buckets = resources
      .filter((r) => r.nativeType === 'aws_s3_bucket' && r.location.calledFrom)
      .map((r) => r.uid);
    expect(buckets.sort()).toEqual([COMPLETE, LOGS, SIMPLE].sort());
  });

  it('links each root companions to its own bucket only', () => {
    // Only the complete example configures KMS encryption; the simple one suspends versioning.
    expect(get(COMPLETE).props).toMatchObject({ encryption: { enabled: true, algorithm: 'aws:kms' } });
    expect(get(SIMPLE).props).toMatchObject({ versioning: { enabled: false } });
    expect(get(SIMPLE).props).not.toMatchObject({ encryption: { algorithm: 'aws:kms' } });
  });

  it('locates a module resource at its line in the module and at the calling module block', () => {
    expect(get(SIMPLE).location).toEqual({
      file: 'main.tf',
      line: 6,
      endLine: 13,
      calledFrom: [{ file: 'examples/simple/main.tf', line: 5, endLine: 13 }],
    });
  });

  it('shows the Action a finding on a module resource where the changed call is, and keeps it', () => {
    const bucket = get(SIMPLE);
    const finding = {
      ruleId: 'storage.versioning_enabled',
      title: 'Buckets keep versions',
      severity: 'medium',
      message: 'versioning is off',
      remediation: 'enable it',
      resource: {
        uid: bucket.uid,
        kind: bucket.kind,
        name: bucket.name,
        nativeType: bucket.nativeType,
        provider: bucket.provider,
        location: bucket.location,
      },
      controls: [],
      fingerprint: 'fp-1',
    } as unknown as Finding;
    const changed = [{ path: 'examples/simple/main.tf', ranges: [{ start: 10, end: 11 }] }];
    const { keep } = changedLinesFilter(changed, { resources: [finding.resource] });
    expect(keep(finding)).toBe(true);
    // A change elsewhere in the calling file does not bring it in.
    const { keep: elsewhere } = changedLinesFilter(
      [{ path: 'examples/simple/main.tf', ranges: [{ start: 1, end: 3 }] }],
      { resources: [finding.resource] },
    );
    expect(elsewhere(finding)).toBe(false);
    const plan = planAnnotations({
      findings: [finding],
      gaps: [],
      seeAlso: 'the job summary',
      changedFiles: new Set(changed.map((c) => c.path)),
    });
    expect(plan.annotations[0]).toMatchObject({ file: 'examples/simple/main.tf', startLine: 5 });
    // Without a pull request's changed files, the resource's own line.
    const full = planAnnotations({ findings: [finding], gaps: [], seeAlso: 'x' });
    expect(full.annotations[0]).toMatchObject({ file: 'main.tf', startLine: 6 });
  });
});

const REPLICA = 'terraform:examples/replica/main.tf:';

/** The real policies over a fixture folder. */
async function evaluate(folder: string): Promise<Results> {
  const root = path.join(fixtures, folder);
  const { source, resources } = await collectIac([root], { root });
  const snapshot = makeSnapshot('0.0.0-test', [source], resources);
  return evaluateSnapshots([{ snapshot, sha256: sha256(serializeSnapshot(snapshot)), file: folder }], {
    frameworks: ['soc2'],
  });
}

function outcome(results: Results, ruleId: string, uid: string): string {
  const evidence = results.evidence.find((e) => e.ruleId === ruleId);
  if (!evidence) throw new Error(`no evidence for ${ruleId}`);
  for (const state of ['passed', 'failed', 'waived', 'notEvaluated'] as const)
    if (evidence[state].includes(uid)) return state;
  return 'not in scope';
}

describe('policies assembled from documents and partly known policies', async () => {
  const { get, resources } = await scan('module-examples');
  const results = await evaluate('module-examples');

  it('reads source_policy_documents through a reference to another policy document', () => {
    // attach_deny_insecure_transport_policy = true: the combined document includes the deny statement.
    expect(get(COMPLETE).props).toMatchObject({ tls: { required: true }, publicAccess: { policyPublic: false } });
    expect(outcome(results, 'transport.tls_required', COMPLETE)).toBe('passed');
    // The included document is part of the bucket policy, not a policy of its own.
    expect(resources.filter((r) => r.kind === 'iam.policy')).toEqual([]);
  });

  it('keeps the known statements of a jsonencode policy whose Resource is known only after apply', () => {
    expect(get(LOGS).props).toMatchObject({ tls: { required: true } });
    expect(outcome(results, 'transport.tls_required', LOGS)).toBe('passed');
  });

  it('reports a policy whose deciding part is unknown as not evaluated, never a failure or a pass', () => {
    // source_policy_documents = [var.extra_policy_json] (no value); the override only grants reads to one account.
    const bucket = get(`${REPLICA}aws_s3_bucket.assembled`);
    expect(bucket.props).not.toHaveProperty('tls');
    expect(bucket.unknown).toEqual(['publicAccess.policyPublic', 'tls.required']);
    expect(outcome(results, 'transport.tls_required', bucket.uid)).toBe('notEvaluated');
    expect(results.findings.filter((f) => f.resource.uid === bucket.uid).map((f) => f.ruleId)).not.toContain(
      'transport.tls_required',
    );
  });

  it('still fails a bucket without any policy', () => {
    expect(outcome(results, 'transport.tls_required', SIMPLE)).toBe('failed');
  });
});

describe('provider semantics', async () => {
  const { get } = await scan('module-examples');
  const results = await evaluate('module-examples');

  it('takes Object Lock as versioning turned on', () => {
    const locked = get(`${REPLICA}aws_s3_bucket.locked`);
    expect(locked.props).toMatchObject({ versioning: { enabled: true } });
    expect(locked.defaulted ?? []).not.toContain('versioning.enabled');
    expect(locked.propLines?.versioning).toBe(43);
    // Through a module too: the complete example sets object_lock_enabled and no versioning.
    expect(get(COMPLETE).props).toMatchObject({ versioning: { enabled: true } });
    expect(outcome(results, 'storage.versioning_enabled', COMPLETE)).toBe('passed');
  });

  it('gives a read replica the encryption of its source, and leaves an unresolved source unknown', () => {
    const replica = get(`${REPLICA}aws_db_instance.replica`);
    expect(replica.props).toMatchObject({ encryption: { enabled: true } });
    expect(outcome(results, 'database.encryption_at_rest', replica.uid)).toBe('passed');
    const cross = get(`${REPLICA}aws_db_instance.cross_region`);
    expect(cross.props).not.toHaveProperty('encryption');
    expect(cross.unknownReasons?.['encryption.enabled']).toMatch(/read replica .*\(var\.source_db_arn\)/);
    expect(outcome(results, 'database.encryption_at_rest', cross.uid)).toBe('notEvaluated');
  });

  it('leaves read replicas out of the backup rule: their data is backed up at the source', () => {
    // backup_retention_period = 0 on a replica is usual (terraform-aws-modules/rds replica examples).
    expect(get(`${REPLICA}aws_db_instance.replica`).props).toMatchObject({
      replicaOf: 'aws_db_instance.primary.identifier',
    });
    expect(get(`${REPLICA}aws_db_instance.cross_region`).props).toMatchObject({ replicaOf: 'var.source_db_arn' });
    expect(outcome(results, 'database.backup_retention', `${REPLICA}aws_db_instance.replica`)).toBe('not in scope');
    expect(outcome(results, 'database.backup_retention', `${REPLICA}aws_db_instance.cross_region`)).toBe(
      'not in scope',
    );
    expect(outcome(results, 'database.backup_retention', `${REPLICA}aws_db_instance.primary`)).toBe('passed');
  });

  it('judges S3 encryption by effect (SSE-S3 by default) and asks for a customer-managed key separately', () => {
    expect(get(SIMPLE).props).toMatchObject({ encryption: { enabled: true, algorithm: 'AES256' } });
    expect(get(SIMPLE).defaulted).toEqual(expect.arrayContaining(['encryption.enabled', 'encryption.algorithm']));
    expect(outcome(results, 'storage.encryption_at_rest', SIMPLE)).toBe('passed');
    const cmk = results.findings.find(
      (f) => f.ruleId === 'storage.encryption_customer_key' && f.resource.uid === SIMPLE,
    );
    expect(cmk).toMatchObject({ severity: 'low' });
    expect(cmk?.message).toContain("SSE-S3 by AWS's default");
    // aws:kms without a key named is the AWS-managed key: not a customer-managed one.
    expect(outcome(results, 'storage.encryption_customer_key', COMPLETE)).toBe('failed');
  });
});

describe('references followed across modules and locals', async () => {
  const { get } = await scan('module-outputs');
  const ROOT = 'terraform:examples/flow-logs/main.tf:';

  it('links a flow log to the VPC of a sibling module through module.vpc.vpc_id', () => {
    expect(get(`${ROOT}module.vpc.aws_vpc.this[0]`).props).toMatchObject({
      flowLogsEnabled: true,
      flowLogs: [`${ROOT}module.vpc_flow_log.aws_flow_log.this`],
    });
    // The second instance of the same module has no flow log: nothing leaks between instances.
    expect(get(`${ROOT}module.unlogged_vpc.aws_vpc.this[0]`).props).toMatchObject({ flowLogsEnabled: false });
  });

  it('links companions naming the bucket by .bucket and through a local', () => {
    const bucket = get(`${ROOT}aws_s3_bucket.flow_logs`);
    expect(bucket.props).toMatchObject({
      versioning: { enabled: true },
      publicAccess: { blockPublicAcls: true, restrictPublicBuckets: true },
    });
  });
});

describe('modules installed by terraform init', async () => {
  const { get, resources, gaps } = await scan('installed-modules');

  it('reads the downloaded code of a registry module that .terraform/modules/modules.json lists', () => {
    const bucket = get('terraform:main.tf:module.s3_bucket.aws_s3_bucket.this');
    expect(bucket.location).toMatchObject({
      file: '.terraform/modules/s3_bucket/main.tf',
      line: 11,
      calledFrom: [{ file: 'main.tf', line: 6 }],
    });
    expect(bucket.props).toMatchObject({ versioning: { enabled: true } });
    expect(gaps).toContainEqual(
      expect.objectContaining({
        file: 'main.tf',
        line: 6,
        message: expect.stringContaining(
          'its code was read from .terraform/modules/s3_bucket, as terraform init installed it (version 5.2.0)',
        ),
      }),
    );
  });

  it('says so when a call is not installed, and never follows a manifest folder outside the root', () => {
    expect(gaps).toContainEqual(
      expect.objectContaining({
        line: 18,
        message: expect.stringContaining('no .terraform/modules/modules.json lists it'),
      }),
    );
    // "escape" is listed with a folder outside the root (../module-examples): modelled, never read from there.
    expect(resources.every((r) => r.location.file === 'main.tf' || r.location.file?.startsWith('.terraform/'))).toBe(
      true,
    );
    expect(gaps).toContainEqual(
      expect.objectContaining({
        line: 26,
        message: expect.stringContaining('lists it in a folder outside the root, which is not followed'),
      }),
    );
  });

  it('links a trail to the bucket a module output names, whether the module was downloaded or modelled', () => {
    expect(get('terraform:main.tf:aws_cloudtrail.installed').props).toMatchObject({
      bucket: { uid: 'terraform:main.tf:module.s3_bucket.aws_s3_bucket.this', versioning: { enabled: true } },
    });
    // s3_bucket_id of a 4.0.0 download names the bucket policy, whose id is the bucket's name.
    expect(get('terraform:main.tf:aws_cloudtrail.old').props).toMatchObject({
      bucket: { uid: 'terraform:main.tf:module.old_bucket.aws_s3_bucket.this[0]' },
    });
    expect(get('terraform:main.tf:aws_cloudtrail.modelled').props).toMatchObject({
      bucket: { uid: 'terraform:main.tf:module.log_bucket.aws_s3_bucket.this', versioning: { enabled: false } },
    });
  });
});
