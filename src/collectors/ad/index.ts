// `collectAd`: one Active Directory domain over LDAP into identity.* resources. Connecting and
// binding are all-or-nothing (AdCollectError); after that every failed or partial read becomes a
// gap and the rest of the collection goes on.
import { Redactor } from '../../kit/redaction.ts';
import type { IdentityGroupProps, IdentityUserProps, Kind } from '../../model/kinds.ts';
import type { Gap, Resource, Source } from '../../model/resource.ts';
import { DEFAULT_PAGE_SIZE } from './collector.ts';
import { text, texts } from './entry.ts';
import { AdCollectError } from './errors.ts';
import { directGroupsOf, expandGroups, PRIVILEGED_GROUP_NAMES, privilegedGroupName } from './groups.ts';
import { dnsNameFromDn, domainSidOf, normalizeDn } from './ids.ts';
import { type ConnectOptions, connectDirectory, type Directory, type SearchOutcome, type SearchSpec } from './ldap.ts';
import {
  type AccountRecord,
  type GroupRecord,
  type MapContext,
  mapAccount,
  mapDomainPolicy,
  mapGroup,
  mapPso,
} from './map.ts';
import { AttributeProblems } from './problems.ts';
import * as q from './queries.ts';
import { completeRangedAttribute } from './ranged.ts';

export { AdCollectError } from './errors.ts';

/** AD's default MaxPageSize is 1,000; half of it leaves room under a lowered server limit. */

export interface AdCollectOptions extends ConnectOptions {
  /** The domain's naming context; read from the RootDSE when absent. */
  baseDn?: string;
  pageSize?: number;
  now?: () => Date;
  /** When aborted, no further search is made: what was read is returned, with gaps for the rest. */
  signal?: AbortSignal;
  /** Told what was read, search by search. */
  progress?: (message: string) => void;
}

export interface AdCollection {
  source: Source;
  resources: Resource[];
}

/** Connects, binds and snapshots the domain. Throws AdCollectError only when nothing could be read. */
export async function collectAd(options: AdCollectOptions): Promise<AdCollection> {
  const now = options.now ?? (() => new Date());
  const startedAt = now();
  const redactor = new Redactor();
  redactor.add(options.password);
  let directory: Directory;
  try {
    directory = await connectDirectory(options);
  } catch (error) {
    throw redactError(error, redactor);
  }
  try {
    const collection = await collectFromDirectory(directory, { ...options, now, startedAt });
    return redactCollection(collection, redactor);
  } catch (error) {
    throw redactError(error, redactor);
  } finally {
    await directory.close();
  }
}

export interface DirectoryCollectOptions {
  /** Where the directory was reached, for the source's target and method. */
  url: string;
  bindDn: string;
  baseDn?: string;
  pageSize?: number;
  now?: () => Date;
  startedAt?: Date;
  insecureSkipVerify?: boolean;
  startTls?: boolean;
  caFile?: string;
  signal?: AbortSignal;
  progress?: (message: string) => void;
}

interface Read {
  spec: SearchSpec;
  outcome: SearchOutcome;
}

/** The collection itself, over any Directory (a bound LDAP connection, or recorded entries in tests). */
export async function collectFromDirectory(given: Directory, options: DirectoryCollectOptions): Promise<AdCollection> {
  const directory = options.signal ? cancellable(given, options.signal) : given;
  const now = options.now ?? (() => new Date());
  const startedAt = options.startedAt ?? now();
  const pageSize = options.pageSize ?? DEFAULT_PAGE_SIZE;
  const queries: string[] = [];
  const gaps: Gap[] = [];
  const search = async (spec: SearchSpec): Promise<Read> => {
    queries.push(q.describeSearch(spec));
    const outcome = await directory.search(spec);
    options.progress?.(`${spec.base} ${spec.filter}: ${outcome.entries.length} entries in ${outcome.pages} pages`);
    return { spec, outcome };
  };
  const recordFailure = (read: Read, what: string, kinds: Kind[]) => {
    const { failure, entries, pages } = read.outcome;
    if (!failure) return;
    const sofar = entries.length > 0 ? `; stopped after ${entries.length} entries in ${pages} pages` : '';
    gaps.push({
      reason: failure.reason,
      message: `${what} could not be read completely: ${failure.message}${sofar}`,
      endpoint: read.spec.base,
      ...(failure.reason === 'permission-denied' ? { permission: `read ${what}` } : {}),
      kinds,
    });
  };

  const baseDn = options.baseDn ?? (await namingContext(search, options.url));
  const domain = dnsNameFromDn(baseDn) ?? baseDn.toLowerCase();
  const ctx: MapContext = {
    domain,
    sourceId: `ad:${domain}`,
    now: startedAt,
    problems: new AttributeProblems(options.url),
  };

  const domainRead = await search(q.domainObject(baseDn));
  recordFailure(domainRead, 'the domain object (password and lockout policy)', ['identity.password_policy']);
  const userRead = await search(q.users(baseDn, pageSize));
  recordFailure(userRead, 'user accounts', ['identity.user', 'identity.group']);
  const computerRead = await search(q.computers(baseDn, pageSize));
  recordFailure(computerRead, 'computer accounts', ['identity.user', 'identity.group']);
  const groupRead = await search(q.groups(baseDn, pageSize));
  recordFailure(groupRead, 'groups', ['identity.group', 'identity.user']);
  for (const entry of groupRead.outcome.entries) {
    const failure = await completeRangedAttribute(directory, entry, 'member', (spec) =>
      queries.push(q.describeSearch(spec)),
    );
    if (failure) {
      gaps.push({
        reason: failure.reason,
        message: `the members of ${entry.dn} could not all be read (ranged retrieval): ${failure.message}`,
        endpoint: entry.dn,
        ...(failure.reason === 'permission-denied' ? { permission: 'read member' } : {}),
        kinds: ['identity.group', 'identity.user'],
      });
    }
  }

  const resources: Resource[] = [];
  const domainEntry = domainRead.outcome.entries[0];
  if (domainEntry) resources.push(mapDomainPolicy(domainEntry, ctx));
  else if (!domainRead.outcome.failure) {
    gaps.push({
      reason: 'unreadable',
      message: `the domain object ${baseDn} was not returned: is --base-dn the domain's naming context?`,
      endpoint: baseDn,
      kinds: ['identity.password_policy'],
    });
  }

  const accounts = [
    ...userRead.outcome.entries.map((e) => mapAccount(e, 'user', ctx)),
    ...computerRead.outcome.entries.map((e) => mapAccount(e, 'computer', ctx)),
  ];
  const groups = groupRead.outcome.entries.map((e) => mapGroup(e, ctx));
  const membership = linkMembership(accounts, groups, ctx, groupRead.outcome.failure === undefined);
  for (const item of membership.gaps) gaps.push(item);

  const psoRead = await readPsos(search, baseDn, pageSize, gaps);
  const psos = psoRead.map((e) => mapPso(e, ctx, membership.resolve));
  for (const item of unlistedPsoGaps(psos, accounts, groups, groupRead, userRead, computerRead)) gaps.push(item);

  for (const list of [psos, dedupe(accounts.map((a) => a.resource)), dedupe(groups.map((g) => g.resource))])
    for (const item of list) resources.push(item);
  for (const item of ctx.problems.toGaps()) gaps.push(item);

  const references = [userRead, computerRead, groupRead].flatMap((r) => r.outcome.references);
  const finishedAt = now();
  const source: Source = {
    id: ctx.sourceId,
    collector: 'ad',
    target: `${domain} via ${options.url}`,
    startedAt: startedAt.toISOString(),
    finishedAt: finishedAt.toISOString(),
    status: gaps.some((g) => g.reason !== 'unresolved-reference') ? 'partial' : 'ok',
    gaps,
    itemCount:
      domainRead.outcome.entries.length +
      psoRead.length +
      userRead.outcome.entries.length +
      computerRead.outcome.entries.length +
      groupRead.outcome.entries.length,
    method: describeMethod(options, {
      baseDn,
      pageSize,
      startedAt,
      counts: { users: userRead.outcome, computers: computerRead.outcome, groups: groupRead.outcome },
      psos: psoRead.length,
      references: [...new Set(references)],
    }),
    queries,
  };
  return { source, resources };
}

async function namingContext(search: (spec: SearchSpec) => Promise<Read>, url: string): Promise<string> {
  const read = await search(q.rootDse());
  const entry = read.outcome.entries[0];
  const dn = entry ? text(entry, 'defaultNamingContext') : undefined;
  if (dn) return dn;
  const why = read.outcome.failure ? `: ${read.outcome.failure.message}` : '';
  throw new AdCollectError(
    'other',
    `the server at ${url} did not name its domain (RootDSE defaultNamingContext)${why}; pass --base-dn`,
  );
}

/**
 * The Password Settings Container is not readable by ordinary users by default. It is checked
 * first so that "no fine-grained policies" is only claimed when the container could be read.
 */
async function readPsos(search: (spec: SearchSpec) => Promise<Read>, baseDn: string, pageSize: number, gaps: Gap[]) {
  const container = q.passwordSettingsContainer(baseDn);
  const containerRead = await search(q.psoContainer(baseDn));
  if (containerRead.outcome.failure || containerRead.outcome.entries.length === 0) {
    const why = containerRead.outcome.failure?.message ?? 'not returned';
    gaps.push({
      reason: 'permission-denied',
      message: `fine-grained password policies were not read: ${container} is not visible to the bind account (${why}). Grant it read access to that container (see docs/active-directory.md).`,
      endpoint: container,
      permission: `read ${container}`,
      kinds: ['identity.password_policy'],
    });
    return [];
  }
  const read = await search(q.psos(baseDn, pageSize));
  if (read.outcome.failure) {
    gaps.push({
      reason: read.outcome.failure.reason,
      message: `fine-grained password policies could not be read completely: ${read.outcome.failure.message}`,
      endpoint: container,
      ...(read.outcome.failure.reason === 'permission-denied' ? { permission: 'read msDS-PasswordSettings' } : {}),
      kinds: ['identity.password_policy'],
    });
  }
  return read.outcome.entries;
}

/** PSOs named by accounts' or groups' msDS-PSOApplied but not listed: hidden from the bind account. */
function unlistedPsoGaps(psos: Resource[], accounts: AccountRecord[], groups: GroupRecord[], ...reads: Read[]): Gap[] {
  const listed = new Set(
    psos.map((p) => normalizeDn(String((p.raw as { distinguishedName: string }).distinguishedName))),
  );
  const named = new Set(
    reads
      .flatMap((r) => r.outcome.entries)
      .flatMap((e) => texts(e, 'msDS-PSOApplied'))
      .map(normalizeDn)
      .filter((dn) => !listed.has(dn)),
  );
  if (named.size === 0 || (accounts.length === 0 && groups.length === 0)) return [];
  return [
    {
      reason: 'permission-denied',
      message: `${named.size} fine-grained password policies apply to accounts or groups (msDS-PSOApplied) but could not be read: ${[...named].sort().join('; ')}`,
      permission: 'read msDS-PasswordSettings',
      kinds: ['identity.password_policy'],
    },
  ];
}

function dedupe<T extends Resource>(resources: T[]): T[] {
  const seen = new Set<string>();
  return resources.filter((r) => !seen.has(r.uid) && seen.add(r.uid));
}

interface Membership {
  gaps: Gap[];
  /** A DN (as in member, memberOf, msDS-PSOAppliesTo) to the uid of the object it names. */
  resolve: (dn: string) => string;
}

/** Uid for a member that was not collected: a foreign security principal by SID, anything else by DN. */
function unresolvedUid(domain: string, dnKey: string): string {
  const fsp = /^cn=(s-1-[\d-]+),cn=foreignsecurityprincipals,/i.exec(dnKey);
  return fsp ? `ad:${domain}:sid:${fsp[1]!.toUpperCase()}` : `ad:${domain}:dn:${dnKey}`;
}

/**
 * Direct members from `member`, memberOf backlinks and primary groups; effective members through
 * nesting; privileged accounts. Fills the group props and the accounts' groups/privileged.
 */
function linkMembership(
  accounts: AccountRecord[],
  groups: GroupRecord[],
  ctx: MapContext,
  groupsComplete: boolean,
): Membership {
  const byDn = new Map<string, string>();
  const accountByUid = new Map<string, AccountRecord>();
  for (const a of accounts) {
    byDn.set(normalizeDn(rawDn(a.resource)), a.resource.uid);
    accountByUid.set(a.resource.uid, a);
  }
  const groupBySid = new Map<string, GroupRecord>();
  const groupByDn = new Map<string, GroupRecord>();
  for (const g of groups) {
    const dn = normalizeDn(rawDn(g.resource));
    byDn.set(dn, g.resource.uid);
    groupByDn.set(dn, g);
    if (g.sid) groupBySid.set(g.sid, g);
  }
  const resolve = (dn: string) => {
    const key = normalizeDn(dn);
    return byDn.get(key) ?? unresolvedUid(ctx.domain, key);
  };

  const members = new Map<string, Set<string>>(groups.map((g) => [g.resource.uid, new Set(g.memberDns.map(resolve))]));
  // memberOf is the backlink of member: an account it names but the group does not list means
  // the group's member attribute was not fully readable.
  const hiddenMembers = new Map<string, number>();
  for (const a of accounts) {
    for (const dn of a.memberOf) {
      const g = groupByDn.get(dn);
      if (!g) continue;
      const direct = members.get(g.resource.uid)!;
      if (!direct.has(a.resource.uid)) {
        direct.add(a.resource.uid);
        hiddenMembers.set(g.resource.uid, (hiddenMembers.get(g.resource.uid) ?? 0) + 1);
      }
    }
    // The primary group (Domain Users, Domain Computers, or a deliberately changed one) is not in member.
    if (a.sid && a.primaryGroupRid !== undefined) {
      const g = groupBySid.get(`${domainSidOf(a.sid)}-${a.primaryGroupRid}`);
      if (g) members.get(g.resource.uid)!.add(a.resource.uid);
    }
  }

  const expansion = expandGroups(members, (uid) => accountByUid.has(uid));
  const privilegedGroupUids = new Set(groups.filter((g) => privilegedGroupName(g.sid)).map((g) => g.resource.uid));
  const privilegedAccounts = new Set<string>();
  const gaps: Gap[] = [];
  const unresolvedInPrivileged: string[] = [];
  for (const g of groups) {
    const uid = g.resource.uid;
    const { accounts: effective, nestedGroups } = expansion.get(uid)!;
    const privilegedName = privilegedGroupName(g.sid);
    const direct = [...members.get(uid)!].sort();
    const props: IdentityGroupProps = {
      members: direct,
      effectiveMembers: effective,
      nestedGroups,
      nestedPrivilegedGroups: nestedGroups.filter((n) => privilegedGroupUids.has(n)),
      disabledMembers: effective.filter((m) => accountByUid.get(m)!.resource.props.enabled === false),
      memberCount: effective.length,
    };
    if (g.sid) props.privileged = privilegedName !== undefined;
    g.resource.props = props;
    if (privilegedName) {
      for (const m of effective) privilegedAccounts.add(m);
      const unresolved = [uid, ...nestedGroups].flatMap((n) =>
        [...(members.get(n) ?? [])].filter((m) => !accountByUid.has(m) && !members.has(m)),
      );
      if (unresolved.length > 0)
        unresolvedInPrivileged.push(`${g.resource.name}: ${[...new Set(unresolved)].sort().join(', ')}`);
    }
  }
  if (hiddenMembers.size > 0) {
    const total = [...hiddenMembers.values()].reduce((a, b) => a + b, 0);
    gaps.push({
      reason: 'permission-denied',
      message: `${hiddenMembers.size} groups did not list ${total} members that the members' memberOf names: the bind account cannot read their member attribute fully. Those members were added from memberOf; members of other domains or nested groups may still be missing.`,
      endpoint: ctx.problems.endpoint,
      permission: 'read member',
      kinds: ['identity.group', 'identity.user'],
    });
  }
  if (unresolvedInPrivileged.length > 0) {
    gaps.push({
      reason: 'unresolved-reference',
      message: `privileged groups have members outside this domain's users, computers and groups (foreign security principals or other domains), not expanded or counted: ${unresolvedInPrivileged.join('; ')}`,
      kinds: ['identity.group'],
    });
  }

  const groupsOf = directGroupsOf(members);
  for (const a of accounts) {
    const props = a.resource.props as IdentityUserProps;
    const marked = props.adminCount === 1;
    if (groupsComplete) {
      props.groups = groupsOf.get(a.resource.uid) ?? [];
      props.privileged = marked || privilegedAccounts.has(a.resource.uid);
    } else if (marked || privilegedAccounts.has(a.resource.uid)) {
      // Group membership is incomplete: only a positive answer is certain.
      props.privileged = true;
    }
  }
  return { gaps, resolve };
}

function rawDn(resource: Resource): string {
  return String((resource.raw as { distinguishedName: string }).distinguishedName);
}

interface MethodFacts {
  baseDn: string;
  pageSize: number;
  startedAt: Date;
  counts: Record<'users' | 'computers' | 'groups', SearchOutcome>;
  psos: number;
  references: string[];
}

function describeMethod(options: DirectoryCollectOptions, facts: MethodFacts): string {
  const transport = options.startTls ? 'LDAP with StartTLS' : 'LDAPS';
  const verification = options.insecureSkipVerify
    ? "the server's certificate was NOT verified (--insecure-skip-verify): the connection may have been intercepted"
    : `the server's certificate verified against the system CAs${options.caFile ? ` and ${options.caFile}` : ''}`;
  const count = (name: string, o: SearchOutcome) => `${o.entries.length} ${name} in ${o.pages} pages`;
  const refs =
    facts.references.length > 0
      ? ` Continuation references to other naming contexts were not followed (they hold no accounts of this domain): ${facts.references.join(', ')}.`
      : '';
  return [
    `${transport} to ${options.url}, ${verification}; simple bind as ${options.bindDn} (read-only).`,
    `Read the domain object ${facts.baseDn} (password and lockout policy), fine-grained password policies in ${q.passwordSettingsContainer(facts.baseDn)} (${facts.psos} visible to the bind account; AD shows PSOs only to Domain Admins unless read access is delegated),`,
    `users ${q.USER_FILTER}, computers ${q.COMPUTER_FILTER} and groups ${q.GROUP_FILTER} under ${facts.baseDn}, with paged searches (RFC 2696, ${facts.pageSize} per page): ${count('users', facts.counts.users)}, ${count('computers', facts.counts.computers)}, ${count('groups', facts.counts.groups)};`,
    "group members beyond the server's value limit read by ranged retrieval.",
    'Effective members of every group are expanded through nested groups (cycles stopped) and include primary-group members and memberOf backlinks;',
    `privileged groups are recognised by well-known SID/RID (${PRIVILEGED_GROUP_NAMES.join(', ')}); an account is privileged when an effective member of one or adminCount=1.`,
    `Ages are whole days at ${facts.startedAt.toISOString()}; last logon comes from lastLogonTimestamp, which AD replicates up to 14 days late, and its absence means never logged on.${refs}`,
  ].join(' ');
}

/**
 * Once the signal is aborted, searches are not sent: each reports that the collection was
 * cancelled, so what it hides becomes a gap like any other unread search.
 */
function cancellable(directory: Directory, signal: AbortSignal): Directory {
  return {
    search: (spec) =>
      signal.aborted
        ? Promise.resolve({
            entries: [],
            references: [],
            pages: 0,
            failure: { reason: 'other', message: 'the collection was cancelled before this search' },
          })
        : directory.search(spec),
    close: () => directory.close(),
  };
}

function redactError(error: unknown, redactor: Redactor): unknown {
  if (error instanceof AdCollectError) return new AdCollectError(error.code, redactor.redact(error.message));
  if (error instanceof Error) return new Error(redactor.redact(error.message));
  return error;
}

/** Defence in depth: the password is never requested or echoed, but no text leaves with it either. */
function redactCollection(collection: AdCollection, redactor: Redactor): AdCollection {
  const { source } = collection;
  return {
    ...collection,
    source: {
      ...source,
      method: source.method && redactor.redact(source.method),
      gaps: source.gaps.map((g) => ({ ...g, message: redactor.redact(g.message) })),
    },
  };
}
