// The test domain's seed (test/fixtures/ad-dc/seed.yaml) and its translation into LDIF that
// ldbmodify writes straight into the stopped domain controller's database: thousands of
// accounts in seconds, and timestamps (pwdLastSet, lastLogonTimestamp) that LDAP would refuse.
import fs from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';

export const SEED_FILE = path.resolve(import.meta.dirname, '../fixtures/ad-dc/seed.yaml');

/** userAccountControl bits (MS-ADTS 2.2.16) the seed uses: written out again, not imported from the
 * collector, so a wrong bit there cannot make the seed agree with it. */
export const UAC = {
  ACCOUNTDISABLE: 0x2,
  PASSWD_NOTREQD: 0x20,
  ENCRYPTED_TEXT_PWD_ALLOWED: 0x80,
  NORMAL_ACCOUNT: 0x200,
  WORKSTATION_TRUST_ACCOUNT: 0x1000,
  SERVER_TRUST_ACCOUNT: 0x2000,
  DONT_EXPIRE_PASSWORD: 0x10000,
  TRUSTED_FOR_DELEGATION: 0x80000,
  DONT_REQ_PREAUTH: 0x400000,
} as const;
export type UacFlag = keyof typeof UAC;

export interface SeedAccount {
  name: string;
  flags?: UacFlag[];
  passwordAgeDays?: number;
  lastLogonDaysAgo?: number;
  servicePrincipalNames?: string[];
  adminCount?: number;
}

export interface SeedPso {
  name: string;
  precedence: number;
  minLength: number;
  historySize: number;
  maxAgeDays: number | 'never';
  minAgeDays: number;
  complexity: boolean;
  reversibleEncryption: boolean;
  lockoutThreshold: number;
  lockoutDurationMinutes: number;
  lockoutObservationMinutes: number;
  appliesTo: string[];
}

export interface Seed {
  realm: string;
  netbios: string;
  domainPolicy: {
    minPwdLength: number;
    pwdHistoryLength: number;
    maxPwdAgeDays: number | 'never';
    minPwdAgeDays: number;
    complexity: boolean;
    lockoutThreshold: number;
    lockoutDurationMinutes: number;
    lockoutObservationMinutes: number;
  };
  krbtgtPasswordAgeDays: number;
  bulkUsers: { count: number; ou: string; prefix: string; passwordAgeDays: number; lastLogonDaysAgo: number };
  readers: { reader: string; limitedReader: string };
  users: SeedAccount[];
  computers: SeedAccount[];
  groups: { name: string; members: string[] }[];
  existingGroupMembers: Record<string, string[]>;
  psos: SeedPso[];
  denyRead: { object: string; attribute: string; trustee: string }[];
}

export class SeedError extends Error {
  override name = 'SeedError';
}

const NAME = /^[A-Za-z0-9][A-Za-z0-9._-]{0,19}$/;

function fail(message: string): never {
  throw new SeedError(`seed: ${message}`);
}

function isCount(value: unknown): value is number {
  return typeof value === 'number' && Number.isInteger(value) && value >= 0;
}

function checkAccount(account: SeedAccount, where: string) {
  if (typeof account?.name !== 'string' || !NAME.test(account.name)) fail(`${where}: name must match ${NAME}`);
  for (const flag of account.flags ?? []) if (!(flag in UAC)) fail(`${where} ${account.name}: unknown flag ${flag}`);
  for (const key of ['passwordAgeDays', 'lastLogonDaysAgo', 'adminCount'] as const) {
    if (account[key] !== undefined && !isCount(account[key]))
      fail(`${where} ${account.name}: ${key} must be a whole number ≥ 0`);
  }
}

/** Reads and checks the seed; every name a membership, PSO or denial refers to must be defined. */
export function parseSeed(text: string): Seed {
  const seed = parse(text) as Seed;
  if (typeof seed !== 'object' || seed === null) fail('not a mapping');
  if (!/^[A-Z0-9]+(\.[A-Z0-9]+)+$/.test(seed.realm ?? '')) fail('realm must be an upper-case DNS name');
  if (!/^[A-Z0-9]{1,15}$/.test(seed.netbios ?? '')) fail('netbios must be 1–15 upper-case letters or digits');
  const bulk = seed.bulkUsers;
  if (!bulk || !isCount(bulk.count) || !NAME.test(bulk.ou ?? '') || !/^[a-z-]+$/.test(bulk.prefix ?? '')) {
    fail('bulkUsers needs count, ou and prefix');
  }
  for (const [i, a] of (seed.users ?? []).entries()) checkAccount(a, `users[${i}]`);
  for (const [i, a] of (seed.computers ?? []).entries()) checkAccount(a, `computers[${i}]`);
  if (!seed.readers?.reader || !seed.readers.limitedReader)
    fail('readers.reader and readers.limitedReader are required');

  const known = new Set<string>([seed.readers.reader, seed.readers.limitedReader]);
  for (const a of [...(seed.users ?? []), ...(seed.computers ?? [])]) {
    if (known.has(a.name)) fail(`${a.name} is defined twice`);
    known.add(a.name);
  }
  for (let n = 1; n <= bulk.count; n++) known.add(bulkName(seed, n));
  for (const g of seed.groups ?? []) {
    if (!NAME.test(g?.name ?? '')) fail(`group name ${String(g?.name)} must match ${NAME}`);
    if (known.has(g.name)) fail(`${g.name} is defined twice`);
    known.add(g.name);
  }
  const mustExist = (name: string, where: string) => {
    if (!known.has(name)) fail(`${where} refers to ${name}, which the seed does not define`);
  };
  for (const g of seed.groups ?? []) for (const m of g.members ?? []) mustExist(m, `group ${g.name}`);
  for (const [dn, members] of Object.entries(seed.existingGroupMembers ?? {})) {
    for (const m of members) mustExist(m, dn);
  }
  for (const pso of seed.psos ?? []) {
    if (!NAME.test(pso?.name ?? '') || !isCount(pso.precedence)) fail('each PSO needs a name and a precedence');
    for (const m of pso.appliesTo ?? []) mustExist(m, `PSO ${pso.name}`);
  }
  for (const d of seed.denyRead ?? []) {
    mustExist(d.object, 'denyRead');
    mustExist(d.trustee, 'denyRead');
  }
  return seed;
}

export function loadSeed(file = SEED_FILE): Seed {
  return parseSeed(fs.readFileSync(file, 'utf8'));
}

export function bulkName(seed: Seed, n: number): string {
  return `${seed.bulkUsers.prefix}${String(n).padStart(5, '0')}`;
}

export function baseDnOf(realm: string): string {
  return realm
    .toLowerCase()
    .split('.')
    .map((part) => `DC=${part}`)
    .join(',');
}

// AD times: FILETIME counts 100 ns ticks since 1601-01-01 UTC; intervals are negative tick counts.
const EPOCH_OFFSET_MS = 11_644_473_600_000n;
const TICKS_PER_MS = 10_000n;
/** The "never" value of maxPwdAge and its PSO counterpart (0x8000000000000000 as a signed integer). */
export const NEVER_INTERVAL = '-9223372036854775808';

export function toFiletime(date: Date): string {
  return ((BigInt(date.getTime()) + EPOCH_OFFSET_MS) * TICKS_PER_MS).toString();
}

export function intervalDays(days: number | 'never'): string {
  return days === 'never' ? NEVER_INTERVAL : String(-BigInt(days) * 864_000_000_000n);
}

export function intervalMinutes(minutes: number): string {
  return String(-BigInt(minutes) * 600_000_000n);
}

export function daysBefore(now: Date, days: number): Date {
  return new Date(now.getTime() - days * 86_400_000);
}

/** One LDIF attribute line; values outside the safe ASCII range go base64 (RFC 2849). */
export function ldifLine(attribute: string, value: string): string {
  // Printable ASCII that does not start with a space, ":" or "<" and does not end with a space.
  const safe = /^[!-9;=-~]([ -~]*[!-~])?$/.test(value);
  return safe ? `${attribute}: ${value}` : `${attribute}:: ${Buffer.from(value, 'utf8').toString('base64')}`;
}

function record(dn: string, changetype: 'add' | 'modify', lines: string[]): string {
  return [ldifLine('dn', dn), `changetype: ${changetype}`, ...lines].join('\n');
}

/** Where each seeded name lives. */
export function dnIndex(seed: Seed): Map<string, string> {
  const base = baseDnOf(seed.realm);
  const dns = new Map<string, string>();
  for (const name of [seed.readers.reader, seed.readers.limitedReader, ...seed.users.map((u) => u.name)]) {
    dns.set(name, `CN=${name},CN=Users,${base}`);
  }
  for (const c of seed.computers) dns.set(c.name, `CN=${c.name},CN=Computers,${base}`);
  for (let n = 1; n <= seed.bulkUsers.count; n++) {
    const name = bulkName(seed, n);
    dns.set(name, `CN=${name},OU=${seed.bulkUsers.ou},${base}`);
  }
  for (const g of seed.groups) dns.set(g.name, `CN=${g.name},CN=Users,${base}`);
  return dns;
}

function accountLines(account: SeedAccount, now: Date, computer: boolean): string[] {
  const base = computer ? UAC.WORKSTATION_TRUST_ACCOUNT : UAC.NORMAL_ACCOUNT;
  const uac = (account.flags ?? []).reduce<number>((bits, flag) => bits | UAC[flag], base);
  const lines = [
    `objectClass: ${computer ? 'computer' : 'user'}`,
    ldifLine('sAMAccountName', computer ? `${account.name}$` : account.name),
    `userAccountControl: ${uac}`,
  ];
  if (account.passwordAgeDays !== undefined)
    lines.push(`pwdLastSet: ${toFiletime(daysBefore(now, account.passwordAgeDays))}`);
  if (account.lastLogonDaysAgo !== undefined) {
    lines.push(`lastLogonTimestamp: ${toFiletime(daysBefore(now, account.lastLogonDaysAgo))}`);
  }
  for (const spn of account.servicePrincipalNames ?? []) lines.push(ldifLine('servicePrincipalName', spn));
  if (account.adminCount !== undefined) lines.push(`adminCount: ${account.adminCount}`);
  return lines;
}

/**
 * Everything except passwords and ACLs, in one LDIF stream: the bulk OU and users, the named
 * accounts, groups, memberships of provisioned groups, PSOs, the domain policy and krbtgt's age.
 * It is applied with Samba's password-hash bypass control, which is what lets pwdLastSet take
 * arbitrary past values (over LDAP only 0 and -1 are accepted), so it must carry no password.
 */
export function accountsLdif(seed: Seed, now: Date): string {
  const base = baseDnOf(seed.realm);
  const dns = dnIndex(seed);
  const dn = (name: string) => dns.get(name) ?? fail(`no DN for ${name}`);
  const records: string[] = [];

  records.push(record(`OU=${seed.bulkUsers.ou},${base}`, 'add', ['objectClass: organizationalUnit']));
  for (let n = 1; n <= seed.bulkUsers.count; n++) {
    const account = {
      name: bulkName(seed, n),
      passwordAgeDays: seed.bulkUsers.passwordAgeDays,
      lastLogonDaysAgo: seed.bulkUsers.lastLogonDaysAgo,
    };
    records.push(record(dn(account.name), 'add', accountLines(account, now, false)));
  }
  for (const name of [seed.readers.reader, seed.readers.limitedReader]) {
    records.push(record(dn(name), 'add', accountLines({ name }, now, false)));
  }
  for (const u of seed.users) records.push(record(dn(u.name), 'add', accountLines(u, now, false)));
  for (const c of seed.computers) records.push(record(dn(c.name), 'add', accountLines(c, now, true)));
  // Groups first, members after, so groups can contain each other (loops included).
  for (const g of seed.groups) {
    records.push(record(dn(g.name), 'add', ['objectClass: group', ldifLine('sAMAccountName', g.name)]));
  }
  for (const g of seed.groups) {
    records.push(
      record(dn(g.name), 'modify', ['add: member', ...g.members.map((m) => ldifLine('member', dn(m))), '-']),
    );
  }
  for (const [relative, members] of Object.entries(seed.existingGroupMembers)) {
    records.push(
      record(`${relative},${base}`, 'modify', ['add: member', ...members.map((m) => ldifLine('member', dn(m))), '-']),
    );
  }

  for (const pso of seed.psos) {
    records.push(
      record(`CN=${pso.name},CN=Password Settings Container,CN=System,${base}`, 'add', [
        'objectClass: msDS-PasswordSettings',
        `msDS-PasswordSettingsPrecedence: ${pso.precedence}`,
        `msDS-MinimumPasswordLength: ${pso.minLength}`,
        `msDS-PasswordHistoryLength: ${pso.historySize}`,
        `msDS-MaximumPasswordAge: ${intervalDays(pso.maxAgeDays)}`,
        `msDS-MinimumPasswordAge: ${intervalDays(pso.minAgeDays)}`,
        `msDS-PasswordComplexityEnabled: ${pso.complexity ? 'TRUE' : 'FALSE'}`,
        `msDS-PasswordReversibleEncryptionEnabled: ${pso.reversibleEncryption ? 'TRUE' : 'FALSE'}`,
        `msDS-LockoutThreshold: ${pso.lockoutThreshold}`,
        `msDS-LockoutDuration: ${intervalMinutes(pso.lockoutDurationMinutes)}`,
        `msDS-LockoutObservationWindow: ${intervalMinutes(pso.lockoutObservationMinutes)}`,
        ...pso.appliesTo.map((m) => ldifLine('msDS-PSOAppliesTo', dn(m))),
      ]),
    );
  }

  const policy = seed.domainPolicy;
  const replace = (attribute: string, value: string | number) => [
    `replace: ${attribute}`,
    `${attribute}: ${value}`,
    '-',
  ];
  records.push(
    record(base, 'modify', [
      ...replace('minPwdLength', policy.minPwdLength),
      ...replace('pwdHistoryLength', policy.pwdHistoryLength),
      ...replace('maxPwdAge', intervalDays(policy.maxPwdAgeDays)),
      ...replace('minPwdAge', intervalDays(policy.minPwdAgeDays)),
      // pwdProperties bit 1 is DOMAIN_PASSWORD_COMPLEX.
      ...replace('pwdProperties', policy.complexity ? 1 : 0),
      ...replace('lockoutThreshold', policy.lockoutThreshold),
      ...replace('lockoutDuration', intervalMinutes(policy.lockoutDurationMinutes)),
      ...replace('lockOutObservationWindow', intervalMinutes(policy.lockoutObservationMinutes)),
    ]),
  );
  records.push(
    record(
      `CN=krbtgt,CN=Users,${base}`,
      'modify',
      replace('pwdLastSet', toFiletime(daysBefore(now, seed.krbtgtPasswordAgeDays))),
    ),
  );
  return `${records.join('\n\n')}\n`;
}

/** unicodePwd is the password in double quotes, UTF-16LE (MS-ADTS 3.1.1.3.1.5.1). */
export function unicodePwd(password: string): string {
  return Buffer.from(`"${password}"`, 'utf16le').toString('base64');
}

/** Sets account passwords; applied without the bypass control so Samba derives the hashes itself. */
export function passwordsLdif(accounts: { dn: string; password: string }[]): string {
  return `${accounts
    .map((a) => record(a.dn, 'modify', ['replace: unicodePwd', `unicodePwd:: ${unicodePwd(a.password)}`, '-']))
    .join('\n\n')}\n`;
}
