// Secrets must not leave the process: the fixture folder holds a distinct sentinel secret in every
// place a secret once leaked from, the real CLI scans, collects and evaluates it with every output
// format, and no output file nor any stdout/stderr line may hold a sentinel or any 8-character
// piece of one. Each detection is also a finding, with only the masked value kept.
import { mkdtempSync, readdirSync, readFileSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Snapshot } from '../../src/model/resource.ts';
import type { Results } from '../../src/model/results.ts';
import { FORMAT_NAMES } from '../../src/reports/registry.ts';
import { runCli } from '../cli/run-cli.ts';

const FIXTURES = 'test/fixtures/redaction';

/** Where each sentinel sits, and the finding it must give (none for a value that is not a detection). */
const SENTINELS: { where: string; value: string; finding?: { file: string; line: number; detector: string } }[] = [
  {
    where: 'credentials in a Terraform module source URL',
    value: 'Ki9Cnfqe4y7fgnDRmSd8',
    finding: { file: 'tf/main.tf', line: 3, detector: 'url-credentials' },
  },
  {
    where: 'an unquoted token at an HCL syntax error',
    value: 'ghp_Zcv7iv5iQNVcA9XbFBtsXtkJgkmWihXAdR3i',
    finding: { file: 'tf/broken.tf', line: 3, detector: 'github-token' },
  },
  { where: 'the text at a JSON syntax error', value: 'RJ35hcfWoqAk2f3ME5oe' },
  {
    where: 'a Terraform tag',
    value: 'QQJSX42SskquxwX9Wmtq',
    finding: { file: 'tf/main.tf', line: 10, detector: 'secret-attribute' },
  },
  {
    where: 'a CloudFormation Key/Value tag',
    value: 'JT8QsqH9dHYQgG92GiuJ',
    finding: { file: 'cfn/stack.yaml', line: 14, detector: 'secret-attribute' },
  },
  {
    where: 'an ARM tag',
    value: 'BefQrL5LzoePpgLtFUQ2',
    finding: { file: 'arm/azuredeploy.json', line: 17, detector: 'secret-attribute' },
  },
  {
    where: 'a password in jsonencode({...})',
    value: 'iYjHAiVrswNTJusWpiPc',
    finding: { file: 'tf/main.tf', line: 17, detector: 'password-attribute' },
  },
  {
    where: 'one-line JSON in a Kubernetes annotation',
    value: 'DAoUnEvzL4pE9F5MUUdQ',
    finding: { file: 'k8s/deploy.yaml', line: 6, detector: 'password-attribute' },
  },
  {
    where: 'one-line JSON in a CloudFormation tag',
    value: '2hb2PUuHBvLHq82aJmWV',
    finding: { file: 'cfn/stack.yaml', line: 16, detector: 'password-attribute' },
  },
  { where: 'the password of --report-url', value: 'KWMt9KKyrgALDoJ3CfTb' },
  {
    where: 'a CloudFormation NoEcho parameter default (also referenced by a tag)',
    value: 'R27Zps9tUtXsMDJbvLxK',
    finding: { file: 'cfn/stack.yaml', line: 6, detector: 'noecho-parameter-default' },
  },
  {
    where: 'an ARM securestring parameter default',
    value: 'yWoKCU3F6Q7fc8GSoAiB',
    finding: { file: 'arm/azuredeploy.json', line: 7, detector: 'secure-parameter-default' },
  },
  {
    where: 'Password= inside a connection string',
    value: '68D6GpViL6kKhMBqcasu',
    finding: { file: 'tf/main.tf', line: 27, detector: 'password-attribute' },
  },
  {
    where: 'an EC2 user_data script',
    value: 'Uq7dK2pXz9WmR4tLb6Nc',
    finding: { file: 'tf/compute.tf', line: 6, detector: 'secret-attribute' },
  },
  {
    where: 'a base64-encoded user_data_base64 script',
    value: 'Fv3nQ8sLw1ZkT6yHr2Mj',
    finding: { file: 'tf/compute.tf', line: 13, detector: 'password-attribute' },
  },
  // The literal carries the secret as much as the secret itself.
  {
    where: 'the user_data_base64 literal',
    value: 'IyEvYmluL2Jhc2gKZXhwb3J0IERCX1BBU1NXT1JEPSJGdjNuUThzTHcxWmtUNnlIcjJNaiIK',
  },
  {
    where: 'custom_data = base64encode("...")',
    value: 'Hs4kVq9mTz2xLw7nPc5R',
    finding: { file: 'tf/compute.tf', line: 19, detector: 'password-attribute' },
  },
  // What base64encode makes of it, should the evaluated value reach an output.
  {
    where: 'the base64 that custom_data evaluates to',
    value: 'IyEvYmluL2Jhc2gKZXhwb3J0IEFQSV9QQVNTV09SRD1IczRrVnE5bVR6MnhMdzduUGM1Ugo=',
  },
  {
    where: 'a Lambda environment variable',
    value: 'Gx5pW7mRt3NqZ8vLc1Kd',
    finding: { file: 'tf/compute.tf', line: 29, detector: 'secret-attribute' },
  },
  {
    where: 'a password in minified JSON',
    value: 'vEoYqiQ5u8YpMx7ywdao',
    finding: { file: 'other/minified.json', line: 1, detector: 'password-attribute' },
  },
];

const REPORT_URL = 'https://reporter:KWMt9KKyrgALDoJ3CfTb@reports.example.com/run/1';

function filesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const file = path.join(dir, name);
    return statSync(file).isDirectory() ? filesUnder(file) : [file];
  });
}

/** Every sentinel piece found in `text`, as "sentinel where: piece". */
function leaks(text: string): string[] {
  const found: string[] = [];
  for (const { where, value } of SENTINELS) {
    for (let i = 0; i + 8 <= value.length; i++) {
      if (text.includes(value.slice(i, i + 8))) {
        found.push(`${where}: ${value.slice(i, i + 8)}`);
        break;
      }
    }
  }
  return found;
}

describe('sentinel secrets in every place a secret once leaked from', async () => {
  const tmp = mkdtempSync(path.join(os.tmpdir(), 'assay-redaction-'));
  const scanDir = path.join(tmp, 'scan');
  const evaluateDir = path.join(tmp, 'evaluate');
  const snapshotFile = path.join(tmp, 'snapshot.json');
  const formats = FORMAT_NAMES.join(',');
  const outputs: Record<string, string> = {};
  const runs = {
    scan: await runCli(['scan', FIXTURES, '--output-dir', scanDir, '-f', formats, '--report-url', REPORT_URL]),
    table: await runCli(['scan', FIXTURES, '--report-url', REPORT_URL]),
    markdown: await runCli(['scan', FIXTURES, '-f', 'markdown', '--report-url', REPORT_URL]),
    collect: await runCli(['collect', 'iac', FIXTURES, '-o', snapshotFile, '--progress']),
    evaluate: await runCli(['evaluate', snapshotFile, '--output-dir', evaluateDir, '-f', formats]),
  };
  for (const [name, run] of Object.entries(runs)) {
    outputs[`${name} stdout`] = run.stdout;
    outputs[`${name} stderr`] = run.stderr;
  }
  for (const file of [...filesUnder(scanDir), ...filesUnder(evaluateDir), snapshotFile]) {
    outputs[path.relative(tmp, file)] = readFileSync(file, 'utf8');
  }

  it('ran every command to the end (the malformed files make it exit 2)', () => {
    for (const run of Object.values(runs)) expect(run.code).toBe(2);
    const names = Object.keys(outputs);
    for (const format of ['results.json', 'results.sarif', 'report.html', 'report.md', 'findings.csv', 'junit.xml'])
      expect(names).toContain(`scan/${format}`);
    expect(names).toContain('scan/oscal-assessment-results.json');
    expect(names).toContain('scan/manifest.json');
    expect(names.some((n) => n.startsWith('scan/snapshots/'))).toBe(true);
    expect(runs.table.stdout).toContain('secrets.no_hardcoded_secrets');
    expect(runs.collect.stderr).toContain('gap:');
  });

  it('leaves no sentinel, nor any 8 characters of one, in any output', () => {
    const found = Object.entries(outputs).flatMap(([name, text]) => leaks(text).map((l) => `${name}: ${l}`));
    expect(found).toEqual([]);
  });

  it('keeps the outputs useful: where the secret was, the link without its password', () => {
    const module = runs.collect.stderr.split('\n').find((l) => l.includes('remote source'));
    expect(module).toContain('git::https://oauth2:***@github.com/acme/network.git');
    expect(outputs['scan/report.md']).toContain('https://reporter:***@reports.example.com/run/1');
    expect(runs.scan.stderr).toMatch(/tf\/broken\.tf:3:15: syntax error: unexpected a name/);
    expect(runs.scan.stderr).toMatch(/other\/settings\.json:3: unexpected '@' \(column 14\)/);
  });

  it('reports each detection as a finding at its line, with only the masked value in the snapshot', () => {
    const results = JSON.parse(outputs['scan/results.json'] as string) as Results;
    const findings = results.findings
      .filter((f) => f.ruleId === 'secrets.no_hardcoded_secrets')
      .map((f) => `${f.resource.location?.file}:${f.resource.location?.line} ${f.message}`);
    const snapshot = JSON.parse(readFileSync(snapshotFile, 'utf8')) as Snapshot;
    const secrets = snapshot.resources
      .filter((r) => r.kind === 'iac.file')
      .flatMap((r) =>
        (r.props as { secrets: { detector: string; line: number; masked: string }[] }).secrets.map(
          (s) => `${r.name}:${s.line} ${s.detector} ${s.masked}`,
        ),
      );
    for (const { where, value, finding } of SENTINELS) {
      if (!finding) continue;
      const at = `${FIXTURES}/${finding.file}:${finding.line}`;
      expect(
        findings.find((f) => f.startsWith(`${at} `) && f.includes(`(${finding.detector})`)),
        where,
      ).toBeDefined();
      expect(secrets, where).toContain(`${at} ${finding.detector} ${value.slice(0, 4)}****`);
    }
  });
});
