// The README's Active Directory commands end to end against the Samba domain controller:
// `assay collect ad … --output snapshot.json`, then `assay evaluate snapshot.json`.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Snapshot } from '../../src/model/resource.ts';
import type { Results } from '../../src/model/results.ts';
import { validateSnapshot } from '../../src/model/validate.ts';
import { runCli } from '../cli/run-cli.ts';
import type { Dc } from './samba-dc.ts';
import { dcTestsDisabled, sharedSambaDc } from './shared-dc.ts';

const disabled = await dcTestsDisabled();

describe.skipIf(disabled)('assay collect ad against a Samba domain controller', () => {
  let dc: Dc;
  let dir: string;
  let passwordFile: string;

  beforeAll(async () => {
    dc = await sharedSambaDc();
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'assay-ad-cli-'));
    passwordFile = path.join(dir, 'password');
    fs.writeFileSync(passwordFile, `${dc.password}\n`, { mode: 0o600 });
  }, 300_000);

  afterAll(() => {
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
  });

  const collectArgs = (output: string) => [
    'collect',
    'ad',
    '--url',
    dc.url,
    '--bind-dn',
    dc.bindDn,
    '--ca-file',
    dc.caFile,
    '--output',
    output,
  ];

  it('collects with --password-file, then evaluate reports findings and control evidence', async () => {
    const output = path.join(dir, 'snapshot.json');
    const collected = await runCli([...collectArgs(output), '--password-file', passwordFile]);
    expect(collected.stderr).toMatch(/wrote .*snapshot\.json: \d+ resources/);
    expect(collected.code, collected.stderr).toBe(0);
    const text = fs.readFileSync(output, 'utf8');
    expect(text).not.toContain(dc.password);
    expect(collected.stdout + collected.stderr).not.toContain(dc.password);
    const snapshot = JSON.parse(text) as Snapshot;
    expect(validateSnapshot(snapshot)).toEqual([]);
    expect(snapshot.sources[0]?.status).toBe('ok');

    const evaluated = await runCli(['evaluate', output, '--format', 'json']);
    expect(evaluated.code).toBe(1);
    const results = JSON.parse(evaluated.stdout) as Results;
    const rulesWithFindings = new Set(results.findings.map((f) => f.ruleId));
    for (const rule of [
      'identity.password_min_length',
      'identity.account_lockout',
      'identity.kerberos_preauth_required',
      'identity.krbtgt_password_age',
      'identity.privileged_group_hygiene',
    ]) {
      expect(rulesWithFindings.has(rule), rule).toBe(true);
    }
    const iso = results.frameworks.find((f) => f.id.startsWith('iso'));
    expect(iso?.controls.find((c) => c.id === '5.17')?.status).toBe('fail');
  });

  it('collects with --password-env and over ldap:// upgraded with --starttls', async () => {
    const output = path.join(dir, 'starttls.json');
    process.env.ASSAY_TEST_AD_PASSWORD = dc.password;
    try {
      const args = collectArgs(output);
      args[3] = `ldap://${dc.host}:389`;
      const { code, stderr } = await runCli([...args, '--starttls', '--password-env', 'ASSAY_TEST_AD_PASSWORD']);
      expect(stderr).not.toContain(dc.password);
      expect(code, stderr).toBe(0);
    } finally {
      delete process.env.ASSAY_TEST_AD_PASSWORD;
    }
    const snapshot = JSON.parse(fs.readFileSync(output, 'utf8')) as Snapshot;
    expect(snapshot.resources.filter((r) => r.kind === 'identity.user').length).toBe(
      dc.seed.counts.users + dc.seed.counts.computers,
    );
  });

  it('refuses the password as an argument, and exits 2 with a clear message on a wrong one', async () => {
    const refused = await runCli([...collectArgs(path.join(dir, 'no.json')), '--password', dc.password]);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain('--password is not accepted');
    expect(refused.stderr).not.toContain(dc.password);

    const wrongFile = path.join(dir, 'wrong');
    fs.writeFileSync(wrongFile, 'Not-The-Password-1!\n');
    const wrong = await runCli([...collectArgs(path.join(dir, 'wrong.json')), '--password-file', wrongFile]);
    expect(wrong.code).toBe(2);
    expect(wrong.stderr).toMatch(/invalid credentials/i);
    expect(wrong.stderr).not.toContain('Not-The-Password-1!');
    expect(fs.existsSync(path.join(dir, 'wrong.json'))).toBe(false);
  });

  it('fails certificate verification without the CA file, and warns loudly when it is switched off', async () => {
    const args = collectArgs(path.join(dir, 'noca.json')).filter((a) => a !== '--ca-file' && a !== dc.caFile);
    const unverified = await runCli([...args, '--password-file', passwordFile]);
    expect(unverified.code).toBe(2);
    expect(fs.existsSync(path.join(dir, 'noca.json'))).toBe(false);

    const insecure = await runCli([...args, '--password-file', passwordFile, '--insecure-skip-verify']);
    expect(insecure.stderr).toMatch(/WARNING: --insecure-skip-verify/);
    expect(insecure.code).toBe(0);
  });

  it('writes a partial snapshot and exits 2 when the account cannot read everything', async () => {
    const output = path.join(dir, 'limited.json');
    const limitedFile = path.join(dir, 'limited-password');
    fs.writeFileSync(limitedFile, dc.limitedPassword, { mode: 0o600 });
    const args = collectArgs(output);
    args[5] = dc.limitedBindDn;
    const { code, stderr } = await runCli([...args, '--password-file', limitedFile]);
    expect(code).toBe(2);
    expect(stderr).toMatch(/gap: .*permission-denied/);
    const snapshot = JSON.parse(fs.readFileSync(output, 'utf8')) as Snapshot;
    expect(snapshot.sources[0]?.status).toBe('partial');
    expect(snapshot.sources[0]?.gaps.length).toBeGreaterThan(0);
  });
});
