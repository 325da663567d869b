// End to end: fixture files -> the real HCL and plan readers -> AWS mapping.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { collectTerraform } from '../../../../src/collectors/iac/terraform/index.ts';
import type { IacFile, IacFormat } from '../../../../src/kit/format-contract.ts';
import { validateResources } from '../../../../src/model/validate.ts';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../fixtures/terraform-aws');

function file(relPath: string, format: IacFormat): IacFile {
  const absPath = path.join(root, relPath);
  return { relPath, absPath, content: readFileSync(absPath, 'utf8'), format };
}

describe('collectTerraform', () => {
  it('reads a folder of .tf files into linked, validated, secret-free resources', async () => {
    const { resources, gaps } = await collectTerraform([file('app/main.tf', 'terraform')], 'src-tf');
    expect(validateResources(resources)).toEqual([]);
    const byUid = new Map(resources.map((r) => [r.uid, r]));
    const bucket = byUid.get('terraform:app/main.tf:aws_s3_bucket.data');
    expect(bucket?.location).toMatchObject({ file: 'app/main.tf', line: 5 });
    expect(bucket?.props).toMatchObject({
      versioning: { enabled: true },
      tls: { required: true },
      publicAccess: { policyPublic: false },
    });
    const db = byUid.get('terraform:app/main.tf:aws_db_instance.db');
    expect(db?.props).toMatchObject({ engine: 'postgres', publiclyAccessible: true, backupRetentionDays: 0 });
    expect(JSON.stringify(resources)).not.toContain('Sup3rSecretPassw0rd');
    const sg = byUid.get('terraform:app/main.tf:aws_security_group.ssh');
    expect(sg?.props).toMatchObject({
      rules: [
        { direction: 'ingress', protocol: 'tcp', ports: [{ from: 22, to: 22 }], sources: ['0.0.0.0/0'], line: 43 },
      ],
    });
    expect(gaps).toContainEqual(
      expect.objectContaining({ reason: 'unresolved-reference', file: 'app/main.tf', line: 30 }),
    );
    expect(resources.every((r) => r.sourceId === 'src-tf')).toBe(true);
  });

  it('turns a malformed file into a gap with file and line, and still maps the other files', async () => {
    const { resources, gaps } = await collectTerraform(
      [file('broken/bad.tf', 'terraform'), file('app/main.tf', 'terraform')],
      'src-tf',
    );
    const parseGaps = gaps.filter((g) => g.reason === 'parse-error');
    expect(parseGaps.length).toBeGreaterThan(0);
    expect(parseGaps[0]).toMatchObject({ file: 'broken/bad.tf' });
    expect(parseGaps[0]?.line).toBeGreaterThan(0);
    expect(resources.some((r) => r.uid === 'terraform:app/main.tf:aws_s3_bucket.data')).toBe(true);
  });

  it('maps a terraform show -json plan with plan uids', async () => {
    const { resources } = await collectTerraform([file('plan/tfplan.json', 'terraform-plan')], 'src-plan');
    expect(validateResources(resources)).toEqual([]);
    const key = resources.find((r) => r.uid === 'terraform-plan:plan/tfplan.json:aws_kms_key.k');
    expect(key?.props).toEqual({
      enabled: true,
      rotationEnabled: false,
      keySpec: 'SYMMETRIC_DEFAULT',
      usage: 'ENCRYPT_DECRYPT',
    });
    const logs = resources.find((r) => r.uid === 'terraform-plan:plan/tfplan.json:aws_cloudwatch_log_group.app');
    expect(logs?.props).toEqual({ retentionDays: 30 });
  });
});
