// The JSON file scripts/collect-windows.ps1 writes: one Windows host's secedit export, auditpol
// CSV, firewall profiles, SMBv1/RDP/NLA settings and local Administrators. Validated by shape;
// a section the script could not read is listed in its `errors`.
export interface WindowsExport {
  computerName: string;
  collectedAt?: string;
  os?: { caption?: string; version?: string; build?: string };
  secedit?: string;
  auditpol?: string;
  firewallProfiles?: { name: string; enabled: boolean; defaultInboundAction: string }[];
  smb1Enabled?: boolean;
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
      typeof p.enabled !== 'boolean' ||
      typeof p.defaultInboundAction !== 'string'
    ) {
      throw new WindowsExportError(`firewallProfiles[${i}] needs name, enabled and defaultInboundAction`);
    }
    return { name: p.name, enabled: p.enabled, defaultInboundAction: p.defaultInboundAction };
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
