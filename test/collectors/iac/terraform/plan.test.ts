import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { readTerraformPlan } from '../../../../src/collectors/iac/terraform/plan.ts';
import type { TfResourceRecord } from '../../../../src/collectors/iac/terraform/records.ts';
import type { IacFile } from '../../../../src/kit/format-contract.ts';

const corpus = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../fixtures/third-party/tfplan');

function plan(relPath: string): IacFile {
  const absPath = path.join(corpus, relPath);
  return { relPath, absPath, content: readFileSync(absPath, 'utf8'), format: 'terraform-plan' };
}

function inline(content: string): IacFile {
  return { relPath: 'plans/bad.json', absPath: '/virtual/plans/bad.json', content, format: 'terraform-plan' };
}

function record(records: TfResourceRecord[], address: string): TfResourceRecord {
  const found = records.find((r) => r.address === address);
  if (!found) throw new Error(`no ${address}; have ${records.map((r) => r.address).join(', ')}`);
  return found;
}

const allPlans = ['regula', 'terraform-compliance'].flatMap((dir) =>
  readdirSync(path.join(corpus, dir))
    .filter((n) => n.endsWith('.json'))
    .map((n) => `${dir}/${n}`),
);

describe('readTerraformPlan on the plan corpus', () => {
  it('has the 11 plans', () => {
    expect(allPlans).toHaveLength(11);
  });

  it.each(allPlans)('%s reads without gaps, every record located in the file', (name) => {
    const { records, gaps } = readTerraformPlan(plan(name));
    expect(gaps).toEqual([]);
    expect(records.length).toBeGreaterThan(0);
    for (const r of records) {
      expect(r.file).toBe(name);
      expect(r.line).toBeGreaterThanOrEqual(1);
      expect(r.address.endsWith(`${r.type}.${r.name}`) || /\]$/.test(r.address)).toBe(true);
    }
  });

  it('puts each resource on the line of its object in a pretty-printed plan', () => {
    const { records } = readTerraformPlan(plan('regula/tfplan.0.15.json'));
    expect(records.map((r) => [r.address, r.line])).toEqual([
      ['aws_security_group.invalid_sg_1', 7],
      ['aws_security_group.invalid_sg_2', 37],
      ['aws_security_group.valid_sg_1', 67],
      ['aws_security_group.valid_sg_2', 97],
    ]);
    const ingress = record(records, 'aws_security_group.invalid_sg_1').values.ingress as Record<string, unknown>[];
    expect(ingress[0]).toMatchObject({ cidr_blocks: ['0.0.0.0/0'], from_port: 22, to_port: 22, protocol: 'tcp' });
  });

  it('reads the TF 0.12 format with values as planned', () => {
    const { records } = readTerraformPlan(plan('terraform-compliance/test_kms_key_rotation_failure.plan.json'));
    expect(records).toHaveLength(1);
    expect(record(records, 'aws_kms_key.test-fail-key')).toMatchObject({
      mode: 'managed',
      type: 'aws_kms_key',
      name: 'test-fail-key',
      modulePath: '',
      line: 1,
      values: { enable_key_rotation: false, is_enabled: true },
    });
    const db = readTerraformPlan(plan('terraform-compliance/test_issue_401.plan.json')).records[0];
    expect(db?.values).toMatchObject({ publicly_accessible: true, storage_encrypted: null, engine: 'mysql' });
  });

  it('reads child modules with their module path', () => {
    const { records } = readTerraformPlan(plan('terraform-compliance/test_issue-190.plan.json'));
    const alb = record(records, 'module.mysg.aws_security_group.alb');
    expect(alb.modulePath).toBe('module.mysg');
    expect(record(records, 'aws_security_group.elb').modulePath).toBe('');
  });

  it('keeps for_each indexes on modules and resources', () => {
    const { records } = readTerraformPlan(plan('terraform-compliance/test_resource_ref_in_module_fails.plan.json'));
    expect(records.map((r) => r.address).sort()).toEqual([
      'module.test2.aws_s3_bucket.test["a"]',
      'module.test2.aws_s3_bucket_public_access_block.test["a"]',
      'module.test["a"].aws_s3_bucket.test["a"]',
      'module.test["a"].aws_s3_bucket_public_access_block.test["a"]',
      'module.test["b"].aws_s3_bucket.test["a"]',
      'module.test["b"].aws_s3_bucket_public_access_block.test["a"]',
    ]);
    const pab = record(records, 'module.test2.aws_s3_bucket_public_access_block.test["a"]');
    expect(pab.modulePath).toBe('module.test2');
    expect(pab.values.block_public_policy).toBe(false);
  });

  it('turns after_unknown attributes into unknown(ref) using the configuration references', () => {
    const modules = readTerraformPlan(plan('terraform-compliance/test_resource_ref_in_module_fails.plan.json')).records;
    const pab = record(modules, 'module.test["a"].aws_s3_bucket_public_access_block.test["a"]');
    expect(pab.values.bucket).toEqual({ __unknown__: true, ref: 'aws_s3_bucket.test["a"]' });
    // Computed attributes without a configured expression are unknown without a reference.
    expect(pab.values.id).toEqual({ __unknown__: true });

    const sgr = readTerraformPlan(plan('terraform-compliance/test_issue-190.plan.json')).records;
    expect(record(sgr, 'aws_security_group_rule.elb-ingress-ssh').values.security_group_id).toEqual({
      __unknown__: true,
      ref: 'module.mysg.sg_id',
    });
  });
});

describe('readTerraformPlan on bad input', () => {
  it('reports broken JSON with its line and column', () => {
    const { records, gaps } = readTerraformPlan(
      inline('{\n  "planned_values": {\n    "root_module": {\n      "resources": [}\n'),
    );
    expect(records).toEqual([]);
    expect(gaps).toEqual([
      { reason: 'parse-error', file: 'plans/bad.json', line: 4, message: "plans/bad.json:4:21: unexpected '}'" },
    ]);
  });

  it('reports a truncated plan at the end of the text', () => {
    const { gaps } = readTerraformPlan(inline('{"planned_values": {"root_module": {"resources": [{"address": "a.b"'));
    expect(gaps[0]).toMatchObject({ reason: 'parse-error', line: 1 });
    expect(gaps[0]?.message).toContain("expected ',' or '}' but found end of input");
  });

  it('reports an unterminated string on its own line', () => {
    const { gaps } = readTerraformPlan(inline('{\n"a": "b\n}'));
    expect(gaps[0]).toMatchObject({ reason: 'parse-error', line: 2 });
  });

  it('says so when valid JSON is not a plan', () => {
    const { records, gaps } = readTerraformPlan(inline('{"format_version": "1.0"}'));
    expect(records).toEqual([]);
    expect(gaps[0]).toMatchObject({ reason: 'unsupported', file: 'plans/bad.json' });
  });
});
