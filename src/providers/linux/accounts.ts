// Local accounts from /etc/passwd and a summary of /etc/shadow. The shadow summary is produced on
// the host by SHADOW_SUMMARY_AWK, so password hashes never leave it: only whether the password
// field is empty, locked (`!`/`*`) or set, and the ageing fields 3-8.
import type { ParsedLines } from './sshd.ts';

/** Prints `name:state:lastchg:min:max:warn:inactive:expire` per shadow line; state is empty|locked|set. */
export const SHADOW_SUMMARY_AWK =
  'BEGIN { FS = ":"; OFS = ":" } { s = "set"; if ($2 == "") s = "empty"; else if ($2 ~ /^[!*]/) s = "locked"; print $1, s, $3, $4, $5, $6, $7, $8 }';

export interface PasswdEntry {
  name: string;
  uid: number;
  gid: number;
  home: string;
  shell: string;
  line: number;
}

export function parsePasswd(text: string): ParsedLines<PasswdEntry[]> {
  const entries: PasswdEntry[] = [];
  const problems: ParsedLines<unknown>['problems'] = [];
  text.split(/\r?\n/).forEach((line, index) => {
    if (line.trim() === '' || line.startsWith('#')) return;
    const fields = line.split(':');
    if (fields.length !== 7 || !/^\d+$/.test(fields[2]!) || !/^\d+$/.test(fields[3]!)) {
      problems.push({ line: index + 1, message: 'not a passwd entry (7 fields, numeric uid and gid)' });
      return;
    }
    entries.push({
      name: fields[0]!,
      uid: Number(fields[2]),
      gid: Number(fields[3]),
      home: fields[5]!,
      shell: fields[6]!,
      line: index + 1,
    });
  });
  return { value: entries, problems };
}

export interface ShadowSummary {
  name: string;
  password: 'empty' | 'locked' | 'set';
  /** Days since 1970-01-01 of the last change; 0 means "change at next logon". */
  lastChangeDay?: number;
  minDays?: number;
  maxDays?: number;
  expireDay?: number;
}

const days = (field: string | undefined) => (field !== undefined && /^\d+$/.test(field) ? Number(field) : undefined);

export function parseShadowSummary(text: string): ParsedLines<ShadowSummary[]> {
  const entries: ShadowSummary[] = [];
  const problems: ParsedLines<unknown>['problems'] = [];
  text.split(/\r?\n/).forEach((line, index) => {
    if (line.trim() === '') return;
    const fields = line.split(':');
    const state = fields[1];
    if (fields.length !== 8 || (state !== 'empty' && state !== 'locked' && state !== 'set')) {
      problems.push({ line: index + 1, message: 'not a shadow summary line' });
      return;
    }
    entries.push({
      name: fields[0]!,
      password: state,
      lastChangeDay: days(fields[2]),
      minDays: days(fields[3]),
      maxDays: days(fields[4]),
      expireDay: days(fields[7]),
    });
  });
  return { value: entries, problems };
}

/** Shells that allow no interactive logon. */
export const NO_LOGIN_SHELLS = new Set(['/usr/sbin/nologin', '/sbin/nologin', '/bin/false', '/usr/bin/false', '']);
