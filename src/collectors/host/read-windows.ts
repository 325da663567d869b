// Windows hosts from files: the JSON export of scripts/collect-windows.ps1, or a raw secedit INF
// or auditpol /r CSV on its own (UTF-16 or UTF-8). Each file is one host; what a file lacks or
// cannot be read in it is a gap naming the file (and line).
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { HostOsProps } from '../../model/kinds.ts';
import type { Gap, Resource } from '../../model/resource.ts';
import { parseAuditpolCsv } from '../../providers/windows/auditpol.ts';
import { parseWindowsExport, type WindowsExport, WindowsExportError } from '../../providers/windows/export.ts';
import { parseSeceditInf, passwordPolicyFromInf, privilegeRights } from '../../providers/windows/secedit.ts';
import { decodeWindowsText } from '../../providers/windows/text.ts';
import type { HostReading } from './read-linux.ts';

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
  for (const error of data.errors ?? [])
    missing(error.section, undefined, `could not be read on the host: ${error.message}`);

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
  } else if (detected.kind === 'export') missing('secedit', ['identity.password_policy']);

  if (data.auditpol !== undefined) {
    const audit = parseAuditpolCsv(data.auditpol);
    problems('auditpol', audit.problems, ['host.os']);
    windows.auditPolicy = Object.fromEntries(audit.settings.map((s) => [s.subcategory, s.setting]));
  } else if (detected.kind === 'export') missing('auditpol', ['host.os']);

  if (detected.kind === 'export') {
    if (data.smb1Enabled !== undefined) windows.smb1Enabled = data.smb1Enabled;
    if (data.rdp?.enabled !== undefined) windows.rdpEnabled = data.rdp.enabled;
    if (data.rdp?.nlaRequired !== undefined) windows.nlaRequired = data.rdp.nlaRequired;
    if (data.localAdministrators) windows.localAdministrators = data.localAdministrators.map((a) => a.name);
    if (data.firewallProfiles) windows.firewallProfiles = data.firewallProfiles;
  }
  const os: HostOsProps = { family: 'windows' };
  if (data.os?.caption) os.name = data.os.caption;
  if (data.os?.version) os.version = data.os.version;
  const profiles = data.firewallProfiles;
  if (profiles && profiles.length > 0) {
    // Inbound traffic is denied by default only when every profile is on and blocks it.
    os.firewall = {
      defaultInputAction: profiles.every((p) => p.enabled && /^block$/i.test(p.defaultInboundAction))
        ? 'deny'
        : 'allow',
    };
  }
  if (Object.keys(windows).length > 0) os.windows = windows;
  resources.push({ ...base('host.os', 'os', host, 'windows-host'), props: os });
  return { resources, gaps, commands: [`read ${display}`] };
}
