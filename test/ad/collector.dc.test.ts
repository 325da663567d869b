// The AD collector against a real (Samba) domain controller over LDAPS with certificate
// verification: the snapshot must hold exactly what the seed put in the directory, and the
// evaluation must find what the seed was built to trip.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Client } from 'ldapts';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { collectAd } from '../../src/collectors/ad/index.ts';
import type { IdentityGroupProps, IdentityPasswordPolicyProps, IdentityUserProps } from '../../src/model/kinds.ts';
import type { Resource, Snapshot } from '../../src/model/resource.ts';
import type { Results } from '../../src/model/results.ts';
import { makeSnapshot, serializeSnapshot } from '../../src/model/snapshot.ts';
import { validateSnapshot } from '../../src/model/validate.ts';
import { VERSION } from '../../src/version.ts';
import { runCli } from '../cli/run-cli.ts';
import type { Dc } from './samba-dc.ts';
import type { UAC } from './seed.ts';
import { dcTestsDisabled, sharedSambaDc } from './shared-dc.ts';

const disabled = await dcTestsDisabled();
const DAY = 86_400_000;

describe.skipIf(disabled)('AD collector against a Samba domain controller', () => {
  let dc: Dc;
  let now: Date;
  let snapshot: Snapshot;
  let snapshotText: string;
  let workDir: string;
  /** Every page the directory returned, by search filter: Samba, unlike Windows, does not cap
   * unpaged searches at 1,000, so the pages themselves show the collector pages. */
  const pages: { filter: string; entries: number }[] = [];

  beforeAll(async () => {
    dc = await sharedSambaDc();
    const searchPaginated = Client.prototype.searchPaginated;
    const spy = vi.spyOn(Client.prototype, 'searchPaginated').mockImplementation(async function* (
      this: Client,
      ...args
    ) {
      for await (const page of searchPaginated.apply(this, args)) {
        pages.push({ filter: String(args[1]?.filter ?? ''), entries: page.searchEntries.length });
        yield page;
      }
    });
    // Ages are counted from this moment; it is less than a day after seeding, so an account seeded
    // N days old is exactly N whole days old.
    now = new Date();
    const { source, resources } = await collectAd({
      url: dc.url,
      bindDn: dc.bindDn,
      password: dc.password,
      caFile: dc.caFile,
      now: () => now,
    });
    spy.mockRestore();
    snapshot = makeSnapshot(VERSION, [source], resources);
    snapshotText = serializeSnapshot(snapshot);
    workDir = fs.mkdtempSync(path.join(os.tmpdir(), 'assay-ad-test-'));
  }, 300_000);

  afterAll(() => {
    if (workDir) fs.rmSync(workDir, { recursive: true, force: true });
  });

  const uidOf = (guid: string) => `ad:${dc.domain}:${guid}`;
  const account = (name: string) => {
    const fact = dc.seed.accounts[name];
    if (!fact) throw new Error(`${name} was not seeded`);
    const resource = snapshot.resources.find((r) => r.uid === uidOf(fact.guid));
    expect(resource, `${name} in the snapshot`).toBeDefined();
    return resource as Resource<'identity.user'> & { props: IdentityUserProps };
  };
  const group = (name: string) => {
    const fact = dc.seed.groups[name];
    if (!fact) throw new Error(`group ${name} does not exist`);
    const resource = snapshot.resources.find((r) => r.uid === uidOf(fact.guid));
    expect(resource, `group ${name} in the snapshot`).toBeDefined();
    return resource as Resource<'identity.group'> & { props: IdentityGroupProps };
  };
  const accountUid = (name: string) => uidOf(dc.seed.accounts[name]!.guid);
  const groupUid = (name: string) => uidOf(dc.seed.groups[name]!.guid);
  const ofKind = (kind: string) => snapshot.resources.filter((r) => r.kind === kind);

  it('writes a snapshot that validates against the model and a complete source record', () => {
    expect(validateSnapshot(snapshot)).toEqual([]);
    const [source] = snapshot.sources;
    expect(source?.collector).toBe('ad');
    expect(source?.status).toBe('ok');
    expect(source?.gaps).toEqual([]);
    expect(source?.target).toContain(dc.domain);
    expect(source?.target).toContain(dc.url);
    expect(source?.method).toBeTruthy();
    expect(source?.queries?.some((q) => q.includes('(objectClass=msDS-PasswordSettings)'))).toBe(true);
    for (const r of snapshot.resources) {
      expect(r.provider).toBe('ad');
      expect(r.location.domain).toBe(dc.domain);
      expect(r.uid.startsWith(`ad:${dc.domain}:`)).toBe(true);
    }
  });

  it('collects every account through paging: the exact number of users and computers in the directory', () => {
    const accounts = ofKind('identity.user');
    const users = accounts.filter((r) => (r.props as IdentityUserProps).accountType === 'user');
    const computers = accounts.filter((r) => (r.props as IdentityUserProps).accountType === 'computer');
    // More than five pages of 1,000 (Samba's and AD's maximum page size).
    expect(dc.seed.counts.users).toBeGreaterThan(5000);
    expect(users).toHaveLength(dc.seed.counts.users);
    expect(computers).toHaveLength(dc.seed.counts.computers);
    expect(ofKind('identity.group')).toHaveLength(dc.seed.counts.groups);
    expect(new Set(accounts.map((r) => r.uid)).size).toBe(accounts.length);
    // Pages of at most 500 (the collector's page size), as many as the user count needs.
    const userPages = pages.filter((p) => p.filter.includes('objectCategory=person'));
    expect(userPages.length).toBe(Math.ceil(dc.seed.counts.users / 500));
    expect(Math.max(...userPages.map((p) => p.entries))).toBe(500);
    expect(userPages.reduce((sum, p) => sum + p.entries, 0)).toBe(dc.seed.counts.users);
    expect(snapshot.sources[0]?.itemCount).toBeGreaterThanOrEqual(accounts.length);
    // Every seeded account, the 5,000 bulk users included, by its objectGUID.
    const uids = new Set(accounts.map((r) => r.uid));
    const missing = Object.entries(dc.seed.accounts).filter(([, a]) => !uids.has(uidOf(a.guid)));
    expect(missing.map(([name]) => name)).toEqual([]);
  });

  it('reports each seeded userAccountControl flag on the right account and nowhere else', () => {
    const flagProps = {
      ACCOUNTDISABLE: 'enabled',
      DONT_EXPIRE_PASSWORD: 'passwordNeverExpires',
      PASSWD_NOTREQD: 'passwordNotRequired',
      DONT_REQ_PREAUTH: 'preAuthNotRequired',
      ENCRYPTED_TEXT_PWD_ALLOWED: 'reversibleEncryption',
      TRUSTED_FOR_DELEGATION: 'trustedForDelegation',
    } as const;
    for (const seeded of [...dc.seed.definition.users, ...dc.seed.definition.computers]) {
      const props = account(seeded.name).props;
      for (const [flag, prop] of Object.entries(flagProps)) {
        const set = (seeded.flags ?? []).includes(flag as keyof typeof UAC);
        // `enabled` is the inverse of ACCOUNTDISABLE.
        expect(props[prop], `${seeded.name}.${prop}`).toBe(prop === 'enabled' ? !set : set);
      }
      expect(props.servicePrincipalNames ?? [], `${seeded.name} SPNs`).toEqual(seeded.servicePrincipalNames ?? []);
    }
    expect(account('u-admincount').props.adminCount).toBe(1);
    expect(account('ws-unconstrained').props.accountType).toBe('computer');
    expect(account('u-delegation').props.accountType).toBe('user');
  });

  it('marks the domain controller, which is trusted for delegation by design', () => {
    expect(dc.seed.domainControllers).toEqual(['DC1']);
    const dcAccount = account('DC1').props;
    expect(dcAccount.isDomainController).toBe(true);
    expect(dcAccount.trustedForDelegation).toBe(true);
    expect(dcAccount.accountType).toBe('computer');
    expect(account('ws-unconstrained').props.isDomainController).not.toBe(true);
  });

  it('converts FILETIME timestamps and counts ages in whole days from the collection time', () => {
    for (const seeded of [...dc.seed.definition.users, ...dc.seed.definition.computers]) {
      const props = account(seeded.name).props;
      const fact = dc.seed.accounts[seeded.name]!;
      if (seeded.passwordAgeDays !== undefined) {
        expect(
          Math.abs(Date.parse(props.passwordLastSet ?? '') - Date.parse(fact.passwordLastSet!)),
          `${seeded.name} pwdLastSet`,
        ).toBeLessThan(1000);
        expect(props.passwordAgeDays, `${seeded.name} passwordAgeDays`).toBe(seeded.passwordAgeDays);
      }
      if (seeded.lastLogonDaysAgo !== undefined) {
        expect(
          Math.abs(Date.parse(props.lastLogon ?? '') - Date.parse(fact.lastLogon!)),
          `${seeded.name} lastLogon`,
        ).toBeLessThan(1000);
        expect(props.daysSinceLastLogon, `${seeded.name} daysSinceLastLogon`).toBe(seeded.lastLogonDaysAgo);
        expect(props.neverLoggedOn, `${seeded.name} neverLoggedOn`).not.toBe(true);
      }
    }
    const never = account('u-never-logged-on').props;
    expect(never.neverLoggedOn).toBe(true);
    expect(never.daysSinceLastLogon).toBeUndefined();
    expect(never.lastLogon).toBeUndefined();
    // Created by the seeding moments ago.
    expect(account('u-compliant').props.accountAgeDays).toBe(0);
    const krbtgt = account('krbtgt').props;
    expect(krbtgt.passwordAgeDays).toBe(dc.seed.definition.krbtgtPasswordAgeDays);
    expect(krbtgt.enabled).toBe(false);
    expect(Date.parse(krbtgt.passwordLastSet ?? '')).toBeLessThan(now.getTime() - 399 * DAY);
  });

  it('reads the domain password and lockout policy, the "never" maximum age included', () => {
    const domainPolicies = ofKind('identity.password_policy').filter((r) => r.nativeType === 'domainDNS');
    expect(domainPolicies).toHaveLength(1);
    const policy = domainPolicies[0]!;
    expect(policy.uid).toBe(uidOf(dc.seed.domain.guid));
    expect(policy.props).toMatchObject({
      scope: 'domain',
      minLength: 7,
      historySize: 3,
      maxAgeDays: 0,
      minAgeDays: 1,
      complexity: false,
      lockoutThreshold: 0,
      lockoutDurationMinutes: 30,
      lockoutObservationMinutes: 30,
    } satisfies IdentityPasswordPolicyProps);
  });

  it('reads fine-grained password policies with their precedence and whom they apply to', () => {
    const psos = ofKind('identity.password_policy').filter((r) => r.nativeType === 'msDS-PasswordSettings');
    expect(psos.map((r) => r.uid).sort()).toEqual(
      Object.values(dc.seed.psos)
        .map((p) => uidOf(p.guid))
        .sort(),
    );
    const pso = (name: string) =>
      psos.find((r) => r.uid === uidOf(dc.seed.psos[name]!.guid))!.props as IdentityPasswordPolicyProps;
    expect(pso('pso-strong')).toMatchObject({
      scope: 'fine-grained',
      precedence: 10,
      minLength: 14,
      historySize: 24,
      maxAgeDays: 60,
      minAgeDays: 1,
      complexity: true,
      lockoutThreshold: 5,
      lockoutDurationMinutes: 30,
      lockoutObservationMinutes: 30,
      appliesTo: [groupUid('grp-pso-strong')],
    });
    expect(pso('pso-weak')).toMatchObject({
      scope: 'fine-grained',
      precedence: 20,
      minLength: 6,
      historySize: 0,
      maxAgeDays: 0,
      lockoutThreshold: 0,
      appliesTo: [accountUid('u-pso-weak')],
    });
  });

  it('resolves nested membership of Domain Admins through two levels and lists disabled members', () => {
    const admins = group('Domain Admins').props;
    expect(admins.privileged).toBe(true);
    expect(admins.members?.slice().sort()).toEqual(
      [accountUid('Administrator'), accountUid('da-disabled'), groupUid('tier0-outer')].sort(),
    );
    expect(admins.nestedGroups?.slice().sort()).toEqual([groupUid('tier0-inner'), groupUid('tier0-outer')].sort());
    expect(admins.effectiveMembers?.slice().sort()).toEqual(
      [accountUid('Administrator'), accountUid('da-disabled'), accountUid('da-nested')].sort(),
    );
    expect(admins.disabledMembers).toEqual([accountUid('da-disabled')]);
    expect(admins.memberCount).toBe(3);
    // The nesting groups themselves are not well-known privileged groups, their members are privileged.
    expect(group('tier0-outer').props.privileged).toBe(false);
    expect(account('da-nested').props.privileged).toBe(true);
    expect(account('da-nested').props.groups).toContain(groupUid('tier0-inner'));
    expect(admins.nestedPrivilegedGroups).toEqual([]);
    // AD nests Domain Admins and Enterprise Admins in Administrators by design; they are marked as such.
    const builtin = group('Administrators').props;
    expect(builtin.nestedPrivilegedGroups).toEqual(
      expect.arrayContaining([groupUid('Domain Admins'), groupUid('Enterprise Admins')]),
    );
    expect(builtin.nestedPrivilegedGroups?.every((g) => builtin.nestedGroups?.includes(g))).toBe(true);
  });

  it('terminates on a membership loop and still finds the members inside it', () => {
    const printers = group('Print Operators').props;
    expect(printers.privileged).toBe(true);
    expect(printers.effectiveMembers).toEqual([accountUid('u-print')]);
    expect(printers.nestedGroups?.slice().sort()).toEqual([groupUid('loop-a'), groupUid('loop-b')].sort());
    expect(account('u-print').props.privileged).toBe(true);
  });

  it('identifies privileged groups by well-known SID and counts their effective members', () => {
    const privileged = ofKind('identity.group')
      .filter((r) => (r.props as IdentityGroupProps).privileged === true)
      .map((r) => r.name)
      .sort();
    expect(privileged).toEqual(
      [
        'Account Operators',
        'Administrators',
        'Backup Operators',
        'Domain Admins',
        'Enterprise Admins',
        'Print Operators',
        'Schema Admins',
        'Server Operators',
      ].sort(),
    );
    expect(group('Backup Operators').props.memberCount).toBe(8);
    expect(group('Server Operators').props.memberCount).toBe(0);
    expect(account('u-operator').props.privileged).toBe(true);
    expect(account('u-admincount').props.privileged).toBe(true);
    expect(account('u-compliant').props.privileged).toBe(false);
    expect(account('bulk-00100').props.privileged).toBe(false);
  });

  it('never writes a password or a secret attribute into the snapshot', () => {
    for (const secret of [dc.password, dc.adminPassword, dc.limitedPassword])
      expect(snapshotText).not.toContain(secret);
    for (const attribute of ['unicodePwd', 'supplementalCredentials', 'dBCSPwd', 'ntPwdHistory', 'lmPwdHistory']) {
      expect(snapshotText).not.toContain(attribute);
    }
  });

  it('evaluates to findings on exactly the seeded violations, with control evidence', async () => {
    const file = path.join(workDir, 'snapshot.json');
    fs.writeFileSync(file, snapshotText);
    const { code, stdout, stderr } = await runCli(['evaluate', file, '--format', 'json']);
    expect(stderr).toBe('');
    expect(code).toBe(1);
    const results = JSON.parse(stdout) as Results;
    const failed = (ruleId: string) =>
      results.findings
        .filter((f) => f.ruleId === ruleId)
        .map((f) => f.resource.uid)
        .sort();
    const evidence = (ruleId: string) => results.evidence.find((e) => e.ruleId === ruleId);
    const passed = (ruleId: string) => evidence(ruleId)?.passed ?? [];
    const domainUid = uidOf(dc.seed.domain.guid);
    const psoUid = (name: string) => uidOf(dc.seed.psos[name]!.guid);

    for (const rule of [
      'identity.password_min_length',
      'identity.password_history',
      'identity.password_max_age',
      'identity.account_lockout',
    ]) {
      expect(failed(rule), rule).toContain(domainUid);
      expect(failed(rule), rule).toContain(psoUid('pso-weak'));
      expect(passed(rule), rule).toContain(psoUid('pso-strong'));
    }
    expect(failed('identity.password_never_expires')).toContain(accountUid('u-never-expires'));
    expect(failed('identity.password_not_required')).toEqual([accountUid('u-no-pwd-required')]);
    expect(failed('identity.kerberos_preauth_required')).toEqual([accountUid('u-asrep-roastable')]);
    expect(failed('identity.reversible_password_encryption')).toEqual([accountUid('u-reversible')]);
    expect(failed('identity.kerberoastable_accounts')).toContain(accountUid('svc-sql-old'));
    expect(failed('identity.kerberoastable_accounts')).not.toContain(accountUid('svc-web-fresh'));
    expect(failed('identity.krbtgt_password_age')).toEqual([accountUid('krbtgt')]);
    expect(failed('identity.inactive_accounts')).toContain(accountUid('u-inactive'));
    expect(failed('identity.inactive_accounts')).not.toContain(accountUid('u-disabled-inactive'));
    expect(failed('identity.inactive_accounts')).not.toContain(accountUid('u-compliant'));
    const delegation = failed('identity.unconstrained_delegation');
    expect(delegation).toContain(accountUid('ws-unconstrained'));
    expect(delegation).not.toContain(accountUid('DC1'));
    expect(failed('identity.stale_computer_accounts')).toEqual([accountUid('ws-stale')]);
    expect(passed('identity.stale_computer_accounts')).toContain(accountUid('ws-fresh'));
    expect(passed('identity.stale_computer_accounts')).not.toContain(accountUid('DC1'));
    const hygiene = failed('identity.privileged_group_hygiene');
    for (const name of ['Domain Admins', 'Backup Operators', 'Print Operators'])
      expect(hygiene, name).toContain(groupUid(name));
    expect(passed('identity.privileged_group_hygiene')).toContain(groupUid('Server Operators'));

    // The account that satisfies every rule fails none.
    expect(results.findings.filter((f) => f.resource.uid === accountUid('u-compliant'))).toEqual([]);
    // Control evidence: the PCI DSS length requirement is decided by these resources.
    const pci = results.frameworks.find((f) => f.id.startsWith('pci'));
    const control = pci?.controls.find((c) => c.id === '8.3.6');
    expect(control?.status).toBe('fail');
  });
});
