// The seed file and its LDIF translation, without a domain controller.
import { describe, expect, it } from 'vitest';
import { parseLdif } from './samba-dc.ts';
import {
  accountsLdif,
  intervalDays,
  intervalMinutes,
  ldifLine,
  loadSeed,
  NEVER_INTERVAL,
  parseSeed,
  passwordsLdif,
  SeedError,
  toFiletime,
  unicodePwd,
} from './seed.ts';

const minimal = `
realm: T.TEST
netbios: T
domainPolicy: {minPwdLength: 7, pwdHistoryLength: 3, maxPwdAgeDays: never, minPwdAgeDays: 1, complexity: false, lockoutThreshold: 0, lockoutDurationMinutes: 30, lockoutObservationMinutes: 30}
krbtgtPasswordAgeDays: 10
bulkUsers: {count: 2, ou: Bulk, prefix: b-, passwordAgeDays: 1, lastLogonDaysAgo: 1}
readers: {reader: r1, limitedReader: r2}
users: [{name: alice, flags: [DONT_EXPIRE_PASSWORD], passwordAgeDays: 3}]
computers: [{name: ws1, flags: [TRUSTED_FOR_DELEGATION]}]
groups: [{name: g1, members: [alice, b-00002]}]
existingGroupMembers: {"CN=Domain Admins,CN=Users": [g1]}
psos: []
denyRead: []
`;

describe('AD seed', () => {
  it('the shipped seed parses and seeds more users than five pages of 1,000', () => {
    const seed = loadSeed();
    expect(seed.bulkUsers.count).toBeGreaterThanOrEqual(5000);
    expect(seed.users.map((u) => u.name)).toContain('svc-sql-old');
  });

  it('rejects malformed seeds with a message naming the problem', () => {
    expect(() => parseSeed('- a list')).toThrow(SeedError);
    expect(() => parseSeed(minimal.replace('flags: [DONT_EXPIRE_PASSWORD]', 'flags: [NOPE]'))).toThrow(
      /unknown flag NOPE/,
    );
    expect(() => parseSeed(minimal.replace('members: [alice, b-00002]', 'members: [bob]'))).toThrow(/refers to bob/);
    expect(() => parseSeed(minimal.replace('name: alice', 'name: a-name-longer-than-twenty'))).toThrow(
      /name must match/,
    );
    expect(() => parseSeed(minimal.replace('name: ws1', 'name: alice'))).toThrow(/defined twice/);
    expect(() => parseSeed(minimal.replace('passwordAgeDays: 3', 'passwordAgeDays: -3'))).toThrow(/whole number/);
  });

  it('converts dates to FILETIME and days or minutes to negative intervals', () => {
    // 1601-01-01 is FILETIME 0; the Unix epoch is 116444736000000000.
    expect(toFiletime(new Date(0))).toBe('116444736000000000');
    expect(toFiletime(new Date('2024-01-01T00:00:00.000Z'))).toBe('133485408000000000');
    expect(intervalDays(42)).toBe('-36288000000000');
    expect(intervalDays('never')).toBe(NEVER_INTERVAL);
    expect(intervalMinutes(30)).toBe('-18000000000');
  });

  it('writes base64 for LDIF values that are not safe as plain text', () => {
    expect(ldifLine('cn', 'plain')).toBe('cn: plain');
    expect(ldifLine('cn', ' leading space')).toBe(`cn:: ${Buffer.from(' leading space').toString('base64')}`);
    expect(ldifLine('cn', 'Jürgen')).toBe(`cn:: ${Buffer.from('Jürgen').toString('base64')}`);
    expect(unicodePwd('pw')).toBe(Buffer.from('"pw"', 'utf16le').toString('base64'));
  });

  it('turns the seed into LDIF records that parse back with the seeded values', () => {
    const now = new Date('2026-01-10T12:00:00.000Z');
    const records = parseLdif(accountsLdif(parseSeed(minimal), now));
    const alice = records.find((r) => r.dn?.[0] === 'CN=alice,CN=Users,DC=t,DC=test');
    expect(alice?.userAccountControl).toEqual([String(0x200 | 0x10000)]);
    expect(alice?.pwdLastSet).toEqual([toFiletime(new Date('2026-01-07T12:00:00.000Z'))]);
    expect(alice?.lastLogonTimestamp).toBeUndefined();
    const ws1 = records.find((r) => r.dn?.[0] === 'CN=ws1,CN=Computers,DC=t,DC=test');
    expect(ws1?.sAMAccountName).toEqual(['ws1$']);
    expect(ws1?.userAccountControl).toEqual([String(0x1000 | 0x80000)]);
    const bulk = records.filter((r) => r.dn?.[0]?.endsWith('OU=Bulk,DC=t,DC=test') && r.objectClass?.[0] === 'user');
    expect(bulk.map((r) => r.sAMAccountName?.[0])).toEqual(['b-00001', 'b-00002']);
    const admins = records.find((r) => r.dn?.[0] === 'CN=Domain Admins,CN=Users,DC=t,DC=test');
    expect(admins?.member).toEqual(['CN=g1,CN=Users,DC=t,DC=test']);
    const domain = records.find((r) => r.dn?.[0] === 'DC=t,DC=test');
    expect(domain?.maxPwdAge).toEqual([NEVER_INTERVAL]);
    // No password travels in the bypass LDIF.
    expect(records.some((r) => r.unicodePwd)).toBe(false);
    const passwords = parseLdif(passwordsLdif([{ dn: 'CN=r1,CN=Users,DC=t,DC=test', password: 'pw' }]));
    expect(passwords[0]?.unicodePwd).toHaveLength(1);
  });
});
