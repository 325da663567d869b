// The Action's output-dir: its own folder, so it writes over report names there (as before), but it
// deletes only what its previous run wrote, and refuses the file system root. Runs the sources.
import { existsSync, readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { defaultInputs, fixtures, makeRepo, runAction, type TempRepo } from './harness.ts';

const temps: TempRepo[] = [];
afterAll(() => {
  for (const repo of temps) rmSync(repo.dir, { recursive: true, force: true });
});

const push = () => readFileSync(path.join(fixtures, 'push.json'), 'utf8');

describe('output-dir', () => {
  it('keeps a committed file that a forged manifest in output-dir lists, and writes the reports', async () => {
    const forged = {
      schema: 'assay.manifest/v1',
      tool: { name: 'assay', version: '0.0.1' },
      bundleSha256: 'a'.repeat(64),
      createdAt: '2025-01-01T00:00:00Z',
      artifacts: [{ path: 'keep.txt', role: 'report', sha256: 'b'.repeat(64), bytes: 4 }],
    };
    const repo = makeRepo({
      extra: { 'assay-results/keep.txt': 'mine', 'assay-results/manifest.json': JSON.stringify(forged) },
    });
    temps.push(repo);
    const run = await runAction({
      cwd: repo.dir,
      eventName: 'push',
      event: push(),
      inputs: { ...defaultInputs(), 'fail-on': 'never' },
      fromSource: true,
    });
    expect(run.code).toBe(0);
    expect(readFileSync(path.join(repo.dir, 'assay-results/keep.txt'), 'utf8')).toBe('mine');
    expect(existsSync(path.join(repo.dir, 'assay-results/results.sarif'))).toBe(true);
  });

  it('fails the step, saying why, for output-dir /', async () => {
    const repo = makeRepo();
    temps.push(repo);
    const run = await runAction({
      cwd: repo.dir,
      eventName: 'push',
      event: push(),
      inputs: { ...defaultInputs(), 'fail-on': 'never', 'output-dir': '/' },
      fromSource: true,
    });
    expect(run.code).toBe(1);
    const errors = run.commands.filter((c) => c.command === 'error').map((c) => c.message);
    expect(errors).toContain(
      'assay: the reports could not be written: refusing to write reports into /: it is the file system root',
    );
  });
});
