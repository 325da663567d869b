// The JSON file scripts/collect-windows.ps1 writes: one Windows host's secedit export, auditpol
// CSV, firewall profiles, SMBv1 server setting, `reg query` outputs (RDP, SMBv1 client), and
// local Administrators. Validated by shape; a section the script could not read is listed in its
// `errors`, a registry read that failed keeps reg's error text and exit code.
export interface WindowsExport {
  computerName: string;
  collectedAt?: string;
  os?: { caption?: string; version?: string; build?: string };
  secedit?: string;
  auditpol?: string;
  /** Get-NetFirewallProfile: Enabled as a boolean or as printed ("True", "False", "NotConfigured"). */
  firewallProfiles?: { name: string; enabled: boolean | string; defaultInboundAction: string }[];
  smb1Enabled?: boolean;
  /** One `reg query "KEY" /v NAME` each: its exit code and output (stdout and stderr). */
  registry?: { key: string; name: string; exitCode: number; output: string }[];
  rdp?: { enabled?: boolean; nlaRequired?: boolean };
  localAdministrators?: { name: string; objectClass?: string; principalSource?: string }[];
  errors?: { section: string; message: string }[];
}

export class WindowsExportError extends Error {}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const optional = (v: unknown, type: string) => v === undefined || v === null || typeof v === type;

/** PowerShell serialises a one-element array as the element itself: accept both. */
const list = (v: unknown): unknown[] => (v === undefined || v === null ? [] : Array.isArray(v) ? v : [v]);

export function parseWindowsExport(text: string): WindowsExport {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (error) {
    throw new WindowsExportError(`not JSON: ${(error as Error).message}`);
  }
  if (!isObject(data) || data.schema !== 'assay.windows-export/v1') {
    throw new WindowsExportError('not an assay Windows export (schema "assay.windows-export/v1")');
  }
  if (typeof data.computerName !== 'string' || data.computerName === '')
    throw new WindowsExportError('computerName is missing');
  for (const key of ['secedit', 'auditpol', 'collectedAt']) {
    if (!optional(data[key], 'string')) throw new WindowsExportError(`${key} must be a string`);
  }
  if (!optional(data.smb1Enabled, 'boolean')) throw new WindowsExportError('smb1Enabled must be true or false');
  const profiles = list(data.firewallProfiles).map((p, i) => {
    if (
      !isObject(p) ||
      typeof p.name !== 'string' ||
      (typeof p.enabled !== 'boolean' && typeof p.enabled !== 'string') ||
      typeof p.defaultInboundAction !== 'string'
    ) {
      throw new WindowsExportError(`firewallProfiles[${i}] needs name, enabled and defaultInboundAction`);
    }
    return { name: p.name, enabled: p.enabled, defaultInboundAction: p.defaultInboundAction };
  });
  const registry = list(data.registry).map((r, i) => {
    if (
      !isObject(r) ||
      typeof r.key !== 'string' ||
      typeof r.name !== 'string' ||
      typeof r.exitCode !== 'number' ||
      typeof r.output !== 'string'
    ) {
      throw new WindowsExportError(`registry[${i}] needs key, name, exitCode and output`);
    }
    return { key: r.key, name: r.name, exitCode: r.exitCode, output: r.output };
  });
  const admins = list(data.localAdministrators).map((a, i) => {
    if (!isObject(a) || typeof a.name !== 'string')
      throw new WindowsExportError(`localAdministrators[${i}] needs a name`);
    return {
      name: a.name,
      ...(typeof a.objectClass === 'string' ? { objectClass: a.objectClass } : {}),
      ...(typeof a.principalSource === 'string' ? { principalSource: a.principalSource } : {}),
    };
  });
  const rdp = isObject(data.rdp) ? data.rdp : undefined;
  const os = isObject(data.os) ? data.os : undefined;
  const str = (v: unknown) => (typeof v === 'string' ? v : undefined);
  return {
    computerName: data.computerName,
    collectedAt: str(data.collectedAt),
    ...(os ? { os: { caption: str(os.caption), version: str(os.version), build: str(os.build) } } : {}),
    secedit: str(data.secedit),
    auditpol: str(data.auditpol),
    ...(data.firewallProfiles === undefined || data.firewallProfiles === null ? {} : { firewallProfiles: profiles }),
    ...(typeof data.smb1Enabled === 'boolean' ? { smb1Enabled: data.smb1Enabled } : {}),
    ...(data.registry === undefined || data.registry === null ? {} : { registry }),
    ...(rdp
      ? {
          rdp: {
            ...(typeof rdp.enabled === 'boolean' ? { enabled: rdp.enabled } : {}),
            ...(typeof rdp.nlaRequired === 'boolean' ? { nlaRequired: rdp.nlaRequired } : {}),
          },
        }
      : {}),
    ...(data.localAdministrators === undefined || data.localAdministrators === null
      ? {}
      : { localAdministrators: admins }),
    errors: list(data.errors)
      .filter(isObject)
      .map((e) => ({ section: String(e.section ?? ''), message: String(e.message ?? '') })),
  };
}
