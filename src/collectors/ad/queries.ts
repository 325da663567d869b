// What the collector asks the directory for: every search's base, scope, filter and attributes.
// Only these attributes are requested, so no password hash or secret attribute is ever read.
import type { SearchSpec } from './ldap.ts';

export const ROOT_DSE_ATTRIBUTES = ['defaultNamingContext', 'rootDomainNamingContext', 'dnsHostName'];

export const DOMAIN_POLICY_ATTRIBUTES = [
  'minPwdLength',
  'pwdHistoryLength',
  'maxPwdAge',
  'minPwdAge',
  'pwdProperties',
  'lockoutThreshold',
  'lockoutDuration',
  'lockOutObservationWindow',
] as const;

export const PSO_ATTRIBUTES = [
  'msDS-MinimumPasswordLength',
  'msDS-PasswordHistoryLength',
  'msDS-MaximumPasswordAge',
  'msDS-MinimumPasswordAge',
  'msDS-PasswordComplexityEnabled',
  'msDS-PasswordReversibleEncryptionEnabled',
  'msDS-LockoutThreshold',
  'msDS-LockoutDuration',
  'msDS-LockoutObservationWindow',
  'msDS-PasswordSettingsPrecedence',
] as const;

export const ACCOUNT_ATTRIBUTES = [
  'objectGUID',
  'objectSid',
  'sAMAccountName',
  'userAccountControl',
  'pwdLastSet',
  'lastLogonTimestamp',
  'whenCreated',
  'adminCount',
  'servicePrincipalName',
  'memberOf',
  'primaryGroupID',
  // Backlink to the fine-grained policies that apply: shows PSOs the account could not list.
  'msDS-PSOApplied',
];

export const GROUP_ATTRIBUTES = [
  'objectGUID',
  'objectSid',
  'sAMAccountName',
  'groupType',
  'member',
  'adminCount',
  'msDS-PSOApplied',
];

export const USER_FILTER = '(&(objectCategory=person)(objectClass=user))';
export const COMPUTER_FILTER = '(objectClass=computer)';
export const GROUP_FILTER = '(objectClass=group)';
export const PSO_FILTER = '(objectClass=msDS-PasswordSettings)';

export function passwordSettingsContainer(baseDn: string): string {
  return `CN=Password Settings Container,CN=System,${baseDn}`;
}

export function rootDse(): SearchSpec {
  return { base: '', scope: 'base', filter: '(objectClass=*)', attributes: ROOT_DSE_ATTRIBUTES };
}

export function domainObject(baseDn: string): SearchSpec {
  return {
    base: baseDn,
    scope: 'base',
    filter: '(objectClass=domainDNS)',
    attributes: ['objectGUID', 'objectSid', 'name', ...DOMAIN_POLICY_ATTRIBUTES],
  };
}

export function psoContainer(baseDn: string): SearchSpec {
  return {
    base: passwordSettingsContainer(baseDn),
    scope: 'base',
    filter: '(objectClass=*)',
    attributes: ['objectClass'],
  };
}

export function psos(baseDn: string, pageSize: number): SearchSpec {
  return {
    base: passwordSettingsContainer(baseDn),
    scope: 'one',
    filter: PSO_FILTER,
    attributes: ['objectGUID', 'cn', 'msDS-PSOAppliesTo', ...PSO_ATTRIBUTES],
    pageSize,
  };
}

export function users(baseDn: string, pageSize: number): SearchSpec {
  return { base: baseDn, scope: 'sub', filter: USER_FILTER, attributes: ACCOUNT_ATTRIBUTES, pageSize };
}

export function computers(baseDn: string, pageSize: number): SearchSpec {
  return {
    base: baseDn,
    scope: 'sub',
    filter: COMPUTER_FILTER,
    attributes: [...ACCOUNT_ATTRIBUTES, 'dNSHostName'],
    pageSize,
  };
}

export function groups(baseDn: string, pageSize: number): SearchSpec {
  return { base: baseDn, scope: 'sub', filter: GROUP_FILTER, attributes: GROUP_ATTRIBUTES, pageSize };
}

/** The next slice of a multi-valued attribute AD returned in ranges ("member;range=1500-*"). */
export function valueRange(dn: string, attribute: string, from: number): SearchSpec {
  return { base: dn, scope: 'base', filter: '(objectClass=*)', attributes: [`${attribute};range=${from}-*`] };
}

/** One line per search for the source's `queries`, exact enough to repeat with ldapsearch. */
export function describeSearch(spec: SearchSpec): string {
  const paging = spec.pageSize ? ` paged(pageSize=${spec.pageSize})` : '';
  return `base="${spec.base}" scope=${spec.scope} filter=${spec.filter} attributes=${spec.attributes.join(',')}${paging}`;
}
