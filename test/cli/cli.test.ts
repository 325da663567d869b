// The CLI as a user runs it: in-process through main() for exit codes and outputs, and once as a
// real child process through bin/assay.js (what `npx assay` runs).
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Results } from '../../src/model/results.ts';
import { repoRoot, runCli } from './run-cli.ts';

const fixtures = 'test/fixtures/cli/mixed';

const run = runCli;

describe('assay scan', () => {
  it('reports malformed files as gaps with file and line, scans the rest, and exits 2', async () => {
    const { code, stdout, stderr } = await run(['scan', fixtures, '--format', 'json']);
    expect(code).toBe(2);
    const results = JSON.parse(stdout) as Results;
    expect(results.schema).toBe('assay.results/v1');
    const gapFiles = results.gaps.map((g) => `${g.file}:${g.reason}`);
    expect(gapFiles).toContain(`${fixtures}/broken.tf:parse-error`);
    expect(gapFiles).toContain(`${fixtures}/broken.yaml:parse-error`);
    for (const gap of results.gaps.filter((g) => g.reason === 'parse-error')) expect(gap.line).toBeGreaterThan(0);
    expect(stderr).toMatch(/broken\.tf:\d+/);
    // The healthy files were still scanned.
    const rules = new Set(results.findings.map((f) => `${f.ruleId} ${f.resource.name}`));
    expect(rules).toContain('crypto.key_rotation static');
    expect(rules).not.toContain('crypto.key_rotation rotating');
    expect(rules).toContain('k8s.no_privileged_containers debug');
    const key = results.findings.find((f) => f.ruleId === 'crypto.key_rotation')!;
    expect(key.resource).toMatchObject({
      kind: 'crypto.key',
      nativeType: 'aws_kms_key',
      location: { file: `${fixtures}/good.tf`, line: 6 },
    });
    expect(key.controls.length).toBeGreaterThan(0);
    expect(key.controls.every((c) => ['soc2', 'iso27001', 'pci-dss'].includes(c.framework))).toBe(true);
  });

  it('never prints a secret value, in any format', async () => {
    for (const format of ['table', 'json', 'sarif']) {
      const { stdout, stderr } = await run(['scan', fixtures, '--format', format]);
      expect(stdout + stderr).not.toContain('hunter2-Correct-Horse');
    }
    const { stdout } = await run(['scan', `${fixtures}/good.tf`, '--format', 'json']);
    const secrets = (JSON.parse(stdout) as Results).findings.filter((f) => f.ruleId === 'secrets.no_hardcoded_secrets');
    expect(secrets.map((f) => f.resource.location.line)).toEqual([13]);
  });

  it('exits 1 on findings, 0 when none reach --fail-on', async () => {
    expect((await run(['scan', `${fixtures}/good.tf`, '--format', 'json'])).code).toBe(1);
    const onlyCritical = await run(['scan', `${fixtures}/good.tf`, '--format', 'json', '--fail-on', 'critical']);
    const results = JSON.parse(onlyCritical.stdout) as Results;
    expect(results.summary.bySeverity.critical).toBe(1); // the hardcoded password
    expect(onlyCritical.code).toBe(1);
    const medium = await run(['scan', `${fixtures}/pod.yaml`, '--format', 'json', '--fail-on', 'critical']);
    expect(JSON.parse(medium.stdout).summary.findings).toBeGreaterThan(0);
    expect(medium.code).toBe(0);
  });

  it('exits 2 on bad usage and on paths that do not exist', async () => {
    expect((await run(['scan'])).code).toBe(2);
    expect((await run(['scan', fixtures, '--format', 'xml'])).code).toBe(2);
    expect((await run(['scan', fixtures, '--fail-on', 'severe'])).code).toBe(2);
    const missing = await run(['scan', 'no/such/dir', '--format', 'json']);
    expect(missing.code).toBe(2);
    expect(JSON.parse(missing.stdout).gaps[0]).toMatchObject({ reason: 'unreadable', file: 'no/such/dir' });
  });

  it('groups the table by severity, then by rule with a line per resource and the fix and controls once, uncoloured off a TTY', async () => {
    const { stdout } = await run(['scan', `${fixtures}/good.tf`, `${fixtures}/pod.yaml`]);
    expect(stdout).not.toContain('\u001b[');
    const critical = stdout.indexOf('CRITICAL');
    const medium = stdout.indexOf('MEDIUM');
    expect(critical).toBeGreaterThanOrEqual(0);
    expect(medium).toBeGreaterThan(critical);
    expect(stdout).toMatch(new RegExp(`^ {6}${fixtures}/good\\.tf:6  \\S+ \\S+: `, 'm'));
    expect(stdout).toMatch(/^ {4}fix: +\S/m);
    expect(stdout).toMatch(/^ {4}controls: +.*pci-dss/m);
    // One fix line per rule, however many resources fail it.
    const rules = stdout.match(/^ {2}● .*\[[a-z0-9_.]+\]/gm) ?? [];
    expect(stdout.match(/^ {4}fix: /gm)).toHaveLength(rules.length);
    expect(new Set(rules).size).toBe(rules.length);
    const verbose = await run(['scan', `${fixtures}/good.tf`, `${fixtures}/pod.yaml`, '--verbose']);
    expect(verbose.stdout).toContain(`location:    ${fixtures}/good.tf:6`);
    expect(verbose.stdout).toMatch(/remediation: \S/);
  });

  it('limits controls to --framework and rejects unknown frameworks', async () => {
    const { stdout } = await run(['scan', `${fixtures}/good.tf`, '--format', 'json', '--framework', 'iso27001']);
    const controls = (JSON.parse(stdout) as Results).findings.flatMap((f) => f.controls);
    expect(controls.length).toBeGreaterThan(0);
    expect(new Set(controls.map((c) => c.framework))).toEqual(new Set(['iso27001']));
    const unknown = await run(['scan', `${fixtures}/good.tf`, '--framework', 'hipaa']);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toMatch(/unknown framework hipaa/);
  });
});

describe('collect, then evaluate', () => {
  it('gives the same findings as scan, from a stored snapshot', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'assay-cli-'));
    const snapshotFile = path.join(dir, 'snap.json');
    const collected = await run(['collect', 'iac', `${fixtures}/good.tf`, `${fixtures}/pod.yaml`, '-o', snapshotFile]);
    expect(collected.code).toBe(0);
    const snapshot = JSON.parse(readFileSync(snapshotFile, 'utf8'));
    expect(snapshot.schema).toBe('assay.snapshot/v1');
    expect(JSON.stringify(snapshot)).not.toContain('hunter2-Correct-Horse');
    const evaluated = await run(['evaluate', snapshotFile, '--format', 'json', '-o', path.join(dir, 'out.json')]);
    expect(evaluated.code).toBe(1);
    const scanned = await run(['scan', `${fixtures}/good.tf`, `${fixtures}/pod.yaml`, '--format', 'json']);
    const strip = (r: Results) => r.findings.map((f) => `${f.ruleId}|${f.resource.uid}|${f.message}|${f.fingerprint}`);
    expect(strip(JSON.parse(readFileSync(path.join(dir, 'out.json'), 'utf8')))).toEqual(
      strip(JSON.parse(scanned.stdout)),
    );
  });

  it('collect on a folder with nothing to check exits 2 as scan does, writing the snapshot; --allow-empty accepts it', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'assay-cli-'));
    const empty = path.join(dir, 'empty');
    mkdirSync(empty);
    writeFileSync(path.join(empty, 'README.md'), '# no infrastructure here\n');
    const snapshotFile = path.join(dir, 'snap.json');
    const scanned = await run(['scan', empty]);
    const collected = await run(['collect', 'iac', empty, '-o', snapshotFile]);
    expect(scanned.code).toBe(2);
    expect(collected.code).toBe(2);
    expect(collected.stderr).toContain(
      'error: no resource was found to check (give --allow-empty if that is expected)',
    );
    expect(collected.stderr).toMatch(/gap: unsupported: no infrastructure resource found under/);
    // Written all the same: the gap says what was looked at.
    expect(JSON.parse(readFileSync(snapshotFile, 'utf8')).sources[0].gaps).toHaveLength(1);
    const allowed = await run(['collect', 'iac', empty, '-o', snapshotFile, '--allow-empty']);
    expect(allowed.code).toBe(0);
    expect(allowed.stderr).not.toContain('error:');
    expect((await run(['scan', empty, '--allow-empty'])).code).toBe(0);
  });

  it('evaluates a snapshot named twice once: no repeated populations or gaps', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'assay-cli-'));
    const snapshotFile = path.join(dir, 'snap.json');
    await run(['collect', 'iac', fixtures, '-o', snapshotFile]);
    const copy = path.join(dir, 'copy.json');
    writeFileSync(copy, readFileSync(snapshotFile));
    const once = JSON.parse((await run(['evaluate', snapshotFile, '--format', 'json'])).stdout) as Results;
    const twice = JSON.parse((await run(['evaluate', snapshotFile, copy, '--format', 'json'])).stdout) as Results;
    expect(once.gaps.length).toBeGreaterThan(0);
    expect(twice.snapshots).toHaveLength(1);
    expect(twice.gaps).toEqual(once.gaps);
    expect(twice.populations).toEqual(once.populations);
    expect(twice.summary).toEqual(once.summary);
  });

  it('refuses a snapshot that does not match the schema, naming the file and the path at fault', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'assay-cli-'));
    const file = path.join(dir, 'bad.json');
    writeFileSync(
      file,
      JSON.stringify({
        schema: 'assay.snapshot/v1',
        collectedAt: 'x',
        tool: { name: 'assay', version: '0' },
        sources: [],
        resources: [{ uid: 'a', kind: 'storage.bucket' }],
      }),
    );
    const { code, stderr } = await run(['evaluate', file]);
    expect(code).toBe(2);
    expect(stderr).toContain('bad.json');
    const notJson = path.join(dir, 'garbage.json');
    writeFileSync(notJson, '{"schema": ');
    const garbage = await run(['evaluate', notJson]);
    expect(garbage.code).toBe(2);
    expect(garbage.stderr).toMatch(/garbage\.json: not valid JSON/);
  });
});

describe('bin/assay.js', () => {
  it('runs as a process, prints the version and scans', () => {
    const version = execFileSync(process.execPath, ['bin/assay.js', '--version'], { cwd: repoRoot, encoding: 'utf8' });
    expect(version.trim()).toBe(JSON.parse(readFileSync(path.join(repoRoot, 'package.json'), 'utf8')).version);
    const scan = spawnSync(process.execPath, ['bin/assay.js', 'scan', `${fixtures}/pod.yaml`, '--format', 'json'], {
      cwd: repoRoot,
      encoding: 'utf8',
    });
    expect(scan.status).toBe(1);
    expect(
      JSON.parse(scan.stdout).findings.some((f: { ruleId: string }) => f.ruleId === 'k8s.no_privileged_containers'),
    ).toBe(true);
  });
});
