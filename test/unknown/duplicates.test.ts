// Issue 15: duplicates are never merged and wrong shapes never give zero resources in silence:
// each is a gap with its file and line, through the real IaC collector.
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { collectIac } from '../../src/collectors/iac/index.ts';
import type { Gap } from '../../src/model/resource.ts';

const FIXTURES = path.join(import.meta.dirname, 'fixtures', 'duplicates');

async function gapsOf(relPath: string): Promise<Pick<Gap, 'reason' | 'file' | 'line' | 'message'>[]> {
  const { source } = await collectIac([path.join(FIXTURES, relPath)], { root: FIXTURES });
  return source.gaps.map(({ reason, file, line, message }) => ({ reason, file, line, message }));
}

describe('duplicates and wrong shapes', () => {
  it('Terraform: a resource declared twice and an attribute set twice are gaps at the second one', async () => {
    const gaps = await gapsOf('terraform');
    expect(gaps).toEqual([
      {
        reason: 'parse-error',
        file: 'terraform/main.tf',
        line: 5,
        message: expect.stringMatching(/^aws_s3_bucket\.logs is declared twice .*first at terraform\/main\.tf:1/),
      },
      {
        reason: 'parse-error',
        file: 'terraform/main.tf',
        line: 12,
        message: expect.stringMatching(
          /^attribute encrypted in resource\.aws_ebs_volume\.v is set twice \(first at line 11\)/,
        ),
      },
    ]);
  });

  it('CloudFormation: a logical id twice (YAML) and a key twice (JSON) are parse errors, not merged', async () => {
    const gaps = await gapsOf('cloudformation');
    expect(gaps.map((g) => `${g.reason} ${g.file}:${g.line}`)).toEqual([
      'parse-error cloudformation/template.json:3',
      'parse-error cloudformation/template.yaml:7',
    ]);
    const { resources } = await collectIac([path.join(FIXTURES, 'cloudformation')], { root: FIXTURES });
    expect(resources.filter((r) => r.kind !== 'iac.file')).toEqual([]);
  });

  it('ARM: resources as an object outside languageVersion 2.0, or an item that is not an object', async () => {
    expect(await gapsOf('arm/object.json')).toEqual([
      {
        reason: 'parse-error',
        file: 'arm/object.json',
        line: 4,
        message: 'resources is an object, which only languageVersion 2.0 templates allow; not read',
      },
    ]);
    const gaps = await gapsOf('arm/not-an-object.json');
    expect(gaps.map((g) => g.message)).toContain('a resource is number, not an object; not read');
  });

  it('Terraform plan: resources and resource_changes that are not lists are gaps, not zero resources', async () => {
    const gaps = await gapsOf('plan/wrong-shape.json');
    expect(gaps.map((g) => `${g.reason} ${g.file}`)).toEqual([
      'parse-error plan/wrong-shape.json',
      'parse-error plan/wrong-shape.json',
    ]);
    expect(gaps.map((g) => g.message).join('\n')).toMatch(/resource_changes is not a list/);
    expect(gaps.map((g) => g.message).join('\n')).toMatch(/resources of the root module is not a list/);
  });

  it('Terraform plan: an address twice and a resource without address are gaps at their lines', async () => {
    const gaps = await gapsOf('plan/no-address.json');
    expect(gaps.map((g) => `${g.line} ${g.message.replace(/^[^ ]+: /, '')}`)).toEqual([
      '8 aws_s3_bucket.a appears twice in planned_values; not read',
      '9 a resource of the root module is not an object with address, type and name; not read',
    ]);
  });
});
