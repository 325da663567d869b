// Terraform files parsed in worker threads give the scan exactly what parsing them here gives:
// the same resources, gaps (a syntax error with its file and line) and suppressions, in the same
// order. A worker that dies while parsing a file leaves a gap naming that file, never a silent hole.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { commentsOfFiles } from '../../../src/collectors/iac/comments.ts';
import { collectIac } from '../../../src/collectors/iac/index.ts';
import { readTerraformSources } from '../../../src/collectors/iac/terraform/hcl/read.ts';

const REPO = fileURLToPath(new URL('../../../', import.meta.url));
const fixedNow = () => new Date('2026-01-01T00:00:00Z');

async function bothWays(paths: string[], root: string) {
  const here = await collectIac(paths, { root, now: fixedNow, parsing: { workers: 0 } });
  // Every file parsed in the two workers, then the files shared between one worker and this thread.
  const workers = await collectIac(paths, { root, now: fixedNow, parsing: { workers: 2, here: false } });
  const shared = await collectIac(paths, { root, now: fixedNow, parsing: { workers: 1 } });
  expect(shared).toEqual(workers);
  return { here, workers };
}

describe('parsing Terraform in worker threads', () => {
  it('gives the same snapshot as parsing in this thread on the examples and fixtures', async () => {
    const paths = ['examples', 'test/fixtures/terraform', 'test/fixtures/waivers', 'test/fixtures/terraform-aws'];
    const { here, workers } = await bothWays(paths, REPO);
    expect(here.resources.length).toBeGreaterThan(100);
    expect(JSON.stringify(workers)).toBe(JSON.stringify(here));
  });

  it('reports a syntax error found in a worker as a parse-error gap with file and line', async () => {
    const root = mkdtempSync(join(tmpdir(), 'assay-parse-workers-'));
    writeFileSync(join(root, 'good.tf'), 'resource "aws_s3_bucket" "b" {\n  bucket = "b"\n}\n');
    writeFileSync(
      join(root, 'bad.tf'),
      '# assay:ignore storage.* reason=x\nresource "aws_s3_bucket" "c" {\n  bucket = \n',
    );
    const { here, workers } = await bothWays(['.'], root);
    expect(workers).toEqual(here);
    const gap = workers.source.gaps.find((g) => g.file === 'bad.tf');
    expect(gap).toMatchObject({ reason: 'parse-error', file: 'bad.tf', line: expect.any(Number) });
    expect(gap?.message).toMatch(/^bad\.tf:\d+:\d+: syntax error/);
    expect(workers.resources.some((r) => r.name === 'b' && r.kind === 'storage.bucket')).toBe(true);
  });

  it('turns a file whose worker died into a gap naming it, and reads the other files', async () => {
    const files = ['a.tf', 'crash.tf', 'z.tf'].map((name) => ({
      relPath: name,
      absPath: join('/scan', name),
      content: `# note in ${name}\nresource "aws_s3_bucket" "${name.slice(0, -3)}" {}\n`,
      format: 'terraform' as const,
    }));
    const script = new URL('../../fixtures/workers/parse-worker-exits.ts', import.meta.url);
    const comments = await commentsOfFiles(files, { workers: 2, script, here: false });
    expect(comments).toEqual([[{ line: 1, text: ' note in a.tf' }], [], [{ line: 1, text: ' note in z.tf' }]]);
    const read = await readTerraformSources(files);
    expect(read.gaps).toEqual([
      {
        reason: 'other',
        file: 'crash.tf',
        message: 'crash.tf: could not be read: the parser failed (worker thread stopped: exit code 7)',
      },
    ]);
    expect(read.records.map((r) => r.name)).toEqual(['a', 'z']);
  });
});
