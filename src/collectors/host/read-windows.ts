// Windows hosts from files: the JSON export of scripts/collect-windows.ps1, or a raw secedit INF
// or auditpol /r CSV on its own (UTF-16 or UTF-8). Each file is one host; what a file lacks or
// cannot be read in it is a gap naming the file (and line).
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { HostOsProps } from '../../model/kinds.ts';
import type { Gap, Resource } from '../../model/resource.ts';
import { parseAuditpolCsv } from '../../providers/windows/auditpol.ts';
import { parseWindowsExport, type WindowsExport, WindowsExportError } from '../../providers/windows/export.ts';
import { registrySettings } from '../../providers/windows/hardening.ts';
import { parseSeceditInf, passwordPolicyFromInf, privilegeRights } from '../../providers/windows/secedit.ts';
import { decodeWindowsText } from '../../providers/windows/text.ts';
import type { HostReading } from './read-linux.ts';

type AuditValue = NonNullable<NonNullable<HostOsProps['windows']>['auditPolicyByGuid']>[string];
type Profile = NonNullable<NonNullable<HostOsProps['windows']>['firewallProfiles']>[number];

/** What the export script ran for each section, and the right it needs: for the gap when it failed. */
const SECTION_SOURCES: Record<string, { command: string; permission: string; kinds: Gap['kinds'] }> = {
  secedit: {
    command: 'secedit /export /areas SECURITYPOLICY USER_RIGHTS',
    permission: 'administrator (elevated PowerShell)',
    kinds: ['identity.password_policy', 'host.os'],
  },
  auditpol: {
    command: 'auditpol /get /category:* /r',
    permission: 'administrator, or the "Manage auditing and security log" right',
    kinds: ['host.os'],
  },
  firewallProfiles: {
    command: 'Get-NetFirewallProfile -PolicyStore ActiveStore',
    permission: 'administrator (elevated PowerShell)',
    kinds: ['host.os'],
  },
  smb1Enabled: {
    command: 'Get-SmbServerConfiguration',
    permission: 'administrator (elevated PowerShell)',
    kinds: ['host.os'],
  },
  registry: {
    command: 'reg query (RDP and SMBv1 client values)',
    permission: 'read access to HKLM (elevated PowerShell)',
    kinds: ['host.os'],
  },
  localAdministrators: {
    command: 'Get-LocalGroupMember -SID S-1-5-32-544',
    permission: 'administrator (elevated PowerShell)',
    kinds: ['host.os'],
  },
  os: { command: 'Get-CimInstance Win32_OperatingSystem', permission: 'WMI read access', kinds: ['host.os'] },
};

const PROFILES = ['Domain', 'Private', 'Public'];

/** Profiles with Enabled as printed ("True", "False") read as booleans; any other value is unknown. */
function firewallProfiles(
  profiles: NonNullable<WindowsExport['firewallProfiles']>,
  unknown: (message: string) => void,
): Profile[] {
  const out: Profile[] = [];
  for (const p of profiles) {
    const enabled =
      typeof p.enabled === 'boolean'
        ? p.enabled
        : /^true$/i.test(p.enabled)
          ? true
          : /^false$/i.test(p.enabled)
            ? false
            : undefined;
    if (enabled === undefined) {
      unknown(
        `firewall profile ${p.name}: Enabled is "${p.enabled}", neither True nor False; the profile is not judged`,
      );
      continue;
    }
    out.push({ name: p.name, enabled, defaultInboundAction: p.defaultInboundAction });
  }
  return out;
}

/** Deny when all three profiles are on and block inbound; allow when one is off or allows; else unknown. */
function windowsInputAction(profiles: Profile[]): 'allow' | 'deny' | undefined {
  if (profiles.some((p) => !p.enabled || /^allow$/i.test(p.defaultInboundAction))) return 'allow';
  const blocking = PROFILES.every((name) =>
    profiles.some((p) => p.name.toLowerCase() === name.toLowerCase() && /^block$/i.test(p.defaultInboundAction)),
  );
  return blocking ? 'deny' : undefined;
}

type Detected = { kind: 'export'; data: WindowsExport } | { kind: 'inf'; text: string } | { kind: 'csv'; text: string };

function detect(text: string, file: string): Detected {
  const start = text.trimStart();
  if (start.startsWith('{')) {
    try {
      return { kind: 'export', data: parseWindowsExport(start) };
    } catch (error) {
      if (error instanceof WindowsExportError) throw new Error(`${file}: ${error.message}`);
      throw error;
    }
  }
  if (/^\[(Unicode|System Access|Privilege Rights|Event Audit|Version)\]/m.test(start))
    return { kind: 'inf', text: start };
  if (/Subcategory/.test(start.split(/\r?\n/)[0] ?? '')) return { kind: 'csv', text: start };
  throw new Error(`${file}: neither an assay Windows export (JSON), a secedit INF nor an auditpol /r CSV`);
}

export function readWindowsFile(file: string, display: string, sourceId: string): HostReading {
  const gaps: Gap[] = [];
  const detected = detect(decodeWindowsText(readFileSync(file)), display);
  const host = detected.kind === 'export' ? detected.data.computerName : path.basename(file).replace(/\.[^.]+$/, '');
  const base = (kind: Resource['kind'], id: string, name: string, nativeType: string) => ({
    uid: `windows:${host}:${id}`,
    kind,
    provider: 'windows' as const,
    nativeType,
    name,
    location: { host, file: display },
    sourceId,
  });
  const problems = (what: string, list: { line: number; message: string }[], kinds: Gap['kinds']) => {
    for (const p of list.slice(0, 20)) {
      gaps.push({
        reason: 'parse-error',
        message: `${display}: ${what} line ${p.line}: ${p.message}`,
        file: display,
        line: p.line,
        endpoint: host,
        kinds,
      });
    }
  };
  const missing = (section: string, kinds: Gap['kinds'], why = 'not in the export') =>
    gaps.push({ reason: 'unreadable', message: `${display}: ${section} ${why}`, file: display, endpoint: host, kinds });

  const data: WindowsExport =
    detected.kind === 'export'
      ? detected.data
      : detected.kind === 'inf'
        ? { computerName: host, secedit: detected.text }
        : { computerName: host, auditpol: detected.text };
  for (const error of data.errors ?? []) {
    const source = SECTION_SOURCES[error.section];
    const denied = /access (is )?denied|requires elevation|administrator|privilege/i.test(error.message);
    gaps.push({
      reason: denied ? 'permission-denied' : 'unreadable',
      message: `${display}: ${source ? `${source.command} (section ${error.section})` : error.section} failed on the host: ${error.message}`,
      file: display,
      endpoint: host,
      ...(source && denied ? { permission: source.permission } : {}),
      ...(source ? { kinds: source.kinds } : {}),
    });
  }
  const failed = new Set((data.errors ?? []).map((e) => e.section));

  const resources: Resource[] = [];
  const windows: NonNullable<HostOsProps['windows']> = {};
  if (data.secedit !== undefined) {
    const inf = parseSeceditInf(data.secedit);
    problems('secedit', inf.problems, ['identity.password_policy']);
    const policy = passwordPolicyFromInf(inf);
    problems('secedit', policy.problems, ['identity.password_policy']);
    if (inf.sections.has('System Access')) {
      resources.push({
        ...base('identity.password_policy', 'password-policy', `${host} local security policy`, 'secedit'),
        props: policy.props,
      });
    } else missing('secedit [System Access]', ['identity.password_policy'], 'is missing');
    if (inf.sections.has('Privilege Rights')) windows.privilegeRights = privilegeRights(inf);
  } else if (detected.kind === 'export' && !failed.has('secedit')) missing('secedit', ['identity.password_policy']);

  if (data.auditpol !== undefined) {
    const audit = parseAuditpolCsv(data.auditpol);
    problems('auditpol', audit.problems, ['host.os']);
    windows.auditPolicy = Object.fromEntries(audit.settings.map((s) => [s.subcategory, s.setting]));
    windows.auditPolicyByGuid = Object.fromEntries(
      audit.settings.filter((s) => s.guid !== '').map((s) => [s.guid.toUpperCase(), s.setting as AuditValue]),
    );
  } else if (detected.kind === 'export' && !failed.has('auditpol')) missing('auditpol', ['host.os']);

  const os: HostOsProps = { family: 'windows' };
  if (detected.kind === 'export') {
    if (data.smb1Enabled !== undefined) windows.smb1Enabled = data.smb1Enabled;
    else if (!failed.has('smb1Enabled')) missing('smb1Enabled (Get-SmbServerConfiguration)', ['host.os']);
    if (data.registry) {
      const registry = registrySettings(data.registry);
      Object.assign(windows, registry.settings);
      for (const p of registry.problems.slice(0, 20))
        gaps.push({
          reason: 'parse-error',
          message: `${display}: ${p.command} output line ${p.line}: ${p.message}`,
          file: display,
          endpoint: host,
          kinds: ['host.os'],
        });
      for (const u of registry.unknown)
        gaps.push({
          reason: u.denied ? 'permission-denied' : 'unreadable',
          message: `${display}: ${u.command}: ${u.message}; ${u.setting} is not known`,
          file: display,
          endpoint: host,
          ...(u.permission ? { permission: u.permission } : {}),
          kinds: ['host.os'],
        });
    } else {
      // Exports of an older collect-windows.ps1 carry RDP and NLA only.
      if (data.rdp?.enabled !== undefined) windows.rdpEnabled = data.rdp.enabled;
      if (data.rdp?.nlaRequired !== undefined) windows.nlaRequired = data.rdp.nlaRequired;
      if (!failed.has('registry'))
        missing(
          'registry (reg query of the RDP and SMBv1 client settings)',
          ['host.os'],
          'not in the export (an older collect-windows.ps1?)',
        );
    }
    if (data.localAdministrators) windows.localAdministrators = data.localAdministrators.map((a) => a.name);
    if (data.firewallProfiles) {
      windows.firewallProfiles = firewallProfiles(data.firewallProfiles, (message) =>
        gaps.push({
          reason: 'unreadable',
          message: `${display}: ${message}`,
          file: display,
          endpoint: host,
          kinds: ['host.os'],
        }),
      );
      const action = windowsInputAction(windows.firewallProfiles);
      if (action) os.firewall = { defaultInputAction: action };
    } else if (!failed.has('firewallProfiles')) missing('firewallProfiles (Get-NetFirewallProfile)', ['host.os']);
  }
  if (data.os?.caption) os.name = data.os.caption;
  if (data.os?.version) os.version = data.os.version;
  if (Object.keys(windows).length > 0) os.windows = windows;
  resources.push({ ...base('host.os', 'os', host, 'windows-host'), props: os });
  return { resources, gaps, commands: [`read ${display}`] };
}
