// Nothing seen is dropped silently (issue 13 §1): every text file is scanned for secrets, every file
// not read is a gap with its reason and the kinds it may hide, the iac.file population is the files
// hashed, and a scan that finds nothing to check fails unless --allow-empty.
import { mkdirSync, mkdtempSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { collectIac } from '../../../src/collectors/iac/index.ts';
import { MAX_FILE_BYTES } from '../../../src/kit/limits.ts';
import type { Resource } from '../../../src/model/resource.ts';
import { makeSnapshot, serializeSnapshot, sha256 } from '../../../src/model/snapshot.ts';
import { evaluateSnapshots } from '../../../src/pipeline/evaluate.ts';
import { FORMATS } from '../../../src/reports/registry.ts';
import { defaultInputs, runAction } from '../../action/harness.ts';
import { runCli } from '../../cli/run-cli.ts';

// AWS's documented example key pair, split so this file itself holds no detectable secret.
const AWS_KEY_ID = ['AKIA', 'IOSFODNN7EXAMPLE'].join('');
const AWS_SECRET = ['wJalrXUtnFEMI/K7MDENG/', 'bPxRfiCYEXAMPLEKEY'].join('');
const BUCKET_TF = 'resource "aws_s3_bucket" "b" {\n  bucket = "b"\n}\n';

function tree(files: Record<string, string | Buffer>): string {
  const root = mkdtempSync(join(tmpdir(), 'assay-complete-'));
  for (const [name, content] of Object.entries(files)) {
    mkdirSync(join(root, name, '..'), { recursive: true });
    writeFileSync(join(root, name), content);
  }
  return root;
}

const secretsOf = (resources: Resource[], file: string) =>
  (resources.find((r) => r.kind === 'iac.file' && r.name === file)?.props as { secrets: { detector: string }[] })
    ?.secrets;

describe('every file under the paths', () => {
  it('scans .env, .properties, .ini, shell, Dockerfiles and Helm values for hardcoded secrets', async () => {
    const root = tree({
      '.env': `AWS_ACCESS_KEY_ID=${AWS_KEY_ID}\nAWS_SECRET_ACCESS_KEY=${AWS_SECRET}\n`,
      'app/application.properties': 'spring.datasource.password=Sup3rS3cretPassw0rd\n',
      'app/settings.ini': '[db]\npassword = "Sup3rS3cretPassw0rd"\n',
      'deploy.sh': '#!/bin/sh\nexport GITHUB_TOKEN=ghp_abcdefghijklmnopqrstuvwxyz0123456789\n',
      Dockerfile: 'FROM alpine\nENV DB_PASSWORD=Sup3rS3cretPassw0rd\n',
      'chart/values.yaml': 'db:\n  password: Sup3rS3cretPassw0rd\n',
      'main.tf': BUCKET_TF,
    });
    const { source, resources } = await collectIac(['.'], { root });
    expect(secretsOf(resources, '.env')?.map((s) => s.detector)).toEqual([
      'aws-access-key-id',
      'aws-secret-access-key',
    ]);
    for (const file of [
      'app/application.properties',
      'app/settings.ini',
      'deploy.sh',
      'Dockerfile',
      'chart/values.yaml',
    ])
      expect(secretsOf(resources, file), file).toHaveLength(1);
    expect(resources.find((r) => r.name === '.env')?.props).toMatchObject({ format: 'other', resourceCount: 0 });
    expect(source.gaps).toEqual([]);
  });

  it('fails the scan of a folder holding a .env with an AWS secret key (0 findings and exit 0 on main)', async () => {
    const root = tree({ '.env': `AWS_SECRET_ACCESS_KEY=${AWS_SECRET}\n`, 'main.tf': BUCKET_TF });
    const { code, stdout } = await runCli(['scan', '.', '-f', 'json', '--fail-on', 'critical'], root);
    const results = JSON.parse(stdout) as { findings: { ruleId: string; resource: { name: string } }[] };
    const secrets = results.findings.filter((f) => f.ruleId === 'secrets.no_hardcoded_secrets');
    expect(secrets.map((f) => f.resource.name)).toEqual(['.env']);
    expect(stdout).not.toContain(AWS_SECRET);
    expect(code).toBe(1);
  });

  it('records a binary file as a gap that may hide only a secret, without hashing it', async () => {
    const root = tree({ 'logo.png': Buffer.from([0x89, 0x50, 0x4e, 0x47, 0, 0, 1, 2]), 'main.tf': BUCKET_TF });
    const { source, resources } = await collectIac(['.'], { root });
    expect(source.gaps).toEqual([
      {
        reason: 'unsupported',
        file: 'logo.png',
        kinds: ['iac.file'],
        message: 'logo.png: binary file (a NUL byte in its first 8000 bytes); not scanned for secrets',
      },
    ]);
    expect(resources.some((r) => r.name === 'logo.png')).toBe(false);
    expect(source.files?.map((f) => f.path)).toEqual(['main.tf']);
  });

  it('records a text file above the size cap as not read, hiding a secret (not any kind)', async () => {
    const root = tree({ 'big.log': Buffer.alloc(MAX_FILE_BYTES + 1, 'a'), 'main.tf': BUCKET_TF });
    const { source } = await collectIac(['.'], { root });
    expect(source.gaps).toEqual([
      expect.objectContaining({ reason: 'limit-exceeded', file: 'big.log', kinds: ['iac.file'] }),
    ]);
  });

  it('records a link leaving the scan root as not followed, whatever the file name', async () => {
    const outside = tree({ 'notes.txt': 'hello\n' });
    const root = tree({ 'main.tf': BUCKET_TF });
    symlinkSync(join(outside, 'notes.txt'), join(root, 'notes.txt'));
    const { source } = await collectIac(['.'], { root });
    expect(source.gaps).toEqual([
      expect.objectContaining({ reason: 'unreadable', file: 'notes.txt', kinds: ['iac.file'] }),
    ]);
    expect(source.gaps[0]!.message).toContain('outside the scan root; not followed');
  });

  it('counts in itemCount exactly the files hashed, one iac.file resource each', async () => {
    const root = tree({
      'main.tf': BUCKET_TF,
      'README.md': '# infra\n',
      'values.yaml': 'replicas: 2\n',
      'k8s/pod.yaml': 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\nspec:\n  containers: []\n',
    });
    const { source, resources } = await collectIac(['.'], { root });
    const files = resources.filter((r) => r.kind === 'iac.file');
    expect(source.itemCount).toBe(4);
    expect(source.files).toHaveLength(4);
    expect(files.map((r) => r.name).sort()).toEqual(source.files!.map((f) => f.path).sort());
  });
});

describe('files seen and not read, in every report', () => {
  it('names a binary and a too-large file in every format but the findings CSV and JUnit', async () => {
    const root = tree({
      'logo.png': Buffer.from([0x89, 0x50, 0x4e, 0x47, 0, 0, 1, 2]),
      'dump.log': Buffer.alloc(MAX_FILE_BYTES + 1, 'a'),
      'main.tf': BUCKET_TF,
    });
    const { source, resources } = await collectIac(['.'], { root });
    const snapshot = makeSnapshot('0.0.0-test', [source], resources);
    const results = await evaluateSnapshots([{ snapshot, sha256: sha256(serializeSnapshot(snapshot)), file: 'x' }]);
    // findings.csv and JUnit show no gaps at all, whatever the collector (left to the reports' owner).
    for (const [name, format] of Object.entries(FORMATS).filter(([name]) => name !== 'csv' && name !== 'junit')) {
      const text = format.render(results, { color: false });
      expect(text, name).toContain('logo.png');
      expect(text, name).toContain('dump.log');
    }
    // The large file may hide a secret: the secrets controls are not evaluated, the others are not touched.
    const soc2 = results.frameworks.find((f) => f.id === 'soc2')!;
    const secretsControls = soc2.controls.filter((c) =>
      c.rules.some((r) => r.ruleId === 'secrets.no_hardcoded_secrets'),
    );
    expect(secretsControls.length).toBeGreaterThan(0);
    for (const c of secretsControls) expect(c.status, c.id).not.toBe('pass');
    const unrelated = soc2.controls.filter(
      (c) => c.rules.length > 0 && c.rules.every((r) => r.ruleId === 'storage.versioning_enabled'),
    );
    for (const c of unrelated) expect(c.statusReason, c.id).not.toContain('dump.log');
  });
});

describe('a scan that finds nothing to check', () => {
  it('is a gap in the snapshot and exits 2, not "no open findings" and 0', async () => {
    const root = tree({ 'empty/README.md': '# nothing here\n' });
    const { source } = await collectIac(['empty'], { root });
    expect(source.gaps).toEqual([
      {
        reason: 'unsupported',
        message:
          'no infrastructure resource found under empty (1 file read); nothing was checked but hardcoded secrets',
      },
    ]);
    const scan = await runCli(['scan', 'empty', '-f', 'json'], root);
    expect(scan.code).toBe(2);
    expect(scan.stderr).toContain('no resource was found to check');
    const results = JSON.parse(scan.stdout) as { gaps: { message: string }[] };
    expect(results.gaps.map((g) => g.message)).toEqual([expect.stringContaining('no infrastructure resource found')]);
  });

  it('says so for an empty folder', async () => {
    const root = tree({ 'empty/.keep': '' });
    const { source } = await collectIac(['empty'], { root });
    expect(source.gaps.map((g) => g.message)).toEqual([
      'no infrastructure resource found under empty (1 file read); nothing was checked but hardcoded secrets',
    ]);
    mkdirSync(join(root, 'void'));
    const none = await collectIac(['void'], { root });
    expect(none.source.gaps.map((g) => g.message)).toEqual([
      'no infrastructure resource found under void (no file read); nothing was checked',
    ]);
  });

  it('exits 2 for a path that does not exist', async () => {
    const root = tree({ 'main.tf': BUCKET_TF });
    expect((await runCli(['scan', 'no-such-dir', '-f', 'json'], root)).code).toBe(2);
  });

  it('exits 0 with --allow-empty', async () => {
    const root = tree({ 'empty/.keep': '' });
    const scan = await runCli(['scan', 'empty', '-f', 'json', '--allow-empty'], root);
    expect(scan.code).toBe(0);
  });

  it('fails the Action step on an empty scan unless allow-empty is true', async () => {
    const root = tree({ 'docs/README.md': '# docs\n' });
    const inputs = { ...defaultInputs(), paths: 'docs', comment: 'false' };
    const failed = await runAction({ cwd: root, eventName: 'push', inputs, fromSource: true });
    expect(failed.code).toBe(1);
    expect(failed.stdout).toContain('no resource was found to check under docs');
    const allowed = await runAction({
      cwd: root,
      eventName: 'push',
      inputs: { ...inputs, 'allow-empty': 'true' },
      fromSource: true,
    });
    expect(allowed.code).toBe(0);
  }, 60_000);
});
