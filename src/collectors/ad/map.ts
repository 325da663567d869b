// LDAP entries → normalized resources. Each prop is set only from a value that was read and
// understood; an unreadable or malformed value leaves the prop absent and is counted as a problem,
// so no account looks compliant because something could not be read.
import type { IdentityPasswordPolicyProps, IdentityUserProps, Kind } from '../../model/kinds.ts';
import type { Resource } from '../../model/resource.ts';
import { bytes, has, type LdapEntry, text, texts } from './entry.ts';
import { guidToString, normalizeDn, ridOf, sidToString } from './ids.ts';
import type { AttributeProblems } from './problems.ts';
import { fileTimeToIso, generalizedTimeToIso, intervalTo, type Parsed, wholeDaysSince } from './time.ts';
import { parseUac } from './uac.ts';

export interface MapContext {
  domain: string;
  sourceId: string;
  now: Date;
  problems: AttributeProblems;
}

/** `ad:<domain>:<objectGUID>`, stable across renames and moves; the DN only when the GUID is unreadable. */
export function objectUid(ctx: MapContext, entry: LdapEntry): string {
  const guid = bytes(entry, 'objectGUID');
  const value = guid ? guidToString(guid) : undefined;
  return value ? `ad:${ctx.domain}:${value}` : `ad:${ctx.domain}:dn:${normalizeDn(entry.dn)}`;
}

export function objectSid(entry: LdapEntry): string | undefined {
  const sid = bytes(entry, 'objectSid');
  return sid ? sidToString(sid) : undefined;
}

/** The attributes as read, binary ids in their string forms, absent attributes left out. */
export function rawOf(entry: LdapEntry): Record<string, unknown> {
  const raw: Record<string, unknown> = { distinguishedName: entry.dn };
  for (const [key, value] of Object.entries(entry)) {
    if (key === 'dn' || (Array.isArray(value) && value.length === 0)) continue;
    const lower = key.toLowerCase();
    if (lower === 'objectguid')
      raw[key] = Buffer.isBuffer(value) ? (guidToString(value) ?? value.toString('hex')) : value;
    else if (lower === 'objectsid')
      raw[key] = Buffer.isBuffer(value) ? (sidToString(value) ?? value.toString('hex')) : value;
    else raw[key] = Buffer.isBuffer(value) ? value.toString('base64') : value;
  }
  return raw;
}

function envelope<K extends Kind>(
  ctx: MapContext,
  entry: LdapEntry,
  kind: K,
  nativeType: string,
  name: string,
  props: Resource<K>['props'],
): Resource<K> {
  return {
    uid: objectUid(ctx, entry),
    kind,
    provider: 'ad',
    nativeType,
    name,
    location: { domain: ctx.domain },
    props,
    raw: rawOf(entry),
    sourceId: ctx.sourceId,
  };
}

/** Reads one attribute through a parser, counting an absent (when required) or unparseable value. */
function read<T>(
  ctx: MapContext,
  entry: LdapEntry,
  where: { kind: Kind; nativeType: string },
  attribute: string,
  parse: (value: string) => Parsed<T>,
  required: boolean,
): T | undefined {
  const value = text(entry, attribute);
  if (value === undefined) {
    if (required) ctx.problems.missing(where.kind, where.nativeType, attribute, entry.dn);
    return undefined;
  }
  const parsed = parse(value);
  if (!parsed.ok) {
    ctx.problems.malformed(where.kind, where.nativeType, attribute, `${entry.dn}: ${parsed.problem}`);
    return undefined;
  }
  return parsed.value;
}

function nonNegativeInteger(value: string): Parsed<number> {
  return /^\d+$/.test(value.trim())
    ? { ok: true, value: Number(value) }
    : { ok: false, problem: `'${value}' is not a count` };
}

function integer(value: string): Parsed<number> {
  return /^-?\d+$/.test(value.trim())
    ? { ok: true, value: Number(value) }
    : { ok: false, problem: `'${value}' is not an integer` };
}

function boolean(value: string): Parsed<boolean> {
  const upper = value.trim().toUpperCase();
  return upper === 'TRUE' || upper === 'FALSE'
    ? { ok: true, value: upper === 'TRUE' }
    : { ok: false, problem: `'${value}' is not TRUE or FALSE` };
}

/** "Never" and "forever" intervals are 0 in the model (no expiry; locked until an admin unlocks). */
const interval =
  (unit: 'days' | 'minutes', round: 'up' | 'down') =>
  (value: string): Parsed<number> => {
    const parsed = intervalTo(value, unit, round);
    return parsed.ok ? { ok: true, value: parsed.value ?? 0 } : parsed;
  };

/** Drops undefined values so the props hold only what was read. */
function defined<T extends object>(props: T): T {
  return Object.fromEntries(Object.entries(props).filter(([, v]) => v !== undefined)) as T;
}

const POLICY = { kind: 'identity.password_policy', nativeType: 'domainDNS' } as const;

export function mapDomainPolicy(entry: LdapEntry, ctx: MapContext): Resource<'identity.password_policy'> {
  ctx.problems.seen(POLICY.nativeType);
  const get = <T>(attribute: string, parse: (v: string) => Parsed<T>) =>
    read(ctx, entry, POLICY, attribute, parse, true);
  const pwdProperties = get('pwdProperties', integer);
  const props: IdentityPasswordPolicyProps = defined({
    scope: 'domain' as const,
    minLength: get('minPwdLength', nonNegativeInteger),
    historySize: get('pwdHistoryLength', nonNegativeInteger),
    // Rounded so that the configured interval, not a rounded one, meets a threshold: max up, min down.
    maxAgeDays: get('maxPwdAge', interval('days', 'up')),
    minAgeDays: get('minPwdAge', interval('days', 'down')),
    // DOMAIN_PASSWORD_COMPLEX is bit 0 of pwdProperties.
    complexity: pwdProperties === undefined ? undefined : (pwdProperties & 1) === 1,
    lockoutThreshold: get('lockoutThreshold', nonNegativeInteger),
    lockoutDurationMinutes: get('lockoutDuration', interval('minutes', 'down')),
    lockoutObservationMinutes: get('lockOutObservationWindow', interval('minutes', 'up')),
  });
  return envelope(ctx, entry, 'identity.password_policy', POLICY.nativeType, ctx.domain, props);
}

const PSO = { kind: 'identity.password_policy', nativeType: 'msDS-PasswordSettings' } as const;

/** A fine-grained password policy; `resolve` turns msDS-PSOAppliesTo DNs into user/group uids. */
export function mapPso(
  entry: LdapEntry,
  ctx: MapContext,
  resolve: (dn: string) => string,
): Resource<'identity.password_policy'> {
  ctx.problems.seen(PSO.nativeType);
  const get = <T>(attribute: string, parse: (v: string) => Parsed<T>) => read(ctx, entry, PSO, attribute, parse, true);
  const props: IdentityPasswordPolicyProps = defined({
    scope: 'fine-grained' as const,
    minLength: get('msDS-MinimumPasswordLength', nonNegativeInteger),
    historySize: get('msDS-PasswordHistoryLength', nonNegativeInteger),
    maxAgeDays: get('msDS-MaximumPasswordAge', interval('days', 'up')),
    minAgeDays: get('msDS-MinimumPasswordAge', interval('days', 'down')),
    complexity: get('msDS-PasswordComplexityEnabled', boolean),
    lockoutThreshold: get('msDS-LockoutThreshold', nonNegativeInteger),
    lockoutDurationMinutes: get('msDS-LockoutDuration', interval('minutes', 'down')),
    lockoutObservationMinutes: get('msDS-LockoutObservationWindow', interval('minutes', 'up')),
    precedence: get('msDS-PasswordSettingsPrecedence', nonNegativeInteger),
    // Optional in the schema: a PSO that applies to nobody has none.
    appliesTo: texts(entry, 'msDS-PSOAppliesTo').map(resolve).sort(),
  });
  return envelope(ctx, entry, 'identity.password_policy', PSO.nativeType, text(entry, 'cn') ?? entry.dn, props);
}

export interface AccountRecord {
  resource: Resource<'identity.user'>;
  sid?: string;
  /** Normalized DNs of the groups the entry's memberOf names. */
  memberOf: string[];
  /** RID of the primary group, whose membership AD does not list in `member`. */
  primaryGroupRid?: number;
}

const ALWAYS_ON = ['objectSid', 'sAMAccountName', 'whenCreated'];

/** A user or computer account, without the props that need the other objects (groups, privileged). */
export function mapAccount(entry: LdapEntry, accountType: 'user' | 'computer', ctx: MapContext): AccountRecord {
  const where = { kind: 'identity.user', nativeType: accountType } as const;
  ctx.problems.seen(accountType);
  for (const attribute of ALWAYS_ON)
    if (!has(entry, attribute)) ctx.problems.missing(where.kind, accountType, attribute, entry.dn);
  const uac = read(
    ctx,
    entry,
    where,
    'userAccountControl',
    (v) => {
      const flags = parseUac(v);
      return flags ? { ok: true, value: flags } : { ok: false, problem: `'${v}' is not a userAccountControl value` };
    },
    true,
  );
  const fileTime = (v: string) => fileTimeToIso(v);
  const pwdLastSet = read(ctx, entry, where, 'pwdLastSet', fileTime, true);
  // lastLogonTimestamp is absent until the first logon, so its absence is not a read problem.
  const lastLogon = has(entry, 'lastLogonTimestamp')
    ? read(ctx, entry, where, 'lastLogonTimestamp', fileTime, true)
    : null;
  const created = read(ctx, entry, where, 'whenCreated', generalizedTimeToIso, true);
  const primaryGroupRid = read(ctx, entry, where, 'primaryGroupID', nonNegativeInteger, true);
  const props: IdentityUserProps = defined({
    accountType,
    enabled: uac?.enabled,
    passwordNeverExpires: uac?.passwordNeverExpires,
    passwordNotRequired: uac?.passwordNotRequired,
    preAuthNotRequired: uac?.preAuthNotRequired,
    reversibleEncryption: uac?.reversibleEncryption,
    trustedForDelegation: uac?.trustedForDelegation,
    isDomainController: uac?.isDomainController,
    servicePrincipalNames: texts(entry, 'servicePrincipalName').sort(),
    adminCount: read(ctx, entry, where, 'adminCount', nonNegativeInteger, false),
    // pwdLastSet 0 means "must change at next logon": no set date to measure from.
    passwordLastSet: pwdLastSet ?? undefined,
    passwordAgeDays: pwdLastSet ? wholeDaysSince(pwdLastSet, ctx.now) : undefined,
    lastLogon: lastLogon ?? undefined,
    daysSinceLastLogon: lastLogon ? wholeDaysSince(lastLogon, ctx.now) : undefined,
    neverLoggedOn: lastLogon === undefined ? undefined : lastLogon === null,
    accountAgeDays: created ? wholeDaysSince(created, ctx.now) : undefined,
  });
  const sid = objectSid(entry);
  const resource = envelope(ctx, entry, 'identity.user', accountType, text(entry, 'sAMAccountName') ?? entry.dn, props);
  return {
    resource,
    sid,
    memberOf: texts(entry, 'memberOf').map(normalizeDn),
    primaryGroupRid,
  };
}

export interface GroupRecord {
  resource: Resource<'identity.group'>;
  sid?: string;
  rid?: number;
  /** Normalized DNs of the direct members the `member` attribute lists. */
  memberDns: string[];
}

export function mapGroup(entry: LdapEntry, ctx: MapContext): GroupRecord {
  ctx.problems.seen('group');
  for (const attribute of ['objectSid', 'sAMAccountName']) {
    if (!has(entry, attribute)) ctx.problems.missing('identity.group', 'group', attribute, entry.dn);
  }
  const sid = objectSid(entry);
  const resource = envelope(ctx, entry, 'identity.group', 'group', text(entry, 'sAMAccountName') ?? entry.dn, {});
  return { resource, sid, rid: sid ? ridOf(sid) : undefined, memberDns: texts(entry, 'member').map(normalizeDn) };
}
