import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { readTerraformSources } from '../../../../../src/collectors/iac/terraform/hcl/read.ts';
import type { TfResourceRecord } from '../../../../../src/collectors/iac/terraform/records.ts';
import type { IacFile } from '../../../../../src/kit/format-contract.ts';
import { isUnknown } from '../../../../../src/kit/unknown.ts';

const fixtures = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../../fixtures/terraform');

/** Every .tf/.tfvars under a fixture folder, as the IaC orchestrator hands them over. */
function scan(folder: string, only?: (rel: string) => boolean): IacFile[] {
  const root = path.join(fixtures, folder);
  const files: IacFile[] = [];
  const walk = (dir: string) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const abs = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(abs);
      else if (/\.tf(vars)?$/.test(entry.name)) {
        const relPath = path.relative(root, abs).split(path.sep).join('/');
        if (only && !only(relPath)) continue;
        files.push({
          relPath,
          absPath: abs,
          content: readFileSync(abs, 'utf8'),
          format: entry.name.endsWith('.tf') ? 'terraform' : 'tfvars',
        });
      }
    }
  };
  walk(root);
  return files;
}

function byAddress(records: TfResourceRecord[], address: string): TfResourceRecord {
  const record = records.find((r) => r.address === address);
  if (!record) throw new Error(`no record ${address}; have ${records.map((r) => r.address).join(', ')}`);
  return record;
}

describe('readTerraformSources on a root module', async () => {
  const { records, gaps } = await readTerraformSources(scan('basic'));

  it('reads without gaps', () => {
    expect(gaps).toEqual([]);
  });

  it('applies terraform.tfvars and *.auto.tfvars over defaults, never other .tfvars', () => {
    // env = "prod" comes from terraform.tfvars; other.tfvars (not auto-loaded) says "never-applied".
    expect(byAddress(records, 'aws_security_group.web').values.name).toBe('acme-prod-web');
    // open_ports = [443] from z.auto.tfvars replaces the default [22, 443].
    const ingress = byAddress(records, 'aws_security_group.web').values.ingress as Record<string, unknown>[];
    expect(ingress.map((r) => r.from_port)).toEqual([80, 443]);
  });

  it('evaluates locals, merge, upper, conditionals and heredocs', () => {
    expect(byAddress(records, 'aws_s3_bucket.logs[0]').values.tags).toEqual({ Owner: 'platform', Env: 'PROD' });
    const key = byAddress(records, 'aws_kms_key.main').values;
    expect(key.enable_key_rotation).toBe(true);
    expect(key.description).toBe('Key for prod\n  indented\n');
  });

  it('expands count with count.index and drops count = 0', () => {
    expect(records.filter((r) => r.type === 'aws_s3_bucket').map((r) => [r.address, r.values.bucket])).toEqual([
      ['aws_s3_bucket.logs[0]', 'acme-prod-logs-0'],
      ['aws_s3_bucket.logs[1]', 'acme-prod-logs-1'],
    ]);
    expect(records.some((r) => r.type === 'aws_db_instance')).toBe(false);
  });

  it('expands for_each over a set with each.key', () => {
    const users = records.filter((r) => r.type === 'aws_iam_user');
    expect(users.map((r) => [r.address, r.values.name])).toEqual([
      ['aws_iam_user.people["alice"]', 'alice'],
      ['aws_iam_user.people["bob"]', 'bob'],
    ]);
  });

  it('turns nested blocks (static and dynamic) into arrays of objects', () => {
    const sse = byAddress(records, 'aws_s3_bucket_server_side_encryption_configuration.logs').values;
    const rule = (sse.rule as Record<string, unknown>[])[0] as Record<string, unknown>;
    const byDefault = (rule.apply_server_side_encryption_by_default as Record<string, unknown>[])[0];
    expect(byDefault?.sse_algorithm).toBe('aws:kms');
    expect(byDefault?.kms_master_key_id).toEqual({ __unknown__: true, ref: 'var.kms_key_arn' });
  });

  it('keeps references to other resources unknown, naming them', () => {
    const policy = byAddress(records, 'aws_s3_bucket_policy.logs').values;
    expect(policy.bucket).toEqual({ __unknown__: true, ref: 'aws_s3_bucket.logs[0].id' });
    expect(byAddress(records, 'aws_kms_key.main').values.policy).toEqual({
      __unknown__: true,
      ref: 'data.aws_iam_policy_document.kms.json',
    });
  });

  it('writes jsonencode policies as JSON text, unknowns as "${ref}" with the known text around them', () => {
    const text = byAddress(records, 'aws_s3_bucket_policy.logs').values.policy;
    expect(typeof text).toBe('string');
    const doc = JSON.parse(text as string);
    expect(doc.Version).toBe('2012-10-17');
    expect(doc.Statement[0].Condition).toEqual({ Bool: { 'aws:SecureTransport': 'false' } });
    expect(doc.Statement[0].Resource).toEqual(['${aws_s3_bucket.logs[0].arn}/*', '${aws_s3_bucket.logs[0].arn}']);
  });

  it('reads data sources as mode "data" with their nested blocks evaluated', () => {
    const doc = byAddress(records, 'data.aws_iam_policy_document.kms');
    expect(doc.mode).toBe('data');
    const statement = (doc.values.statement as Record<string, unknown>[])[0] as Record<string, unknown>;
    expect((statement.principals as Record<string, unknown>[])[0]?.identifiers).toEqual([
      'arn:aws:iam::123456789012:user/alice',
      'arn:aws:iam::123456789012:user/bob',
    ]);
  });

  it('gives the block line, end line and a line per attribute and nested block', () => {
    const sg = byAddress(records, 'aws_security_group.web');
    expect([sg.file, sg.line, sg.endLine]).toEqual(['main.tf', 35, 54]);
    expect(sg.attrLines).toEqual({ name: 36, ingress: 38 });
    const policy = byAddress(records, 'aws_s3_bucket_policy.logs');
    expect(policy.attrLines).toEqual({ bucket: 14, policy: 15 });
    // Meta-arguments keep their line but are not values.
    const bucket = byAddress(records, 'aws_s3_bucket.logs[1]');
    expect(bucket.attrLines?.count).toBe(8);
    expect('count' in bucket.values).toBe(false);
  });
});

describe('readTerraformSources with local and remote modules', async () => {
  it('reads a called directory only through its caller, with module addresses', async () => {
    const { records } = await readTerraformSources(scan('modules'));
    expect(records.map((r) => r.address).sort()).toEqual([
      'aws_kms_key.k',
      'module.logs.aws_s3_bucket.this',
      'module.logs.aws_s3_bucket_public_access_block.this',
      'module.per_team["blue"].aws_s3_bucket.this',
      'module.per_team["blue"].aws_s3_bucket_public_access_block.this',
      'module.per_team["red"].aws_s3_bucket.this',
      'module.per_team["red"].aws_s3_bucket_public_access_block.this',
      // vpc 5.0.0 is modelled from the module's known interface (registry-modules.yaml).
      'module.vpc.aws_vpc.this',
    ]);
    const bucket = byAddress(records, 'module.per_team["red"].aws_s3_bucket.this');
    expect([bucket.modulePath, bucket.file, bucket.line, bucket.values.bucket]).toEqual([
      'module.per_team["red"]',
      'modules/bucket/main.tf',
      7,
      'team-red',
    ]);
    // An unknown passed in becomes unknown("var.<name>") inside the module; a missing optional argument keeps its default.
    expect(byAddress(records, 'module.logs.aws_s3_bucket_public_access_block.this').values.kms).toEqual({
      __unknown__: true,
      ref: 'var.kms_key_arn',
    });
    expect(byAddress(records, 'module.per_team["blue"].aws_s3_bucket_public_access_block.this').values.kms).toBeNull();
  });

  it('loads a local module from disk when its files were not part of the scan', async () => {
    const { records } = await readTerraformSources(scan('modules', (rel) => rel.startsWith('root/')));
    const bucket = byAddress(records, 'module.logs.aws_s3_bucket.this');
    expect([bucket.file, bucket.values.bucket]).toEqual(['modules/bucket/main.tf', 'acme-logs']);
  });

  it('reports a remote module as an unsupported gap and reads the rest', async () => {
    const { records, gaps } = await readTerraformSources(scan('modules'));
    expect(gaps).toHaveLength(1);
    expect(gaps[0]).toMatchObject({ reason: 'unsupported', file: 'root/main.tf', line: 13 });
    expect(gaps[0]?.message).toContain('module "vpc"');
    expect(gaps[0]?.message).toContain('terraform-aws-modules/vpc/aws');
    expect(records.some((r) => r.address === 'aws_kms_key.k')).toBe(true);
  });
});

describe('readTerraformSources on malformed files', async () => {
  const { records, gaps } = await readTerraformSources(scan('malformed'));
  const gap = (file: string) => gaps.find((g) => g.file === file);

  it('names an unclosed block by the line where it opens', () => {
    expect(gap('unclosed.tf')).toMatchObject({ reason: 'parse-error', line: 5 });
    expect(gap('unclosed.tf')?.message).toMatch(/^unclosed\.tf:5:1: .*not closed/);
  });

  it('names a bad token with line, column and the token', () => {
    expect(gap('badtoken.tf')).toMatchObject({ reason: 'parse-error', line: 3 });
    expect(gap('badtoken.tf')?.message).toBe("badtoken.tf:3:12: syntax error: unexpected '@'");
  });

  it('reports a broken .tfvars where its string starts, without echoing the value', () => {
    expect(gap('terraform.tfvars')).toMatchObject({ reason: 'parse-error', line: 1 });
    expect(gap('terraform.tfvars')?.message).toContain('unterminated string');
    expect(JSON.stringify(gaps)).not.toContain('hunter2');
  });

  it('skips only the broken files: the good file in the same folder is read', () => {
    expect(records.map((r) => r.address)).toEqual(['aws_kms_key.fine']);
  });
});

describe('unknowns', async () => {
  it('is a Unknown that isUnknown recognises', async () => {
    const { records } = await readTerraformSources(scan('basic'));
    expect(isUnknown(byAddress(records, 'aws_s3_bucket_policy.logs').values.bucket)).toBe(true);
  });
});
