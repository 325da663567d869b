// Terraform's JSON syntax (*.tf.json, *.tfvars.json) read as Terraform, end to end through the
// IaC collector's file discovery, with lines from the located JSON parser.
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { collectIac } from '../../../../src/collectors/iac/index.ts';
import { validateResources } from '../../../../src/model/validate.ts';

const fixtures = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../fixtures/terraform');

async function collect(folder: string) {
  const root = path.join(fixtures, folder);
  const { source, resources } = await collectIac([root], { root });
  expect(validateResources(resources)).toEqual([]);
  return { gaps: source.gaps ?? [], resources, byUid: new Map(resources.map((r) => [r.uid, r])) };
}

describe('Terraform JSON syntax', async () => {
  it('reads main.tf.json with terraform.tfvars.json applied, templates evaluated, at the lines of the JSON', async () => {
    const { byUid, gaps } = await collect('json-syntax');
    expect(gaps).toEqual([]);
    const bucket = byUid.get('terraform:main.tf.json:aws_s3_bucket.public');
    // "acl": "${var.bucket_acl}" with bucket_acl = "public-read" from terraform.tfvars.json.
    expect(bucket?.props).toMatchObject({ publicAccess: { aclPublic: true }, versioning: { enabled: true } });
    expect(bucket?.location).toEqual({ file: 'main.tf.json', line: 14, endLine: 17 });
    expect(bucket?.raw).toMatchObject({ bucket: 'json-syntax-public' });
    const sg = byUid.get('terraform:main.tf.json:aws_security_group.ssh');
    expect(sg?.props).toMatchObject({
      rules: [{ direction: 'ingress', ports: [{ from: 22, to: 22 }], sources: ['0.0.0.0/0'] }],
    });
  });

  it('reports a malformed .tf.json with its line and column, and reads the other files of the folder', async () => {
    const { byUid, gaps } = await collect('json-malformed');
    expect(gaps).toContainEqual(
      expect.objectContaining({
        reason: 'parse-error',
        file: 'broken.tf.json',
        line: 4,
        message: "broken.tf.json:4:29: expected a property name but found '}'",
      }),
    );
    expect(byUid.has('terraform:good.tf.json:aws_s3_bucket.public')).toBe(true);
  });
});
