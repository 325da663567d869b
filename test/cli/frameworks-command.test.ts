// `assay frameworks list|show` as a user runs them, through main(). Counts come
// from loadFrameworks(), never hard-coded: the shipped catalogs keep growing.
import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { type Control, defaultFrameworkDir, loadFrameworks } from '../../src/frameworks/catalog.ts';
import { runCli } from './run-cli.ts';

// Through main(), exactly as `assay` runs.
const run = (args: string[]) => runCli(args);

const INTERNAL = `framework: internal-baseline
name: Acme internal cloud baseline
version: "2025.1"
controls:
  - id: ACME-STO-1
    title: Buckets are never public
    section: Storage
    automation: automated
    rules:
      - rule: storage.public_access_blocked
        reason: Checks that no bucket or container can be read anonymously.
  - id: ACME-GOV-1
    title: Cloud accounts have a named owner
    section: Governance
    automation: manual
    rules: []
`;

function frameworksDir(files: Record<string, string>): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'assay-frameworks-'));
  for (const [name, text] of Object.entries(files)) writeFileSync(path.join(dir, name), text);
  return dir;
}

describe('assay frameworks list', () => {
  const shipped = loadFrameworks([defaultFrameworkDir()]);

  it('prints the three shipped frameworks as JSON with their control counts', async () => {
    const { code, stdout } = await run(['frameworks', 'list', '--format', 'json']);
    expect(code).toBe(0);
    const list = JSON.parse(stdout);
    expect(list).toEqual(
      shipped.map((f) => ({ id: f.id, name: f.name, version: f.version, controls: f.controls.length })),
    );
    expect(list.map((f: { id: string }) => f.id)).toEqual(['iso27001', 'pci-dss', 'soc2']);
    for (const entry of list) expect(Object.keys(entry)).toEqual(['id', 'name', 'version', 'controls']);
  });

  it('prints an aligned table with automation counts and the number of rules', async () => {
    const { code, stdout } = await run(['frameworks', 'list']);
    expect(code).toBe(0);
    const lines = stdout.trimEnd().split('\n');
    expect(lines[0]).toMatch(/^ID\s+NAME\s+VERSION\s+CONTROLS\s+AUTOMATED\s+PARTIAL\s+MANUAL\s+RULES$/);
    expect(lines).toHaveLength(shipped.length + 1);
    // Aligned: every column starts where its header starts.
    const versionColumn = lines[0]!.indexOf('VERSION');
    for (const [index, framework] of shipped.entries()) {
      const line = lines[index + 1]!;
      expect(line.startsWith(framework.id)).toBe(true);
      expect(line.indexOf(framework.version, framework.id.length + framework.name.length)).toBe(versionColumn);
      const manual = framework.controls.filter((c) => c.automation === 'manual').length;
      const rules = new Set(framework.controls.flatMap((c) => c.rules.map((r) => r.rule))).size;
      expect(line.trim().split(/\s+/).slice(-5)).toEqual([
        String(framework.controls.length),
        String(framework.controls.filter((c) => c.automation === 'automated').length),
        String(framework.controls.filter((c) => c.automation === 'partial').length),
        String(manual),
        String(rules),
      ]);
    }
  });

  it('includes a framework from a user folder given with --frameworks-dir', async () => {
    const dir = frameworksDir({ 'internal.yaml': INTERNAL });
    const { code, stdout } = await run(['frameworks', 'list', '--format', 'json', '--frameworks-dir', dir]);
    expect(code).toBe(0);
    const list = JSON.parse(stdout);
    expect(list).toHaveLength(shipped.length + 1);
    expect(list.at(-1)).toEqual({
      id: 'internal-baseline',
      name: 'Acme internal cloud baseline',
      version: '2025.1',
      controls: 2,
    });
  });

  it('exits 2 naming file and line when a user framework file is malformed', async () => {
    const dir = frameworksDir({ 'internal.yaml': INTERNAL.replace('automation: automated', 'automation: always') });
    const { code, stdout, stderr } = await run(['frameworks', 'list', '--frameworks-dir', dir]);
    expect(code).toBe(2);
    expect(stdout).toBe('');
    expect(stderr).toContain(`${path.join(dir, 'internal.yaml')}:8: /controls/0/automation must be one of`);
    expect(stderr).toContain('(schema ');
  });

  it('exits 2 with file:line for a YAML syntax error and for a folder that does not exist', async () => {
    const dir = frameworksDir({ 'broken.yaml': 'framework: x\ncontrols: [\n  - id: 1\n' });
    const broken = await run(['frameworks', 'list', '--frameworks-dir', dir]);
    expect(broken.code).toBe(2);
    expect(broken.stderr).toMatch(
      new RegExp(`${path.join(dir, 'broken.yaml').replace(/[.\\]/g, '\\$&')}:\\d+: invalid YAML`),
    );
    const absent = await run(['frameworks', 'list', '--frameworks-dir', path.join(dir, 'nope')]);
    expect(absent.code).toBe(2);
    expect(absent.stderr).toContain('cannot read framework folder');
  });
});

describe('assay frameworks show', () => {
  const shipped = loadFrameworks([defaultFrameworkDir()]);
  const pci = shipped.find((f) => f.id === 'pci-dss')!;

  it('prints one control with its rules for --control 8.3.6', async () => {
    const { code, stdout } = await run(['frameworks', 'show', 'pci-dss', '--control', '8.3.6', '--format', 'json']);
    expect(code).toBe(0);
    const shown = JSON.parse(stdout);
    const expected = pci.controls.find((c) => c.id === '8.3.6')!;
    expect(shown).toEqual({ id: 'pci-dss', name: pci.name, version: pci.version, controls: [expected] });
    expect(Object.keys(shown.controls[0])).toEqual(['id', 'title', 'section', 'automation', 'rules']);
    expect(shown.controls[0].rules.map((r: { rule: string }) => r.rule)).toContain('identity.password_min_length');
  });

  it('prints every control of a framework as JSON, ids as the standard writes them', async () => {
    const { code, stdout } = await run(['frameworks', 'show', 'soc2', '--format', 'json']);
    expect(code).toBe(0);
    const shown = JSON.parse(stdout) as { id: string; controls: Control[] };
    const soc2 = shipped.find((f) => f.id === 'soc2')!;
    expect(shown.controls.map((c) => c.id)).toEqual(soc2.controls.map((c) => c.id));
    expect(shown.controls.map((c) => c.id)).toContain('CC6.1');
  });

  it('prints a table of id, automation, number of rules and title', async () => {
    const { code, stdout } = await run(['frameworks', 'show', 'pci-dss']);
    expect(code).toBe(0);
    const lines = stdout.split('\n');
    expect(lines[0]).toBe(
      `${pci.name} ${pci.version} (pci-dss): ${pci.controls.length} controls, ${new Set(pci.controls.flatMap((c) => c.rules.map((r) => r.rule))).size} rules`,
    );
    expect(lines[2]).toMatch(/^ID\s+AUTOMATION\s+EVIDENCE\s+SUPPORTING\s+TITLE$/);
    const control = pci.controls.find((c) => c.id === '8.3.6')!;
    const row = lines.find((l) => l.startsWith('8.3.6 '))!;
    expect(row.split(/\s{2,}/)).toEqual([
      '8.3.6',
      control.automation,
      String(control.rules.filter((r) => r.type !== 'supporting').length),
      String(control.rules.filter((r) => r.type === 'supporting').length),
      control.title,
    ]);
    expect(row.indexOf(control.automation)).toBe(lines[2]!.indexOf('AUTOMATION'));
  });

  it('prints one control in detail, with each rule and its reason', async () => {
    const { code, stdout } = await run(['frameworks', 'show', 'iso27001', '--control', '5.15']);
    expect(code).toBe(0);
    const control = loadFrameworks()
      .find((f) => f.id === 'iso27001')!
      .controls.find((c) => c.id === '5.15')!;
    expect(stdout).toContain(`title:      ${control.title}`);
    expect(stdout).toContain(`automation: ${control.automation}`);
    // 5.15 has a supporting mapping only: the reader is told it can never pass the control.
    expect(control.rules.some((r) => r.type === 'supporting')).toBe(true);
    for (const { rule, reason, type } of control.rules) {
      const role = type === 'supporting' ? ' (supporting: can fail the control, never pass it)' : '';
      expect(stdout).toContain(`  ${rule}${role}: ${reason}`);
    }
  });

  it('counts evidence and supporting rules apart in the control list', async () => {
    const { code, stdout } = await run(['frameworks', 'show', 'iso27001']);
    expect(code).toBe(0);
    const control = loadFrameworks([defaultFrameworkDir()])
      .find((f) => f.id === 'iso27001')!
      .controls.find((c) => c.id === '5.15')!;
    const supporting = control.rules.filter((m) => m.type === 'supporting').length;
    // 5.15 (access control) has supporting mappings only: the two counts must not be summed.
    expect(supporting).toBeGreaterThan(0);
    const row = stdout.split('\n').find((l) => l.startsWith('5.15 '))!;
    expect(row.split(/\s{2,}/).slice(2, 4)).toEqual([String(control.rules.length - supporting), String(supporting)]);
  });

  it('shows a user framework from --frameworks-dir', async () => {
    const dir = frameworksDir({ 'internal.yaml': INTERNAL });
    const { code, stdout } = await run([
      'frameworks',
      'show',
      'internal-baseline',
      '--control',
      'ACME-GOV-1',
      '--frameworks-dir',
      dir,
      '--format',
      'json',
    ]);
    expect(code).toBe(0);
    expect(JSON.parse(stdout).controls).toEqual([
      {
        id: 'ACME-GOV-1',
        title: 'Cloud accounts have a named owner',
        section: 'Governance',
        automation: 'manual',
        rules: [],
      },
    ]);
  });

  it('exits 2 listing the known framework ids for an unknown framework', async () => {
    const { code, stdout, stderr } = await run(['frameworks', 'show', 'hipaa']);
    expect(code).toBe(2);
    expect(stdout).toBe('');
    expect(stderr).toBe(`error: unknown framework 'hipaa'; known: ${shipped.map((f) => f.id).join(', ')}\n`);
  });

  it('exits 2 listing the known control ids for an unknown control', async () => {
    const { code, stderr } = await run(['frameworks', 'show', 'pci-dss', '--control', '99.1.1']);
    expect(code).toBe(2);
    expect(stderr).toBe(
      `error: framework 'pci-dss' has no control '99.1.1'; known: ${pci.controls.map((c) => c.id).join(', ')}\n`,
    );
  });

  it('finds a control typed in another case', async () => {
    const { code, stdout } = await run(['frameworks', 'show', 'soc2', '--control', 'cc6.1', '--format', 'json']);
    expect(code).toBe(0);
    expect(JSON.parse(stdout).controls[0].id).toBe('CC6.1');
  });

  it('exits 2 on a missing framework argument or an unknown format', async () => {
    expect((await run(['frameworks', 'show'])).code).toBe(2);
    expect((await run(['frameworks', 'list', '--format', 'sarif'])).code).toBe(2);
  });
});
