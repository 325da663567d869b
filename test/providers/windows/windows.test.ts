// The Windows parsers and the --windows-export path on realistic exports: secedit INF in UTF-16LE
// with a BOM (as secedit writes it), auditpol /r CSV, and the JSON of scripts/collect-windows.ps1
// (UTF-8 with a BOM, as PowerShell 5.1 writes it), including malformed lines.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { Snapshot } from '../../../src/model/resource.ts';
import { validateSnapshot } from '../../../src/model/validate.ts';
import { parseAuditpolCsv } from '../../../src/providers/windows/auditpol.ts';
import { parseWindowsExport } from '../../../src/providers/windows/export.ts';
import { parseSeceditInf, passwordPolicyFromInf, privilegeRights } from '../../../src/providers/windows/secedit.ts';
import { decodeWindowsText } from '../../../src/providers/windows/text.ts';
import { runCli } from '../../cli/run-cli.ts';

const fixtures = path.resolve(import.meta.dirname, '../../fixtures/host/windows');
const fixture = (name: string) => path.join(fixtures, name);
const text = (name: string) => decodeWindowsText(readFileSync(fixture(name)));
const dir = mkdtempSync(path.join(tmpdir(), 'assay-windows-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('decoding Windows text files', () => {
  it('reads UTF-16LE and UTF-16BE with a BOM, UTF-16LE without one, and UTF-8 with or without a BOM', () => {
    const sample = '[Unicode]\r\nUnicode=yes\r\n';
    expect(decodeWindowsText(Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(sample, 'utf16le')]))).toBe(sample);
    expect(decodeWindowsText(Buffer.concat([Buffer.from([0xfe, 0xff]), Buffer.from(sample, 'utf16le').swap16()]))).toBe(
      sample,
    );
    expect(decodeWindowsText(Buffer.from(sample, 'utf16le'))).toBe(sample);
    expect(decodeWindowsText(Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(sample)]))).toBe(sample);
    expect(decodeWindowsText(Buffer.from(sample))).toBe(sample);
    expect(text('secedit-ws2022.inf').startsWith('[Unicode]')).toBe(true);
  });
});

describe('secedit INF', () => {
  it('maps [System Access] to the password policy fields the AD rules read, and [Privilege Rights] to SIDs', () => {
    const inf = parseSeceditInf(text('secedit-ws2022.inf'));
    expect(inf.problems).toEqual([]);
    expect(passwordPolicyFromInf(inf)).toEqual({
      props: {
        scope: 'host',
        minLength: 7,
        historySize: 24,
        maxAgeDays: 42,
        minAgeDays: 1,
        complexity: true,
        lockoutThreshold: 0,
      },
      problems: [],
    });
    expect(privilegeRights(inf).SeRemoteInteractiveLogonRight).toEqual(['S-1-5-32-544', 'S-1-5-32-555']);
  });

  it('reports malformed lines and values with their line numbers and leaves those values absent', () => {
    const inf = parseSeceditInf(text('secedit-malformed.inf'));
    expect(inf.problems).toEqual([{ line: 21, message: 'not "Key = value": this line is broken' }]);
    const policy = passwordPolicyFromInf(inf);
    expect(policy.problems).toEqual([{ line: 8, message: 'PasswordHistorySize is not a number: twenty' }]);
    expect(policy.props.historySize).toBeUndefined();
    expect(policy.props).toMatchObject({
      minLength: 14,
      lockoutThreshold: 5,
      lockoutDurationMinutes: 30,
      lockoutObservationMinutes: 30,
    });
    expect(parseSeceditInf('MinimumPasswordLength = 8\n').problems).toEqual([
      { line: 1, message: 'a value before any [section]' },
    ]);
    // "until an administrator unlocks" (-1) and "never expires" (-1) become the model's 0.
    const never = parseSeceditInf(
      '[System Access]\nMaximumPasswordAge = -1\nLockoutBadCount = 3\nLockoutDuration = -1\n',
    );
    expect(passwordPolicyFromInf(never).props).toMatchObject({ maxAgeDays: 0, lockoutDurationMinutes: 0 });
  });
});

describe('auditpol /r CSV', () => {
  it('reads each subcategory and its setting', () => {
    const { settings, problems } = parseAuditpolCsv(text('auditpol-ws2022.csv'));
    expect(problems).toEqual([]);
    expect(settings).toHaveLength(9);
    expect(settings.find((s) => s.subcategory === 'Logon')).toEqual({
      subcategory: 'Logon',
      guid: '{0CCE9215-69AE-11D9-BED3-505054503030}',
      setting: 'Success and Failure',
    });
  });

  it('reports a short row or an unknown setting, and a file without the header', () => {
    const csv =
      'Machine Name,Policy Target,Subcategory,Subcategory GUID,Inclusion Setting,Exclusion Setting\nPC,System,Logon,{X},Sometimes,\nPC,System\n';
    expect(parseAuditpolCsv(csv).problems.map((p) => p.line)).toEqual([2, 3]);
    expect(parseAuditpolCsv('hello,world\n').problems).toEqual([
      { line: 1, message: 'not an auditpol /r header (Subcategory, Inclusion Setting)' },
    ]);
  });
});

describe('the export JSON', () => {
  it('accepts a single administrator serialised as an object, and refuses other files clearly', () => {
    const data = parseWindowsExport(text('export-ws2022.json'));
    expect(data.localAdministrators).toEqual([
      { name: 'WS2022-01\\Administrator', objectClass: 'User', principalSource: 'Local' },
    ]);
    expect(() => parseWindowsExport('{"computerName": "x"}')).toThrow('not an assay Windows export');
    expect(() =>
      parseWindowsExport(
        '{"schema": "assay.windows-export/v1", "computerName": "x", "firewallProfiles": [{"name": 1}]}',
      ),
    ).toThrow('firewallProfiles[0] needs name, enabled and defaultInboundAction');
    expect(() => parseWindowsExport('{oops')).toThrow('not JSON');
  });
});

describe('assay collect host --windows-export', () => {
  it('writes a valid snapshot per export, INF and CSV, that evaluate runs the password rules on', async () => {
    const output = path.join(dir, 'windows.json');
    const result = await runCli([
      'collect',
      'host',
      '--windows-export',
      fixture('export-ws2022.json'),
      '--windows-export',
      fixture('secedit-ws2022.inf'),
      '--windows-export',
      fixture('auditpol-ws2022.csv'),
      '-o',
      output,
    ]);
    const snapshot = JSON.parse(readFileSync(output, 'utf8')) as Snapshot;
    expect(validateSnapshot(snapshot)).toEqual([]);
    const os = snapshot.resources.find((r) => r.uid === 'windows:WS2022-01:os')!;
    expect(os.props).toMatchObject({
      family: 'windows',
      name: 'Microsoft Windows Server 2022 Standard',
      // The Public profile is off: inbound traffic is not denied by default everywhere.
      firewall: { defaultInputAction: 'allow' },
      windows: {
        smb1Enabled: false,
        rdpEnabled: true,
        nlaRequired: true,
        localAdministrators: ['WS2022-01\\Administrator'],
      },
    });
    const policies = snapshot.resources
      .filter((r) => r.kind === 'identity.password_policy')
      .map((r) => [r.name, r.props]);
    expect(policies).toEqual([
      ['secedit-ws2022 local security policy', expect.objectContaining({ minLength: 7, maxAgeDays: 42 })],
      ['WS2022-01 local security policy', expect.objectContaining({ minLength: 14, lockoutThreshold: 5 })],
    ]);
    // The malformed auditpol row is a gap naming the file and line; the collection is partial.
    const gaps = snapshot.sources[0]!.gaps;
    expect(gaps).toEqual([
      expect.objectContaining({ reason: 'parse-error', file: fixture('export-ws2022.json'), line: 11 }),
    ]);
    expect(result.code).toBe(2);

    const evaluated = JSON.parse((await runCli(['evaluate', output, '-f', 'json'])).stdout) as {
      findings: { ruleId: string; resource: { uid: string } }[];
    };
    const failing = (uid: string) =>
      evaluated.findings
        .filter((f) => f.resource.uid === uid)
        .map((f) => f.ruleId)
        .sort();
    expect(failing('windows:secedit-ws2022:password-policy')).toEqual([
      'identity.account_lockout',
      'identity.password_min_length',
    ]);
    expect(failing('windows:WS2022-01:password-policy')).toEqual([]);
  });

  it('records a file that is not an export as a gap naming it', async () => {
    const bad = path.join(dir, 'notes.txt');
    writeFileSync(bad, 'hello\n');
    const output = path.join(dir, 'bad.json');
    const result = await runCli(['collect', 'host', '--windows-export', bad, '-o', output]);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(
      `${bad}: neither an assay Windows export (JSON), a secedit INF nor an auditpol /r CSV`,
    );
  });
});
