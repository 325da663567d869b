// Hostile file contents (issue 15): a tiny Terraform, CloudFormation or ARM file must not hang the
// scan, exhaust memory or erase the results of the valid file beside it. Each limit reached is a
// limit-exceeded gap naming the file, the line and the limit.
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { collectInChild, tempRoot, uidsOf } from './run-collect.ts';

const BUCKET = 'resource "aws_s3_bucket" "ok" {\n  bucket = "ok"\n}\n';
const OK_UID = 'terraform:ok.tf:aws_s3_bucket.ok';
const TIMEOUT = 60_000;

/** A scan root with ok.tf and the given hostile files. */
function rootWith(files: Record<string, string>): string {
  const root = tempRoot();
  writeFileSync(path.join(root, 'ok.tf'), BUCKET);
  for (const [name, content] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(root, name)), { recursive: true });
    writeFileSync(path.join(root, name), content);
  }
  return root;
}

function limitGap(file: string, line: number, limit: RegExp) {
  return expect.objectContaining({ reason: 'limit-exceeded', file, line, message: expect.stringMatching(limit) });
}

describe('Terraform sources that would hang or crash the collector', () => {
  it(
    'bounds count (10^8 and 10^10) with a gap at the count line; the other resources are read',
    () => {
      const root = rootWith({
        'many.tf': [
          'resource "aws_s3_bucket" "many" {',
          '  count = 100000000',
          '}',
          'resource "aws_s3_bucket" "more" {',
          '  count = 10000000000',
          '}',
          'resource "aws_s3_bucket" "few" {',
          '  count = 2',
          '}',
          '',
        ].join('\n'),
      });
      const collected = collectInChild(root);
      expect(collected.gaps).toContainEqual(limitGap('many.tf', 2, /count = 100000000, above the limit of 1000/));
      expect(collected.gaps).toContainEqual(limitGap('many.tf', 5, /count = 10000000000, above the limit of 1000/));
      expect(uidsOf(collected, 'many.tf')).toEqual([
        'terraform:many.tf:aws_s3_bucket.few[0]',
        'terraform:many.tf:aws_s3_bucket.few[1]',
      ]);
      expect(uidsOf(collected, 'ok.tf')).toEqual([OK_UID]);
    },
    TIMEOUT,
  );

  it(
    'bounds nested module fan-out (10^12 instances) before expanding it',
    () => {
      const call = (name: string, source: string) =>
        `module "${name}" {\n  source = "${source}"\n  count  = 10000\n}\n`;
      const root = rootWith({
        'fan/main.tf': call('a', './a'),
        'fan/a/main.tf': call('b', '../b'),
        'fan/b/main.tf': call('c', '../c'),
        'fan/c/main.tf': BUCKET,
      });
      const collected = collectInChild(root);
      expect(collected.gaps).toContainEqual(limitGap('fan/main.tf', 3, /count = 10000, above the limit of 1000/));
      expect(uidsOf(collected, 'ok.tf')).toEqual([OK_UID]);
    },
    TIMEOUT,
  );

  it(
    'multiplies fan-out along the calls: 100 x 100 module instances is a gap naming the limit',
    () => {
      const root = rootWith({
        'fan/main.tf': 'module "a" {\n  source = "./a"\n  count  = 100\n}\n',
        'fan/a/main.tf': 'module "b" {\n  source = "../b"\n  count  = 100\n}\n',
        'fan/b/main.tf': BUCKET,
      });
      const collected = collectInChild(root);
      expect(collected.gaps).toContainEqual(
        limitGap('fan/a/main.tf', 1, /module "b" would have 10000 instances .* above the limit of 1000/),
      );
      expect(uidsOf(collected, 'ok.tf')).toEqual([OK_UID]);
    },
    TIMEOUT,
  );

  it(
    'stops a string doubled 40 times in locals with a gap at the resource that uses it',
    () => {
      const locals = ['locals {', '  s0 = "ab"'];
      for (let i = 1; i <= 40; i++) locals.push(`  s${i} = "\${local.s${i - 1}}\${local.s${i - 1}}"`);
      locals.push('}');
      const root = rootWith({
        'grow.tf': [
          ...locals,
          'resource "aws_s3_bucket" "big" {',
          '  bucket = local.s40',
          '}',
          'resource "aws_s3_bucket" "again" {',
          '  bucket = local.s40',
          '}',
          '',
        ].join('\n'),
      });
      const collected = collectInChild(root);
      expect(collected.gaps).toContainEqual(
        limitGap('grow.tf', 44, /a string of \d+ characters, above the limit of 1048576/),
      );
      // Every resource that uses the local is a gap of its own, none silently unknown.
      expect(collected.gaps).toContainEqual(
        limitGap('grow.tf', 47, /a string of \d+ characters, above the limit of 1048576/),
      );
      expect(uidsOf(collected, 'ok.tf')).toEqual([OK_UID]);
    },
    TIMEOUT,
  );

  it(
    'refuses 5,000-deep blocks and 50,000 parentheses with a gap naming the nesting limit',
    () => {
      const root = rootWith({
        'blocks.tf': `resource "aws_s3_bucket" "deep" {\n${'a {\n'.repeat(5000)}${'}\n'.repeat(5000)}}\n`,
        'parens.tf': `locals {\n  x = ${'('.repeat(50000)}1${')'.repeat(50000)}\n}\n`,
      });
      const collected = collectInChild(root);
      expect(collected.gaps).toContainEqual(
        expect.objectContaining({
          reason: 'limit-exceeded',
          file: 'blocks.tf',
          message: expect.stringContaining('limit of 500'),
        }),
      );
      expect(collected.gaps).toContainEqual(limitGap('parens.tf', 2, /nested deeper than the limit of 500/));
      expect(uidsOf(collected, 'ok.tf')).toEqual([OK_UID]);
    },
    TIMEOUT,
  );

  it(
    'reads two modules that call each other, with a gap naming the call chain',
    () => {
      const root = rootWith({
        'ring/a/main.tf': `module "b" {\n  source = "../b"\n}\nresource "aws_s3_bucket" "in_a" {}\n`,
        'ring/b/main.tf': `module "a" {\n  source = "../a"\n}\nresource "aws_s3_bucket" "in_b" {}\n`,
      });
      const collected = collectInChild(root);
      expect(uidsOf(collected, 'ring/a/main.tf')).toEqual(['terraform:ring/a/main.tf:aws_s3_bucket.in_a']);
      // A module's resource is named from the root file that calls it (ring/a), located in its own file.
      expect(uidsOf(collected, 'ring/b/main.tf')).toEqual(['terraform:ring/a/main.tf:module.b.aws_s3_bucket.in_b']);
      expect(collected.gaps).toContainEqual(
        expect.objectContaining({
          file: 'ring/b/main.tf',
          line: 1,
          message: expect.stringContaining('(. -> ../b -> .)'),
        }),
      );
      expect(uidsOf(collected, 'ok.tf')).toEqual([OK_UID]);
    },
    TIMEOUT,
  );
});

describe('numbers out of range', () => {
  it(
    'leaves 1e400 unknown with a gap at its line in HCL, JSON and YAML, never null',
    () => {
      const root = rootWith({
        // tree-sitter's HCL grammar needs a fraction before an exponent (Terraform itself reads 1e400).
        'db.tf':
          'resource "aws_db_instance" "db" {\n  backup_retention_period = 1.0e400\n  port = 99999999999999999999\n}\n',
        'db.yaml': [
          'AWSTemplateFormatVersion: "2010-09-09"',
          'Resources:',
          '  Db:',
          '    Type: AWS::RDS::DBInstance',
          '    Properties:',
          '      BackupRetentionPeriod: 1e400',
          '',
        ].join('\n'),
        'db.json': JSON.stringify(
          {
            AWSTemplateFormatVersion: '2010-09-09',
            Resources: { Db: { Type: 'AWS::RDS::DBInstance', Properties: { BackupRetentionPeriod: 0 } } },
          },
          null,
          1,
        ).replace('"BackupRetentionPeriod": 0', '"BackupRetentionPeriod": -1e400'),
      });
      const collected = collectInChild(root);
      expect(collected.gaps).toContainEqual(limitGap('db.tf', 2, /1\.0e400 is out of range/));
      expect(collected.gaps).toContainEqual(limitGap('db.tf', 3, /99999999999999999999 is out of range/));
      expect(collected.gaps).toContainEqual(limitGap('db.yaml', 6, /1e400 is out of range/));
      expect(collected.gaps).toContainEqual(limitGap('db.json', 7, /-1e400 is out of range/));
      const databases = collected.resources.filter((r) => r.kind === 'database.instance');
      expect(databases).toHaveLength(3);
      for (const db of databases) {
        expect((db.props as Record<string, unknown>).backupRetentionDays).not.toBeNull();
        expect(db.defaulted ?? []).not.toContain('backupRetentionDays');
      }
      expect(uidsOf(collected, 'ok.tf')).toEqual([OK_UID]);
    },
    TIMEOUT,
  );
});

describe('YAML alias bombs', () => {
  const bomb = (header: string[]) => {
    const lines = [...header, 'Metadata:', '  l0: &l0 [x, x, x, x, x, x, x, x, x]'];
    for (let i = 1; i <= 9; i++)
      lines.push(
        `  l${i}: &l${i} [${Array(9)
          .fill(`*l${i - 1}`)
          .join(', ')}]`,
      );
    return `${lines.join('\n')}\n`;
  };

  it(
    'stops a 9-level alias bomb in CloudFormation- and ARM-looking files; a valid template beside is read',
    () => {
      const root = rootWith({
        'bomb-cfn.yaml': bomb(['AWSTemplateFormatVersion: "2010-09-09"', 'Resources: {}']),
        'bomb-arm.yaml': bomb([
          '$schema: https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#',
          'resources: []',
        ]),
        'bucket.yaml': 'Resources:\n  B:\n    Type: AWS::S3::Bucket\n',
      });
      const collected = collectInChild(root);
      for (const file of ['bomb-cfn.yaml', 'bomb-arm.yaml'])
        expect(collected.gaps).toContainEqual(
          expect.objectContaining({
            reason: 'limit-exceeded',
            file,
            message: expect.stringContaining('more than 10000 nodes'),
          }),
        );
      expect(uidsOf(collected, 'bucket.yaml').length).toBeGreaterThan(0);
      expect(uidsOf(collected, 'ok.tf')).toEqual([OK_UID]);
    },
    TIMEOUT,
  );
});
