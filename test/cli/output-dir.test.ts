// A run as an auditor receives it: --output-dir writes every format under its fixed name, the
// snapshot and a manifest that `assay verify` checks; waivers change statuses but hide nothing;
// bad waiver input stops the run before any report.
import {
  cpSync,
  existsSync,
  lstatSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Results } from '../../src/model/results.ts';
import { sha256 } from '../../src/model/snapshot.ts';
import { repoRoot, runCli } from './run-cli.ts';

/** A scan root holding the Kubernetes example and, optionally, a waiver file. */
function project(waivers?: string): string {
  const root = mkdtempSync(path.join(os.tmpdir(), 'assay-outdir-'));
  cpSync(path.join(repoRoot, 'examples/kubernetes'), path.join(root, 'k8s'), { recursive: true });
  if (waivers !== undefined) {
    mkdirSync(path.join(root, '.assay'));
    writeFileSync(path.join(root, '.assay/waivers.yaml'), waivers);
  }
  return root;
}

const WAIVERS = `version: 1
waivers:
  - id: node-agent-host
    rule: k8s.no_host_namespaces
    selector: { file: "k8s/*.yaml" }
    reason: The node agent reads host metrics
    ticket: SEC-9
    approver: ciso@example.com
    expires: 2999-12-31
  - id: gone
    rule: storage.encryption_at_rest
    selector: { uid: "terraform:*" }
    reason: Nothing matches this any more
    approver: ciso@example.com
    expires: 2999-12-31
`;

describe('--output-dir', () => {
  it('writes every file format, the snapshot and a manifest that verify accepts', async () => {
    const root = project();
    const out = path.join(root, 'evidence');
    const { code, stderr } = await runCli(['scan', 'k8s', '--output-dir', out], root);
    expect(code).toBe(1);
    expect(stderr).toContain('manifest.json');
    const manifest = JSON.parse(readFileSync(path.join(out, 'manifest.json'), 'utf8')) as {
      artifacts: { path: string; sha256: string; role: string }[];
      bundleSha256: string;
    };
    const listed = manifest.artifacts.map((a) => a.path).sort();
    expect(listed).toEqual(
      [
        'findings.csv',
        'junit.xml',
        'oscal-assessment-results.json',
        'report.html',
        'report.md',
        'results.json',
        'results.sarif',
        'snapshots/scan.json',
      ].filter((file) => existsSync(path.join(out, file))),
    );
    expect(listed).toContain('results.json');
    expect(listed).toContain('snapshots/scan.json');
    for (const artifact of manifest.artifacts) {
      expect(artifact.sha256, artifact.path).toBe(sha256(readFileSync(path.join(out, artifact.path))));
    }
    const results = JSON.parse(readFileSync(path.join(out, 'results.json'), 'utf8')) as Results;
    expect(manifest.bundleSha256).toBe(results.tool.bundleSha256);
    // The snapshot written is the one the results name.
    expect(results.snapshots[0]?.sha256).toBe(sha256(readFileSync(path.join(out, 'snapshots/scan.json'))));

    expect((await runCli(['verify', out], root)).code).toBe(0);
    const html = path.join(out, 'results.sarif');
    writeFileSync(html, readFileSync(html, 'utf8').replace('"2.1.0"', '"2.1.1"'));
    const tampered = await runCli(['verify', out], root);
    expect(tampered.code).toBe(1);
    expect(tampered.stdout + tampered.stderr).toContain('changed: results.sarif');
  });

  it('clears the previous run out of a reused folder, so no stale report or signature stays behind', async () => {
    const root = project();
    const out = path.join(root, 'evidence');
    await runCli(['scan', 'k8s', '--output-dir', out], root);
    await runCli(['keygen', '--out-dir', path.join(root, 'keys')], root);
    expect((await runCli(['sign', out, '--key', path.join(root, 'keys/assay-signing.key')], root)).code).toBe(0);
    writeFileSync(path.join(out, 'notes.txt'), 'mine');
    expect((await runCli(['scan', 'k8s', '--output-dir', out, '--format', 'json'], root)).code).toBe(1);
    expect(existsSync(path.join(out, 'report.html'))).toBe(false);
    expect(existsSync(path.join(out, 'manifest.sig'))).toBe(false);
    expect(readFileSync(path.join(out, 'notes.txt'), 'utf8')).toBe('mine'); // not ours: left alone
    const verified = await runCli(['verify', out], root);
    expect(verified.stdout).toContain('unlisted: notes.txt');
    expect(verified.stdout).not.toContain('report.html');
    expect(verified.stdout).toContain('signature: absent');
  });

  it('writes only the formats asked for (plus results.json) and refuses several formats without a folder', async () => {
    const root = project();
    const out = path.join(root, 'out');
    expect((await runCli(['scan', 'k8s', '--output-dir', out, '--format', 'sarif'], root)).code).toBe(1);
    expect(existsSync(path.join(out, 'results.sarif'))).toBe(true);
    expect(existsSync(path.join(out, 'results.json'))).toBe(true);
    expect(existsSync(path.join(out, 'junit.xml'))).toBe(false);
    const refused = await runCli(['scan', 'k8s', '--format', 'json,sarif'], root);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain('2 formats need --output-dir');
    const unknown = await runCli(['scan', 'k8s', '--format', 'pdf'], root);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain("unknown format 'pdf'");
  });
});

describe('--output-dir never destroys what assay did not write', () => {
  const KEEP = 'the user wrote this';

  it('deletes nothing a forged manifest lists: not a file outside the folder, not a file of the user', async () => {
    const root = project();
    const out = path.join(root, 'evidence');
    await runCli(['scan', 'k8s', '--output-dir', out, '--format', 'json'], root);
    const outside = path.join(root, 'passwd');
    writeFileSync(outside, KEEP);
    writeFileSync(path.join(out, 'important.docx'), KEEP);
    const forged = JSON.parse(readFileSync(path.join(out, 'manifest.json'), 'utf8'));
    const entry = (rel: string, text: string) => ({
      path: rel,
      role: 'report',
      sha256: sha256(text),
      bytes: text.length,
    });
    forged.artifacts.push(entry('important.docx', KEEP));
    writeFileSync(path.join(out, 'manifest.json'), JSON.stringify(forged));
    // A listed path that leaves the folder makes the manifest invalid: then nothing at all is trusted.
    const escaping = { ...forged, artifacts: [...forged.artifacts, entry('../passwd', KEEP)] };

    const run = await runCli(['scan', 'k8s', '--output-dir', out, '--format', 'json'], root);
    expect(run.code).toBe(1);
    expect(readFileSync(path.join(out, 'important.docx'), 'utf8')).toBe(KEEP);
    expect(run.stderr).toMatch(/removed the previous run's results\.json, snapshots\/scan\.json from /);
    expect(run.stderr).not.toContain('important.docx');

    writeFileSync(path.join(out, 'manifest.json'), JSON.stringify(escaping));
    const refused = await runCli(['scan', 'k8s', '--output-dir', out, '--format', 'json'], root);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain('holds no manifest.json written by assay');
    const forced = await runCli(['scan', 'k8s', '--output-dir', out, '--format', 'json', '--force'], root);
    expect(forced.code).toBe(1);
    expect(readFileSync(outside, 'utf8')).toBe(KEEP);
    expect(readFileSync(path.join(out, 'important.docx'), 'utf8')).toBe(KEEP);
  });

  it('refuses a non-empty folder assay did not write, keeps the user report.html, and writes there with --force', async () => {
    const root = project();
    const out = path.join(root, 'site');
    mkdirSync(out);
    writeFileSync(path.join(out, 'report.html'), KEEP);
    const refused = await runCli(['scan', 'k8s', '--output-dir', out], root);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain('--force');
    expect(readFileSync(path.join(out, 'report.html'), 'utf8')).toBe(KEEP);
    expect(existsSync(path.join(out, 'results.json'))).toBe(false);

    const forced = await runCli(['scan', 'k8s', '--output-dir', out, '--force'], root);
    expect(forced.code).toBe(1);
    expect(readFileSync(path.join(out, 'report.html'), 'utf8')).not.toBe(KEEP);
    expect((await runCli(['verify', out], root)).code).toBe(0);
  });

  it('refuses to overwrite a report the previous run did not write, or one changed since', async () => {
    const root = project();
    const out = path.join(root, 'evidence');
    await runCli(['scan', 'k8s', '--output-dir', out, '--format', 'json'], root);
    writeFileSync(path.join(out, 'report.html'), KEEP);
    const refused = await runCli(['scan', 'k8s', '--output-dir', out, '--format', 'html'], root);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain('would overwrite report.html');
    expect(readFileSync(path.join(out, 'report.html'), 'utf8')).toBe(KEEP);
    expect(existsSync(path.join(out, 'results.json'))).toBe(true); // nothing removed before refusing

    writeFileSync(path.join(out, 'results.json'), '{"edited": true}');
    const edited = await runCli(['scan', 'k8s', '--output-dir', out, '--format', 'json'], root);
    expect(edited.code).toBe(2);
    expect(edited.stderr).toContain('would overwrite results.json');
  });

  it('never writes through a link at a report name, even with --force', async () => {
    const root = project();
    const out = path.join(root, 'evidence');
    mkdirSync(out);
    const target = path.join(root, 'elsewhere.json');
    writeFileSync(target, KEEP);
    symlinkSync(target, path.join(out, 'results.json'));
    expect((await runCli(['scan', 'k8s', '--output-dir', out], root)).code).toBe(2);
    const forced = await runCli(['scan', 'k8s', '--output-dir', out, '--force'], root);
    expect(forced.code).toBe(1);
    expect(readFileSync(target, 'utf8')).toBe(KEEP);
    expect(lstatSync(path.join(out, 'results.json')).isFile()).toBe(true);
  });

  it('refuses the file system root and the home folder, with or without --force', async () => {
    const root = project();
    for (const dir of ['/', os.homedir()]) {
      const run = await runCli(['scan', 'k8s', '--output-dir', dir, '--force'], root);
      expect(run.code, dir).toBe(2);
      expect(run.stderr).toMatch(/refusing to write reports into .*: it is (the file system root|your home folder)/);
    }
  });
});

describe('waivers through the CLI', () => {
  it('reads .assay/waivers.yaml, reports waived findings as exceptions and the stale waiver', async () => {
    const root = project(WAIVERS);
    const { code, stdout, stderr } = await runCli(['scan', 'k8s', '--format', 'json'], root);
    const results = JSON.parse(stdout) as Results;
    const waived = results.findings.filter((f) => f.waiver);
    expect(waived.map((f) => f.ruleId)).toEqual(['k8s.no_host_namespaces', 'k8s.no_host_namespaces']);
    expect(waived[0]?.waiver).toMatchObject({ id: 'node-agent-host', ticket: 'SEC-9', kind: 'file' });
    expect(results.summary.waived).toBe(2);
    expect(results.summary.open).toBe(results.findings.length - 2);
    expect(results.waivers.map((w) => [w.id, w.state])).toEqual([
      ['gone', 'stale'],
      ['node-agent-host', 'applied'],
    ]);
    expect(stderr).toContain('waiver gone (.assay/waivers.yaml:10) is stale');
    expect(code).toBe(1); // other findings stay open
  });

  it('turns a control exception when every failure is waived, and exits 0 when only waived findings remain', async () => {
    const root = project(`version: 1
waivers:
  - rule: "k8s.*"
    selector: { file: "k8s/**" }
    reason: Accepted for the demo cluster
    approver: ciso@example.com
    expires: 2999-12-31
`);
    const { code, stdout } = await runCli(['scan', 'k8s', '--format', 'json', '--framework', 'pci-dss'], root);
    const results = JSON.parse(stdout) as Results;
    expect(results.frameworks.map((f) => f.id)).toEqual(['pci-dss']);
    const statuses = new Set(results.frameworks[0]?.controls.map((c) => c.status));
    expect(statuses.has('fail')).toBe(false);
    expect(statuses.has('exception')).toBe(true);
    expect(results.findings.every((f) => f.controls.every((c) => c.framework === 'pci-dss'))).toBe(true);
    expect(results.summary.open).toBe(0);
    expect(code).toBe(0);
  });

  it('stops with exit 2, file, line and schema path, before any report, on a malformed waiver file', async () => {
    const root = project(`version: 1
waivers:
  - rule: k8s.no_host_namespaces
    selector: { file: "k8s/*.yaml" }
    reason: no expiry given
    approver: ciso@example.com
`);
    const out = path.join(root, 'out');
    const { code, stderr } = await runCli(['scan', 'k8s', '--output-dir', out], root);
    expect(code).toBe(2);
    expect(stderr).toMatch(
      /\.assay\/waivers\.yaml:3: \/waivers\/0 must have required property 'expires' \(schema #\/[^)]+\)/,
    );
    expect(existsSync(out)).toBe(false);
  });

  it('names a waiver file given with --waivers that does not exist', async () => {
    const root = project();
    const { code, stderr } = await runCli(['scan', 'k8s', '--waivers', 'nope.yaml'], root);
    expect(code).toBe(2);
    expect(stderr).toContain('nope.yaml: cannot read waiver file');
  });

  it('applies an inline assay:ignore comment, and exits 2 on one it cannot read', async () => {
    const root = project();
    const manifest = path.join(root, 'k8s/web.yaml');
    const text = readFileSync(manifest, 'utf8');
    const inline = text.replace(
      /^(\s*)hostPID: true$/m,
      '$1# assay:ignore k8s.no_host_namespaces reason="host metrics" expires=2999-01-01 approver=jane\n$1hostPID: true',
    );
    expect(inline).not.toBe(text);
    writeFileSync(manifest, inline);
    const ok = await runCli(['scan', 'k8s', '--format', 'json'], root);
    const results = JSON.parse(ok.stdout) as Results;
    expect(results.findings.filter((f) => f.waiver?.kind === 'inline').length).toBeGreaterThan(0);

    writeFileSync(
      manifest,
      text.replace(/^(\s*)hostPID: true$/m, '$1# assay:ignore k8s.no_host_namespaces\n$1hostPID: true'),
    );
    const bad = await runCli(['scan', 'k8s', '--format', 'json'], root);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/error: waiver .* is invalid: .*k8s\/web\.yaml:\d+/);
    const badResults = JSON.parse(bad.stdout) as Results;
    expect(badResults.waivers.map((w) => w.state)).toContain('invalid');
  });

  it('does not honour assay:ignore on a line of a multi-line string: it waives nothing', async () => {
    const root = project();
    const manifest = path.join(root, 'k8s/web.yaml');
    const text = readFileSync(manifest, 'utf8');
    const smuggled = text.replace(
      /^(\s*)name: node-agent$/m,
      '$1name: node-agent\n$1annotations:\n$1  note: "looks harmless\n$1    # assay:ignore * reason=smuggled expires=2999-01-01\n$1    end"',
    );
    expect(smuggled).not.toBe(text);
    writeFileSync(manifest, smuggled);
    const { stdout } = await runCli(['scan', 'k8s', '--format', 'json'], root);
    const results = JSON.parse(stdout) as Results;
    expect(results.waivers).toEqual([]);
    expect(results.findings.filter((f) => f.waiver)).toEqual([]);
    expect(results.findings.some((f) => f.ruleId === 'k8s.no_host_namespaces')).toBe(true);
  });
});

describe('a malformed framework file', () => {
  it('stops the scan with exit 2 and file:line before any report is written', async () => {
    const root = project();
    const frameworks = path.join(root, 'frameworks');
    mkdirSync(frameworks);
    writeFileSync(
      path.join(frameworks, 'internal.yaml'),
      `framework: internal
name: Internal baseline
version: "1"
controls:
  - id: IB-1
    title: Buckets are private
    section: Storage
    automation: partial
    rules: []
`,
    );
    const out = path.join(root, 'out');
    const { code, stderr } = await runCli(['scan', 'k8s', '--frameworks-dir', 'frameworks', '--output-dir', out], root);
    expect(code).toBe(2);
    expect(stderr).toContain('frameworks/internal.yaml:9: /controls/0/rules must NOT have fewer than 1 items');
    expect(existsSync(out)).toBe(false);
  });
});

describe('--report-url', () => {
  it('links the Markdown summary to the published report, and refuses a link that is not http(s)', async () => {
    const root = project();
    const out = path.join(root, 'out');
    const url = 'https://ci.example.com/runs/42/report.html';
    expect((await runCli(['scan', 'k8s', '--output-dir', out, '-f', 'markdown', '--report-url', url], root)).code).toBe(
      1,
    );
    expect(readFileSync(path.join(out, 'report.md'), 'utf8')).toContain(`[Full report](${url})`);
    const bad = await runCli(['scan', 'k8s', '-f', 'markdown', '--report-url', 'javascript:alert(1)'], root);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('--report-url must be an http(s) link');
  });
});
