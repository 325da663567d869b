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
import { REGISTRY_READS, registrySettings } from '../../../src/providers/windows/hardening.ts';
import { parseRegQuery } from '../../../src/providers/windows/reg-query.ts';
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
        // mrxsmb10 is not installed: reg cannot find the key.
        smb1ClientEnabled: false,
        rdpEnabled: true,
        // Group Policy's values win over RDP-Tcp's UserAuthentication 0, SecurityLayer 1, level 2.
        nlaRequired: true,
        rdpSecurityLayer: 'tls',
        rdpMinEncryptionLevel: 'high',
        localAdministrators: ['WS2022-01\\Administrator'],
      },
    });
    const props = os.props as { windows: { auditPolicyByGuid: Record<string, string> } };
    expect(Object.keys(props.windows.auditPolicyByGuid)).toHaveLength(59);
    expect(props.windows.auditPolicyByGuid['{0CCE9215-69AE-11D9-BED3-505054503030}']).toBe('Success and Failure');
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
      expect.objectContaining({ reason: 'parse-error', file: fixture('export-ws2022.json'), line: 61 }),
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

describe('reg query output', () => {
  const key = 'HKEY_LOCAL_MACHINE\\SYSTEM\\CurrentControlSet\\Control\\Terminal Server\\WinStations\\RDP-Tcp';
  it('reads DWORDs as numbers, other types as printed, and the ERROR line of a failed query', () => {
    const out = `\r\n${key}\r\n    UserAuthentication    REG_DWORD    0x1\r\n    Display Name    REG_SZ    Remote Desktop\r\n    Password    REG_SZ    \r\n`;
    expect(parseRegQuery(out)).toEqual({
      values: [
        { key, name: 'UserAuthentication', type: 'REG_DWORD', data: 1, line: 3 },
        { key, name: 'Display Name', type: 'REG_SZ', data: 'Remote Desktop', line: 4 },
        { key, name: 'Password', type: 'REG_SZ', data: '', line: 5 },
      ],
      problems: [],
    });
    expect(parseRegQuery('ERROR: Access is denied.')).toEqual({ values: [], error: 'Access is denied.', problems: [] });
  });

  it('reports a value before the key line, a DWORD that is not hexadecimal and a line of neither shape', () => {
    const out = `    Orphan    REG_DWORD    0x1\r\n${key}\r\n    SecurityLayer    REG_DWORD    two\r\nSecurityLayer = 2\r\n`;
    expect(parseRegQuery(out).problems).toEqual([
      { line: 1, message: 'a value before any HKEY_ key line' },
      { line: 3, message: 'SecurityLayer: REG_DWORD data is not a hexadecimal number: two' },
      { line: 4, message: 'not a "    NAME    REG_TYPE    DATA" line: SecurityLayer = 2' },
    ]);
  });
});

describe('RDP and SMBv1 client settings from the registry reads', () => {
  const found = (key: string, name: string, value: number) => ({
    key,
    name,
    exitCode: 0,
    output: `\r\n${key.replace('HKLM', 'HKEY_LOCAL_MACHINE')}\r\n    ${name}    REG_DWORD    0x${value.toString(16)}\r\n`,
  });
  const failed = (key: string, name: string, error: string) => ({ key, name, exitCode: 1, output: `ERROR: ${error}` });
  const notFound = 'The system was unable to find the specified registry key or value.';
  const [policyDeny, policyNla, policyLayer, policyLevel, localDeny, nla, layer, level, smb] = REGISTRY_READS;

  it('takes the Group Policy value over the local one, and a missing mrxsmb10 key as no SMBv1 client', () => {
    const entries = [
      failed(policyDeny.key, policyDeny.name, notFound),
      found(policyNla.key, policyNla.name, 1),
      failed(policyLayer.key, policyLayer.name, notFound),
      failed(policyLevel.key, policyLevel.name, notFound),
      found(localDeny.key, localDeny.name, 0),
      found(nla.key, nla.name, 0),
      found(layer.key, layer.name, 1),
      found(level.key, level.name, 4),
      failed(smb.key, smb.name, notFound),
    ];
    expect(registrySettings(entries)).toEqual({
      settings: {
        rdpEnabled: true,
        nlaRequired: true,
        rdpSecurityLayer: 'negotiate',
        rdpMinEncryptionLevel: 'fips',
        smb1ClientEnabled: false,
      },
      unknown: [],
      problems: [],
    });
  });

  it('leaves a setting unknown when its query was denied, is missing, unset or undocumented, naming query and right', () => {
    const entries = [
      failed(policyDeny.key, policyDeny.name, notFound),
      failed(policyNla.key, policyNla.name, 'Access is denied.'),
      failed(policyLayer.key, policyLayer.name, notFound),
      failed(policyLevel.key, policyLevel.name, notFound),
      failed(localDeny.key, localDeny.name, notFound),
      found(layer.key, layer.name, 7),
      { ...found(level.key, level.name, 3), output: 'garbage' },
      found(smb.key, smb.name, 4),
    ];
    const { settings, unknown } = registrySettings(entries);
    expect(settings).toEqual({ smb1ClientEnabled: false });
    expect(unknown).toEqual([
      expect.objectContaining({
        setting: 'rdpEnabled',
        message: 'fDenyTSConnections is set neither by Group Policy nor locally',
      }),
      {
        setting: 'nlaRequired',
        command: `reg query "${policyNla.key}" /v UserAuthentication`,
        message: 'Access is denied.',
        denied: true,
        permission: `read access to ${policyNla.key} (run collect-windows.ps1 as administrator)`,
      },
      expect.objectContaining({ setting: 'rdpSecurityLayer', message: 'SecurityLayer = 7 is not a documented value' }),
      expect.objectContaining({ setting: 'rdpMinEncryptionLevel', message: 'exit code 0, no value in the output' }),
    ]);
    // The RDP-Tcp UserAuthentication entry is not in the export at all: never reached, as the
    // denied Group Policy read already decided it is unknown.
    expect(registrySettings([]).unknown.map((u) => u.message)).toContain(
      'not in the export (an older collect-windows.ps1?)',
    );
  });
});

describe('a weak Windows Server 2016 export', () => {
  it('finds SMBv1, RDP without NLA over the RDP layer, firewall profiles that let traffic in, and audit gaps', async () => {
    const output = path.join(dir, 'legacy.json');
    const result = await runCli([
      'collect',
      'host',
      '--windows-export',
      fixture('export-ws2016-legacy.json'),
      '-o',
      output,
    ]);
    expect(result.code).toBe(2);
    const snapshot = JSON.parse(readFileSync(output, 'utf8')) as Snapshot;
    expect(validateSnapshot(snapshot)).toEqual([]);
    // secedit failed for want of rights; the Group Policy MinEncryptionLevel could not be read.
    expect(snapshot.sources[0]!.gaps).toEqual([
      expect.objectContaining({
        reason: 'permission-denied',
        message: expect.stringContaining('secedit /export /areas SECURITYPOLICY USER_RIGHTS (section secedit) failed'),
        permission: 'administrator (elevated PowerShell)',
      }),
      expect.objectContaining({
        reason: 'permission-denied',
        message: expect.stringContaining(
          '/v MinEncryptionLevel: Access is denied.; rdpMinEncryptionLevel is not known',
        ),
        permission: expect.stringContaining('read access to HKLM\\SOFTWARE\\Policies'),
      }),
    ]);
    const evaluated = JSON.parse((await runCli(['evaluate', output, '-f', 'json'])).stdout) as {
      findings: { ruleId: string; message: string; evidence: { property: string; value: unknown } }[];
    };
    const of = (rule: string) =>
      evaluated.findings
        .filter((f) => f.ruleId === rule)
        .map((f) => [f.evidence.property, f.evidence.value])
        .sort();
    expect(of('host.smb1_disabled')).toEqual([
      ['windows.smb1ClientEnabled', true],
      ['windows.smb1Enabled', true],
    ]);
    expect(of('host.rdp_nla_required')).toEqual([['windows.nlaRequired', false]]);
    expect(of('host.rdp_encryption')).toEqual([
      ['windows.rdpMinEncryptionLevel', null],
      ['windows.rdpSecurityLayer', 'rdp'],
    ]);
    expect(of('host.firewall_default_deny')).toEqual([
      ['windows.firewallProfiles.Domain.defaultInboundAction', 'NotConfigured'],
      ['windows.firewallProfiles.Public.defaultInboundAction', 'Allow'],
    ]);
    // Out of the box 2016 audits 9 of the 25 required subcategories as required.
    const audit = evaluated.findings.filter((f) => f.ruleId === 'host.windows_audit_policy');
    expect(audit).toHaveLength(16);
    expect(audit.map((f) => f.message)).toContain(
      'Windows host "WS2016-LEGACY" does not audit Success and Failure of Account Logon/Credential Validation (set: No Auditing)',
    );
  });

  it('reads the full auditpol /r output of all 59 subcategories on its own', () => {
    const { settings, problems } = parseAuditpolCsv(text('auditpol-ws2016-default.csv'));
    expect(problems).toEqual([]);
    expect(settings).toHaveLength(59);
    expect(new Set(settings.map((s) => s.guid)).size).toBe(59);
  });

  it('refuses a registry entry without its output, and reads an export of the older script (rdp object)', () => {
    expect(() =>
      parseWindowsExport('{"schema": "assay.windows-export/v1", "computerName": "x", "registry": [{"key": "HKLM"}]}'),
    ).toThrow('registry[0] needs key, name, exitCode and output');
    const old = parseWindowsExport(
      '{"schema": "assay.windows-export/v1", "computerName": "x", "rdp": {"enabled": true, "nlaRequired": false}, "firewallProfiles": [{"name": "Domain", "enabled": true, "defaultInboundAction": "Block"}]}',
    );
    expect(old.rdp).toEqual({ enabled: true, nlaRequired: false });
    expect(old.registry).toBeUndefined();
  });
});

describe('collect-windows.ps1', () => {
  it('queries exactly the registry values hardening.ts reads', () => {
    const script = readFileSync(path.resolve(import.meta.dirname, '../../../scripts/collect-windows.ps1'), 'utf8');
    const keys: Record<string, string> = {
      $policy: 'HKLM\\SOFTWARE\\Policies\\Microsoft\\Windows NT\\Terminal Services',
      $ts: 'HKLM\\SYSTEM\\CurrentControlSet\\Control\\Terminal Server',
      '"$ts\\WinStations\\RDP-Tcp"': 'HKLM\\SYSTEM\\CurrentControlSet\\Control\\Terminal Server\\WinStations\\RDP-Tcp',
    };
    const reads = [...script.matchAll(/@\(([^,()]+), '(\w+)'\)/g)].map(([, key, name]) => ({
      key: keys[key!.trim()] ?? key!.trim().replace(/^'(.*)'$/, '$1'),
      name,
    }));
    expect(reads).toEqual(REGISTRY_READS.map((r) => ({ key: r.key, name: r.name })));
  });
});
