// Every configuration shown in docs/audit.md is one `assay audit` accepts.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { expect, it } from 'vitest';
import { loadAuditConfig } from '../../src/pipeline/audit-config.ts';
import { repoRoot } from '../cli/run-cli.ts';

it('docs/audit.md: every YAML example is a valid audit configuration', () => {
  const text = readFileSync(path.join(repoRoot, 'docs/audit.md'), 'utf8');
  const blocks = [...text.matchAll(/```yaml\n([\s\S]*?)```/g)].map((m) => m[1]!);
  expect(blocks.length).toBeGreaterThanOrEqual(2);
  const dir = mkdtempSync(path.join(os.tmpdir(), 'assay-audit-docs-'));
  try {
    blocks.forEach((block, i) => {
      const file = path.join(dir, `example-${i}.yaml`);
      writeFileSync(file, block);
      const config = loadAuditConfig(file);
      expect(config.sources.length).toBeGreaterThan(0);
    });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
