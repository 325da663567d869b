// The collector over recorded entries: mapping, membership, paging and every kind of partial read.
import { describe, expect, it } from 'vitest';
import type { LdapEntry } from '../../../src/collectors/ad/entry.ts';
import { AdCollectError, collectFromDirectory } from '../../../src/collectors/ad/index.ts';
import type { IdentityGroupProps, IdentityPasswordPolicyProps, IdentityUserProps } from '../../../src/model/kinds.ts';
import type { Resource } from '../../../src/model/resource.ts';
import { makeSnapshot } from '../../../src/model/snapshot.ts';
import { validateResources, validateSnapshot } from '../../../src/model/validate.ts';
import { FakeDirectory, type Fault, loadRecording, type Recording, type SearchName } from './fake-directory.ts';

const URL = 'ldaps://dc01.corp.example.com';
const D = 'ad:corp.example.com';

async function collect(
  recording = loadRecording('corp.json'),
  faults: Partial<Record<SearchName, Fault>> = {},
  pageSize?: number,
) {
  const directory = new FakeDirectory(recording, faults);
  const result = await collectFromDirectory(directory, {
    url: URL,
    bindDn: 'CN=assay-reader,CN=Users,DC=corp,DC=example,DC=com',
    now: () => new Date(recording.now),
    pageSize,
  });
  // Every resource must satisfy the model's schemas, and so must the snapshot around them.
  expect(validateResources(result.resources)).toEqual([]);
  expect(validateSnapshot(makeSnapshot('test', [result.source], result.resources))).toEqual([]);
  return { ...result, directory };
}

const byName = (resources: Resource[], name: string) => {
  const found = resources.find((r) => r.name === name);
  if (!found) throw new Error(`no resource named ${name}`);
  return found;
};
const user = (resources: Resource[], name: string) => byName(resources, name).props as IdentityUserProps;
const group = (resources: Resource[], name: string) => byName(resources, name).props as IdentityGroupProps;
const uidOf = (resources: Resource[], name: string) => byName(resources, name).uid;

describe('collectFromDirectory: a recorded domain', () => {
  it('maps the domain password and lockout policy, intervals converted', async () => {
    const { resources } = await collect();
    const domain = resources.find((r) => r.nativeType === 'domainDNS')!;
    expect(domain).toMatchObject({ kind: 'identity.password_policy', provider: 'ad', name: 'corp.example.com' });
    expect(domain.location).toEqual({ domain: 'corp.example.com' });
    expect(domain.props).toEqual({
      scope: 'domain',
      minLength: 7,
      historySize: 24,
      maxAgeDays: 42,
      minAgeDays: 1,
      complexity: true,
      lockoutThreshold: 0,
      lockoutDurationMinutes: 30,
      lockoutObservationMinutes: 30,
    });
  });

  it('maps a fine-grained policy, "never" intervals as 0 and appliesTo as uids', async () => {
    const { resources } = await collect();
    const pso = byName(resources, 'Admins-PSO');
    expect(pso.nativeType).toBe('msDS-PasswordSettings');
    expect(pso.props as IdentityPasswordPolicyProps).toEqual({
      scope: 'fine-grained',
      minLength: 14,
      historySize: 24,
      maxAgeDays: 0,
      minAgeDays: 0,
      complexity: true,
      lockoutThreshold: 5,
      lockoutDurationMinutes: 0,
      lockoutObservationMinutes: 30,
      precedence: 10,
      appliesTo: [uidOf(resources, 'Administrator'), uidOf(resources, 'Domain Admins')].sort(),
    });
  });

  it('names accounts by objectGUID and keeps the attributes read, ids as strings, as evidence', async () => {
    const { resources } = await collect();
    const admin = byName(resources, 'Administrator');
    expect(admin.uid).toBe(`${D}:00112233-4455-6677-8899-aabbccddeeff`);
    expect(admin.raw).toMatchObject({
      distinguishedName: 'CN=Administrator,CN=Users,DC=corp,DC=example,DC=com',
      objectGUID: '00112233-4455-6677-8899-aabbccddeeff',
      objectSid: 'S-1-5-21-1111-2222-3333-500',
      userAccountControl: '66048',
    });
    // Attributes the server returned empty are not kept.
    expect(admin.raw).not.toHaveProperty('servicePrincipalName');
  });

  it('reads the userAccountControl flags and ages in whole days', async () => {
    const { resources } = await collect();
    expect(user(resources, 'Administrator')).toMatchObject({
      accountType: 'user',
      enabled: true,
      passwordNeverExpires: true,
      adminCount: 1,
      passwordLastSet: '2024-04-27T00:00:00.000Z',
      passwordAgeDays: 400,
      lastLogon: '2025-05-30T00:00:00.000Z',
      daysSinceLastLogon: 2,
      neverLoggedOn: false,
      privileged: true,
    });
    expect(user(resources, 'krbtgt')).toMatchObject({ enabled: false, passwordAgeDays: 200 });
    expect(user(resources, 'svc_sql')).toMatchObject({
      servicePrincipalNames: ['MSSQLSvc/sql.corp.example.com', 'MSSQLSvc/sql.corp.example.com:1433'],
      passwordAgeDays: 800,
    });
    expect(user(resources, 'bob_asrep')).toMatchObject({ preAuthNotRequired: true, passwordNotRequired: false });
    expect(user(resources, 'carol_nopw')).toMatchObject({ passwordNotRequired: true, preAuthNotRequired: false });
    expect(user(resources, 'dave_rev')).toMatchObject({ reversibleEncryption: true });
    expect(user(resources, 'stale_eve')).toMatchObject({ enabled: true, daysSinceLastLogon: 200 });
    expect(user(resources, 'alice')).toMatchObject({ accountAgeDays: 881, servicePrincipalNames: [] });
  });

  it('leaves ages unknown for pwdLastSet 0 and reads "never" last logons as never logged on', async () => {
    const { resources } = await collect();
    const frank = user(resources, 'never_frank');
    expect(frank.neverLoggedOn).toBe(true);
    expect(frank).not.toHaveProperty('passwordLastSet');
    expect(frank).not.toHaveProperty('passwordAgeDays');
    expect(frank).not.toHaveProperty('daysSinceLastLogon');
    const ivan = user(resources, 'weird_ivan');
    expect(ivan.neverLoggedOn).toBe(true);
    // whenCreated 20240229235959.123Z, a leap day with a fraction
    expect(ivan.accountAgeDays).toBe(457);
  });

  it('maps computers: domain controllers, unconstrained delegation, stale machines', async () => {
    const { resources } = await collect();
    expect(user(resources, 'DC01$')).toMatchObject({
      accountType: 'computer',
      isDomainController: true,
      trustedForDelegation: true,
    });
    expect(user(resources, 'APP01$')).toMatchObject({ isDomainController: false, trustedForDelegation: true });
    expect(user(resources, 'WS-OLD$')).toMatchObject({ trustedForDelegation: false, daysSinceLastLogon: 120 });
    expect(byName(resources, 'WS-OLD$').nativeType).toBe('computer');
  });

  it('expands nested membership through a cycle, with primary-group members and disabled members', async () => {
    const { resources } = await collect();
    const uid = (name: string) => uidOf(resources, name);
    const admins = group(resources, 'Domain Admins');
    expect(admins.privileged).toBe(true);
    // weird_ivan is a member only through primaryGroupID 512, which `member` never lists.
    expect(admins.members).toEqual([uid('Administrator'), uid('weird_ivan'), uid('IT-Admins')].sort());
    expect(admins.effectiveMembers).toEqual(
      [uid('Administrator'), uid('alice'), uid('disabled_gina'), uid('weird_ivan')].sort(),
    );
    expect(admins.nestedGroups).toEqual([uid('IT-Admins'), uid('Loop-A'), uid('Loop-B')].sort());
    expect(admins.disabledMembers).toEqual([uid('disabled_gina')]);
    expect(admins.memberCount).toBe(4);
    expect(group(resources, 'Loop-A').nestedGroups).toEqual([uid('Loop-B')]);
    expect(group(resources, 'IT-Admins').privileged).toBe(false);
    expect(group(resources, 'Schema Admins')).toMatchObject({ privileged: true, memberCount: 0 });
    expect(user(resources, 'alice')).toMatchObject({ privileged: true });
    expect(user(resources, 'alice').groups).toContain(uid('Loop-B'));
    expect(user(resources, 'bob_asrep')).toMatchObject({ privileged: false, groups: [uid('Domain Users')] });
    expect(user(resources, 'weird_ivan').privileged).toBe(true);
  });

  it('fetches the remaining slices of a ranged member attribute', async () => {
    const { resources, directory } = await collect();
    expect(directory.searches.some((s) => s.attributes[0] === 'member;range=2-*')).toBe(true);
    expect(group(resources, 'Backup Operators').members).toHaveLength(3);
    expect(user(resources, 'stale_eve').privileged).toBe(true);
  });

  it('records what it could not resolve or read, without dropping the objects', async () => {
    const { resources, source } = await collect();
    expect(group(resources, 'Administrators').members).toContain(`${D}:sid:S-1-5-21-9-9-9-1234`);
    const gap = (permission: string) => source.gaps.find((g) => g.permission === permission);
    expect(source.gaps.find((g) => g.reason === 'unresolved-reference')?.message).toContain('S-1-5-21-9-9-9-1234');
    // carol's memberOf names Helpdesk, whose member attribute did not list her.
    expect(gap('read member')).toMatchObject({
      reason: 'permission-denied',
      kinds: ['identity.group', 'identity.user'],
    });
    expect(group(resources, 'Helpdesk').members).toEqual([uidOf(resources, 'carol_nopw')]);
    // never_frank's msDS-PSOApplied names a PSO the account could not list.
    expect(gap('read msDS-PasswordSettings')?.message).toContain('cn=hidden-pso');
  });

  it('leaves props of an unreadable attribute absent and says how many objects it hides', async () => {
    const { resources, source } = await collect();
    const hank = user(resources, 'hidden_hank');
    for (const prop of [
      'enabled',
      'passwordNeverExpires',
      'passwordNotRequired',
      'preAuthNotRequired',
      'passwordAgeDays',
    ]) {
      expect(hank, prop).not.toHaveProperty(prop);
    }
    const uac = source.gaps.filter((g) => g.permission === 'read userAccountControl');
    expect(uac).toHaveLength(1);
    expect(uac[0]).toMatchObject({ reason: 'permission-denied', kinds: ['identity.user'], endpoint: URL });
    expect(uac[0]!.message).toContain('1 of 12 user objects (CN=Hank\\, Hidden,CN=Users,');
    expect(source.gaps.find((g) => g.permission === 'read pwdLastSet')).toBeDefined();
    const malformed = source.gaps.find((g) => g.reason === 'parse-error');
    expect(malformed?.message).toContain('pwdLastSet could not be read on 1 of 12 user objects (e.g. CN=weird_ivan');
    expect(user(resources, 'weird_ivan')).not.toHaveProperty('passwordAgeDays');
    expect(source.status).toBe('partial');
  });

  it('describes the source: target, queries, counts and method', async () => {
    const { source } = await collect();
    expect(source).toMatchObject({ id: D, collector: 'ad', target: `corp.example.com via ${URL}`, itemCount: 28 });
    expect(source.startedAt).toBe('2025-06-01T00:00:00.000Z');
    expect(source.queries).toContain(
      'base="DC=corp,DC=example,DC=com" scope=sub filter=(objectClass=group) attributes=objectGUID,objectSid,sAMAccountName,groupType,member,adminCount,msDS-PSOApplied paged(pageSize=500)',
    );
    expect(source.method).toContain('12 users in 1 pages');
    expect(source.method).toContain('certificate verified');
    expect(source.method).toContain('CN=Configuration,DC=corp');
  });

  it('never asks for password or secret attributes', async () => {
    const { directory } = await collect();
    const asked = directory.searches.flatMap((s) => s.attributes.map((a) => a.toLowerCase()));
    for (const secret of [
      'unicodepwd',
      'userpassword',
      'supplementalcredentials',
      'dbcspwd',
      'ntpwdhistory',
      'lmpwdhistory',
      '*',
    ]) {
      expect(asked).not.toContain(secret);
    }
  });

  it('is ok, with no gaps, when everything was readable', async () => {
    const recording = loadRecording('corp.json');
    recording.users = recording.users.filter(
      (u) => !/hidden_hank|weird_ivan|never_frank|carol/.test(String(u.sAMAccountName)),
    );
    recording.groups = recording.groups.filter((g) => !/Administrators/.test(g.dn));
    const { source } = await collect(recording);
    expect(source.gaps).toEqual([]);
    expect(source.status).toBe('ok');
  });
});

function manyUsers(count: number): LdapEntry[] {
  return Array.from({ length: count }, (_, i) => {
    const guid = Buffer.alloc(16);
    guid.writeUInt32LE(i + 1, 0);
    const sid = Buffer.concat([
      Buffer.from([1, 5, 0, 0, 0, 0, 0, 5]),
      ...[21, 1111, 2222, 3333, 10_000 + i].map((n) => {
        const b = Buffer.alloc(4);
        b.writeUInt32LE(n);
        return b;
      }),
    ]);
    return {
      dn: `CN=user${i},OU=Bulk,DC=corp,DC=example,DC=com`,
      objectGUID: guid,
      objectSid: sid,
      sAMAccountName: `user${i}`,
      userAccountControl: '512',
      pwdLastSet: '133497810000000000',
      whenCreated: '20240115083000.0Z',
      primaryGroupID: '513',
    };
  });
}

describe('collectFromDirectory: paging', () => {
  it('collects a 5,000-user domain completely in pages', async () => {
    const recording = loadRecording('corp.json');
    recording.users = manyUsers(5000);
    const { resources, source, directory } = await collect(recording);
    expect(resources.filter((r) => r.nativeType === 'user')).toHaveLength(5000);
    expect(new Set(resources.map((r) => r.uid)).size).toBe(resources.length);
    expect(directory.searches.find((s) => s.filter.includes('person'))?.pageSize).toBe(500);
    expect(source.method).toContain('5000 users in 10 pages');
    expect(group(resources, 'Domain Users').memberCount).toBe(5000);
  });

  it('keeps the pages read before a search failed, and says where it stopped', async () => {
    const recording = loadRecording('corp.json');
    recording.users = manyUsers(2500);
    const { resources, source } = await collect(
      recording,
      {
        users: {
          afterPages: 2,
          failure: { reason: 'other', message: 'the server ended the search early: size limit exceeded' },
        },
      },
      1000,
    );
    expect(resources.filter((r) => r.nativeType === 'user')).toHaveLength(2000);
    const gap = source.gaps.find((g) => g.message.startsWith('user accounts'));
    expect(gap).toMatchObject({ reason: 'other', kinds: ['identity.user', 'identity.group'] });
    expect(gap!.message).toContain('stopped after 2000 entries in 2 pages');
    expect(source.status).toBe('partial');
  });
});

describe('collectFromDirectory: refused and missing reads', () => {
  const denied: Fault = {
    failure: { reason: 'permission-denied', message: 'insufficient access rights', resultCode: 50 },
  };

  it('records a hidden Password Settings Container instead of claiming there are no PSOs', async () => {
    const { resources, source, directory } = await collect(undefined, {
      psoContainer: { failure: { reason: 'unreadable', message: 'no such object', resultCode: 32 } },
    });
    expect(resources.filter((r) => r.nativeType === 'msDS-PasswordSettings')).toEqual([]);
    expect(directory.searches.some((s) => s.filter === '(objectClass=msDS-PasswordSettings)')).toBe(false);
    const gap = source.gaps.find((g) => g.permission?.includes('Password Settings Container'));
    expect(gap).toMatchObject({ reason: 'permission-denied', kinds: ['identity.password_policy'] });
  });

  it('goes on when the group search is refused, claiming privilege only where it is certain', async () => {
    const { resources, source } = await collect(undefined, { groups: denied });
    expect(resources.filter((r) => r.kind === 'identity.group')).toEqual([]);
    expect(resources.filter((r) => r.nativeType === 'user')).toHaveLength(12);
    expect(source.gaps.find((g) => g.message.startsWith('groups'))).toMatchObject({
      reason: 'permission-denied',
      permission: 'read groups',
    });
    expect(user(resources, 'Administrator').privileged).toBe(true);
    expect(user(resources, 'alice')).not.toHaveProperty('privileged');
    expect(user(resources, 'alice')).not.toHaveProperty('groups');
  });

  it('records a refused domain object and still maps the accounts', async () => {
    const { resources, source } = await collect(undefined, { domain: denied });
    expect(resources.some((r) => r.nativeType === 'domainDNS')).toBe(false);
    expect(source.gaps[0]).toMatchObject({ reason: 'permission-denied', kinds: ['identity.password_policy'] });
    expect(resources.some((r) => r.name === 'alice')).toBe(true);
  });

  it('records each unreadable or malformed policy attribute and leaves its prop absent', async () => {
    const recording = loadRecording('corp.json');
    const domain = recording.domain[0]!;
    domain.lockoutThreshold = [];
    domain.maxPwdAge = '42 days';
    domain.lockoutDuration = '18000000000';
    const { resources, source } = await collect(recording);
    const props = resources.find((r) => r.nativeType === 'domainDNS')!.props as IdentityPasswordPolicyProps;
    expect(props).not.toHaveProperty('lockoutThreshold');
    expect(props).not.toHaveProperty('maxAgeDays');
    expect(props).not.toHaveProperty('lockoutDurationMinutes');
    expect(props.minLength).toBe(7);
    expect(source.gaps.find((g) => g.permission === 'read lockoutThreshold')?.kinds).toEqual([
      'identity.password_policy',
    ]);
    const parse = source.gaps.filter((g) => g.reason === 'parse-error').map((g) => g.message);
    expect(parse.some((m) => m.startsWith('maxPwdAge'))).toBe(true);
    expect(parse.some((m) => m.startsWith('lockoutDuration') && m.includes('positive'))).toBe(true);
  });

  it('records a ranged attribute whose next slice is not returned', async () => {
    const recording = loadRecording('corp.json');
    recording.ranges = {};
    const { resources, source } = await collect(recording);
    expect(group(resources, 'Backup Operators').members).toHaveLength(2);
    expect(source.gaps.find((g) => g.message.includes('ranged retrieval'))).toMatchObject({
      endpoint: 'CN=Backup Operators,CN=Builtin,DC=corp,DC=example,DC=com',
      kinds: ['identity.group', 'identity.user'],
    });
  });

  it('stops, with a gap, when the server answers a range with one that does not advance', async () => {
    const recording = loadRecording('corp.json');
    const dn = 'CN=Backup Operators,CN=Builtin,DC=corp,DC=example,DC=com';
    // Asked for 2-*, the server starts over at 0-1: following it would ask for 2-* forever.
    recording.ranges = { [dn]: { '2': { dn, 'member;range=0-1': ['CN=x,DC=corp', 'CN=y,DC=corp'] } as LdapEntry } };
    const directory = new FakeDirectory(recording);
    let rangeSearches = 0;
    const bounded = {
      search: async (spec: Parameters<FakeDirectory['search']>[0]) => {
        if (spec.attributes[0]?.includes(';range=') && ++rangeSearches > 20) throw new Error('range asked for forever');
        return directory.search(spec);
      },
      close: () => directory.close(),
    };
    const { resources, source } = await collectFromDirectory(bounded, {
      url: URL,
      bindDn: 'x',
      now: () => new Date(recording.now),
    });
    expect(rangeSearches).toBe(1);
    expect(group(resources, 'Backup Operators').members).toHaveLength(2);
    expect(source.gaps.find((g) => g.endpoint === dn)?.message).toMatch(
      /answered the range 2-\* of member with member;range=0-1/,
    );
  });

  it('throws when the server names no domain and none was given', async () => {
    const recording: Recording = { ...loadRecording('corp.json'), rootDse: [{ dn: '' }] };
    await expect(collectFromDirectory(new FakeDirectory(recording), { url: URL, bindDn: 'x' })).rejects.toThrow(
      AdCollectError,
    );
    await expect(collectFromDirectory(new FakeDirectory(recording), { url: URL, bindDn: 'x' })).rejects.toThrow(
      /pass --base-dn/,
    );
  });

  it('uses --base-dn without asking the RootDSE', async () => {
    const recording = loadRecording('corp.json');
    const directory = new FakeDirectory(recording);
    await collectFromDirectory(directory, { url: URL, bindDn: 'x', baseDn: 'DC=corp,DC=example,DC=com' });
    expect(directory.searches.some((s) => s.base === '')).toBe(false);
  });
});
