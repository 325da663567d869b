// The IaC dispatcher records the inline suppressions of every file it reads.
import { copyFileSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { collectIac } from '../../../src/collectors/iac/index.ts';

const FIXTURES = fileURLToPath(new URL('../../fixtures/waivers/iac/', import.meta.url));

describe('collectIac', () => {
  it('records the suppressions of the files it reads in source.suppressions', async () => {
    const root = mkdtempSync(join(tmpdir(), 'assay-suppressions-'));
    copyFileSync(join(FIXTURES, 'main.tf'), join(root, 'main.tf'));
    writeFileSync(join(root, 'plain.tf'), 'resource "aws_s3_bucket" "b" {}\n');
    const { source } = await collectIac(['.'], { root });
    expect(source.suppressions).toEqual([
      {
        file: 'main.tf',
        line: 1,
        text: 'storage.encryption_at_rest reason="Public assets only" expires=2026-06-30 ticket=SEC-7',
      },
      { file: 'main.tf', line: 10, text: 'storage.* reason=logs expires=2026-01-31' },
    ]);
  });

  it('leaves source.suppressions out when there are none', async () => {
    const root = mkdtempSync(join(tmpdir(), 'assay-suppressions-'));
    writeFileSync(join(root, 'plain.tf'), 'resource "aws_s3_bucket" "b" {}\n');
    const { source } = await collectIac(['.'], { root });
    expect(source).not.toHaveProperty('suppressions');
  });
});
