import { describe, expect, it } from 'vitest';
import { TerraformSyntaxError, terraformModuleCalls } from '../../../../src/collectors/iac/index.ts';

describe('terraformModuleCalls', () => {
  it('lists every module block with its literal source and line, and nothing that only looks like one', async () => {
    const content = [
      '# module "commented" { source = "./nowhere" }',
      'module "network" {',
      '  source = "./modules/network"',
      '  cidr   = "10.0.0.0/16"',
      '}',
      '',
      'resource "aws_s3_bucket" "b" {',
      '  description = <<EOT',
      'module "in_heredoc" { source = "./nowhere" }',
      'EOT',
      '}',
      '',
      'module "vpc" {',
      '  source  = "terraform-aws-modules/vpc/aws"',
      '  version = "5.0.0"',
      '}',
      '',
      'module "computed" {',
      '  source = var.where',
      '}',
    ].join('\n');
    expect(await terraformModuleCalls(content, 'main.tf')).toEqual([
      { name: 'network', source: './modules/network', line: 2 },
      { name: 'vpc', source: 'terraform-aws-modules/vpc/aws', line: 13 },
      { name: 'computed', line: 18 },
    ]);
  });

  it('finds none in a file without modules', async () => {
    expect(await terraformModuleCalls('resource "aws_s3_bucket" "b" {}\n', 'main.tf')).toEqual([]);
  });

  it('refuses a malformed file with the parser’s file, line and message', async () => {
    const content = 'module "a" {\n  source = "./a"\n}\n\nmodule "b" {\n  source = "./b"\n';
    const calls = terraformModuleCalls(content, 'broken.tf');
    await expect(calls).rejects.toBeInstanceOf(TerraformSyntaxError);
    await expect(calls).rejects.toMatchObject({
      file: 'broken.tf',
      line: 5,
      message: expect.stringMatching(/^broken\.tf:5:1: syntax error: block opened here is not closed/),
    });
  });
});
