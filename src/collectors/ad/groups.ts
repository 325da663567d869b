// Group membership as the model needs it: direct members, every account reached through nested
// groups (AD allows cycles), and which groups are privileged. Privileged groups are recognised by
// SID, never by name, because names are localised and can be renamed.

/** Well-known privileged groups: built-in local groups by full SID, domain groups by RID. */
const PRIVILEGED_BUILTIN: Record<string, string> = {
  'S-1-5-32-544': 'Administrators',
  'S-1-5-32-548': 'Account Operators',
  'S-1-5-32-549': 'Server Operators',
  'S-1-5-32-550': 'Print Operators',
  'S-1-5-32-551': 'Backup Operators',
};

/** Enterprise Admins and Schema Admins exist in the forest root domain only; any domain SID matches. */
const PRIVILEGED_DOMAIN_RIDS: Record<number, string> = {
  512: 'Domain Admins',
  518: 'Schema Admins',
  519: 'Enterprise Admins',
};

/** The well-known name of a privileged group's SID, or undefined for any other SID. */
export function privilegedGroupName(sid: string | undefined): string | undefined {
  if (!sid) return undefined;
  if (PRIVILEGED_BUILTIN[sid]) return PRIVILEGED_BUILTIN[sid];
  const match = /^S-1-5-21-\d+-\d+-\d+-(\d+)$/.exec(sid);
  return match ? PRIVILEGED_DOMAIN_RIDS[Number(match[1])] : undefined;
}

export const PRIVILEGED_GROUP_NAMES = [...Object.values(PRIVILEGED_DOMAIN_RIDS), ...Object.values(PRIVILEGED_BUILTIN)];

export interface Expansion {
  /** Accounts (user or computer uids) reached directly or through nested groups. */
  accounts: string[];
  /** Groups reached through nesting, the group itself excluded even when a cycle leads back to it. */
  nestedGroups: string[];
}

/**
 * Expands every group's direct members. `members` maps a group uid to its direct member uids;
 * `isAccount` tells accounts from groups and from members that were not collected (foreign
 * principals, other domains), which are neither expanded nor counted.
 */
export function expandGroups(
  members: ReadonlyMap<string, ReadonlySet<string>>,
  isAccount: (uid: string) => boolean,
): Map<string, Expansion> {
  const result = new Map<string, Expansion>();
  for (const group of members.keys()) {
    const accounts = new Set<string>();
    const seen = new Set<string>([group]);
    const stack = [group];
    while (stack.length > 0) {
      for (const member of members.get(stack.pop()!) ?? []) {
        if (isAccount(member)) accounts.add(member);
        else if (members.has(member) && !seen.has(member)) {
          seen.add(member);
          stack.push(member);
        }
      }
    }
    seen.delete(group);
    result.set(group, { accounts: [...accounts].sort(), nestedGroups: [...seen].sort() });
  }
  return result;
}

/** For each member uid, the groups that list it directly. */
export function directGroupsOf(members: ReadonlyMap<string, ReadonlySet<string>>): Map<string, string[]> {
  const result = new Map<string, string[]>();
  for (const [group, direct] of members) {
    for (const member of direct) result.set(member, [...(result.get(member) ?? []), group]);
  }
  for (const list of result.values()) list.sort();
  return result;
}
