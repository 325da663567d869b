// Remote Desktop and SMBv1 client settings from the `reg query` outputs of the Windows export.
// Group Policy values (under SOFTWARE\Policies) win over the local ones, as Windows applies them.
// A value no key holds is "not set"; a query that failed for another reason (access denied, a
// missing reg output) leaves the setting unknown and says which query and which right it needed.
import { isAccessDenied, isNotFound, parseRegQuery } from './reg-query.ts';

const TS_POLICY = 'HKLM\\SOFTWARE\\Policies\\Microsoft\\Windows NT\\Terminal Services';
const TS_LOCAL = 'HKLM\\SYSTEM\\CurrentControlSet\\Control\\Terminal Server';
const RDP_TCP = `${TS_LOCAL}\\WinStations\\RDP-Tcp`;
const MRXSMB10 = 'HKLM\\SYSTEM\\CurrentControlSet\\Services\\mrxsmb10';

/** Every value scripts/collect-windows.ps1 queries (keep the two lists the same). */
export const REGISTRY_READS = [
  { key: TS_POLICY, name: 'fDenyTSConnections' },
  { key: TS_POLICY, name: 'UserAuthentication' },
  { key: TS_POLICY, name: 'SecurityLayer' },
  { key: TS_POLICY, name: 'MinEncryptionLevel' },
  { key: TS_LOCAL, name: 'fDenyTSConnections' },
  { key: RDP_TCP, name: 'UserAuthentication' },
  { key: RDP_TCP, name: 'SecurityLayer' },
  { key: RDP_TCP, name: 'MinEncryptionLevel' },
  { key: MRXSMB10, name: 'Start' },
] as const;

export type RdpSecurityLayer = 'rdp' | 'negotiate' | 'tls';
export type RdpEncryptionLevel = 'low' | 'client-compatible' | 'high' | 'fips';

export interface RegistrySettings {
  rdpEnabled?: boolean;
  nlaRequired?: boolean;
  rdpSecurityLayer?: RdpSecurityLayer;
  rdpMinEncryptionLevel?: RdpEncryptionLevel;
  smb1ClientEnabled?: boolean;
}

export interface RegistryUnknown {
  setting: keyof RegistrySettings;
  /** The query to run, as a person would type it. */
  command: string;
  message: string;
  permission?: string;
  denied: boolean;
}

const SECURITY_LAYERS: Record<number, RdpSecurityLayer> = { 0: 'rdp', 1: 'negotiate', 2: 'tls' };
const ENCRYPTION_LEVELS: Record<number, RdpEncryptionLevel> = {
  1: 'low',
  2: 'client-compatible',
  3: 'high',
  4: 'fips',
};

type Entry = { key: string; name: string; exitCode: number; output: string };
type Answer = { value: number } | { absent: true } | { failed: string; denied: boolean };

const command = (key: string, name: string) => `reg query "${key}" /v ${name}`;

export function registrySettings(entries: Entry[]): {
  settings: RegistrySettings;
  unknown: RegistryUnknown[];
  problems: { command: string; line: number; message: string }[];
} {
  const problems: { command: string; line: number; message: string }[] = [];
  const answer = (key: string, name: string): Answer => {
    const entry = entries.find((e) => e.key.toLowerCase() === key.toLowerCase() && e.name === name);
    if (!entry) return { failed: 'not in the export (an older collect-windows.ps1?)', denied: false };
    const parsed = parseRegQuery(entry.output);
    for (const p of parsed.problems) problems.push({ command: command(key, name), ...p });
    const value = parsed.values.find((v) => v.name.toLowerCase() === name.toLowerCase());
    if (entry.exitCode === 0 && value) {
      if (typeof value.data === 'number') return { value: value.data };
      return { failed: `${name} is ${value.type}, not a number`, denied: false };
    }
    if (parsed.error !== undefined && isNotFound(parsed.error)) return { absent: true };
    const why = parsed.error ?? `exit code ${entry.exitCode}, no value in the output`;
    return { failed: why, denied: parsed.error !== undefined && isAccessDenied(parsed.error) };
  };

  const settings: RegistrySettings = {};
  const unknown: RegistryUnknown[] = [];
  const fail = (setting: keyof RegistrySettings, key: string, name: string, why: string, denied: boolean) =>
    unknown.push({
      setting,
      command: command(key, name),
      message: why,
      denied,
      ...(denied ? { permission: `read access to ${key} (run collect-windows.ps1 as administrator)` } : {}),
    });
  /** The Group Policy value if set there, else the local one; undefined after recording why. */
  const effective = (setting: keyof RegistrySettings, name: string, local: string): number | undefined => {
    for (const key of [TS_POLICY, local]) {
      const a = answer(key, name);
      if ('value' in a) return a.value;
      if ('failed' in a) {
        fail(setting, key, name, a.failed, a.denied);
        return undefined;
      }
    }
    fail(setting, local, name, `${name} is set neither by Group Policy nor locally`, false);
    return undefined;
  };
  /** An RDP-Tcp setting whose numbers stand for names; an undocumented number is unknown. */
  const named = <T>(setting: keyof RegistrySettings, name: string, table: Record<number, T>): T | undefined => {
    const value = effective(setting, name, RDP_TCP);
    if (value !== undefined && table[value] === undefined)
      fail(setting, RDP_TCP, name, `${name} = ${value} is not a documented value`, false);
    return value === undefined ? undefined : table[value];
  };

  const deny = effective('rdpEnabled', 'fDenyTSConnections', TS_LOCAL);
  if (deny !== undefined) settings.rdpEnabled = deny === 0;
  const nla = effective('nlaRequired', 'UserAuthentication', RDP_TCP);
  if (nla !== undefined) settings.nlaRequired = nla === 1;
  const layer = named('rdpSecurityLayer', 'SecurityLayer', SECURITY_LAYERS);
  if (layer) settings.rdpSecurityLayer = layer;
  const level = named('rdpMinEncryptionLevel', 'MinEncryptionLevel', ENCRYPTION_LEVELS);
  if (level) settings.rdpMinEncryptionLevel = level;

  // The SMBv1 client driver: Start 4 is disabled; without the service key it is not installed.
  const smb = answer(MRXSMB10, 'Start');
  if ('value' in smb) settings.smb1ClientEnabled = smb.value !== 4;
  else if ('absent' in smb) settings.smb1ClientEnabled = false;
  else fail('smb1ClientEnabled', MRXSMB10, 'Start', smb.failed, smb.denied);
  return { settings, unknown, problems };
}
