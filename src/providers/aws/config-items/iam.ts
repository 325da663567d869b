// IAM items: users -> identity.user, groups -> identity.group, customer-managed policies and the
// inline policies of users, groups and roles -> iam.policy, and attachments of AWS-managed
// admin policies -> one iam.policy per such policy (uid its ARN), attached to each principal
// (the collector merges the attachments of one policy). MFA, access keys and console passwords
// are not in Config: the credential report states them (online), so here they stay absent.
import { str } from '../../../kit/values.ts';
import { awsManagedAdminStatements } from '../managed-policies.ts';
import { parsePolicyDocument, policyStatements } from '../policy-document.ts';
import { arr, type ConfigItem, type MappedItem, type MapResult, obj } from './item.ts';

/** Config delivers a document as URL-encoded JSON, as an object, or (older items) as a one-item list. */
function documentOf(value: unknown): unknown {
  return Array.isArray(value) && value.length === 1 ? value[0] : value;
}

function policyOf(
  document: unknown,
  props: { attachedTo?: string[]; managedBy: 'customer' | 'inline' },
  label: string,
  out: MapResult,
  extras: Partial<MappedItem> = {},
): void {
  const parsed = parsePolicyDocument(documentOf(document));
  if (parsed.status !== 'ok') {
    out.problems.push(`${label} ${parsed.status === 'error' ? parsed.message : 'is missing'}; not evaluated`);
    return;
  }
  out.resources.push({
    kind: 'iam.policy',
    props: { statements: policyStatements(parsed.statements, () => undefined), ...props },
    ...extras,
  });
}

/** Inline policies (userPolicyList, groupPolicyList, rolePolicyList) and managed admin attachments of a principal. */
function principalPolicies(item: ConfigItem, inlineKey: string, out: MapResult): void {
  const c = item.configuration;
  const owner = item.arn ?? item.resourceId;
  for (const entry of arr(c[inlineKey])) {
    const inline = obj(entry) ?? {};
    const name = str(inline.policyName) ?? '?';
    policyOf(inline.policyDocument, { attachedTo: [owner], managedBy: 'inline' }, `inline policy ${name}`, out, {
      part: `policy/${name}`,
    });
  }
  for (const entry of arr(c.attachedManagedPolicies)) {
    const arn = str(obj(entry)?.policyArn);
    const statements = arn ? awsManagedAdminStatements(arn) : undefined;
    if (!arn || !statements) continue;
    out.resources.push({
      kind: 'iam.policy',
      uid: arn,
      name: str(obj(entry)?.policyName) ?? arn,
      nativeType: 'AWS::IAM::ManagedPolicy',
      props: { statements, attachedTo: [owner], managedBy: 'provider' },
    });
  }
}

export function mapUser(item: ConfigItem): MapResult {
  const out: MapResult = { resources: [], problems: [] };
  const groups = arr(item.configuration.groupList).filter((g): g is string => typeof g === 'string');
  out.resources.push({
    kind: 'identity.user',
    props: { isRoot: false, groups: groups.length > 0 ? groups : undefined },
    name: str(item.configuration.userName),
  });
  principalPolicies(item, 'userPolicyList', out);
  return out;
}

export function mapGroup(item: ConfigItem): MapResult {
  const out: MapResult = { resources: [], problems: [] };
  out.resources.push({ kind: 'identity.group', props: {}, name: str(item.configuration.groupName) });
  principalPolicies(item, 'groupPolicyList', out);
  return out;
}

/** A role is no identity kind of its own: only its policies are evaluated. */
export function mapRole(item: ConfigItem): MapResult {
  const out: MapResult = { resources: [], problems: [] };
  principalPolicies(item, 'rolePolicyList', out);
  return out;
}

export function mapManagedPolicy(item: ConfigItem): MapResult {
  const out: MapResult = { resources: [], problems: [] };
  const c = item.configuration;
  const versions = arr(c.policyVersionList).map((v) => obj(v) ?? {});
  const current = versions.find((v) => v.isDefaultVersion === true) ?? versions[0];
  policyOf(current?.document, { managedBy: 'customer' }, 'default policy version', out, {
    name: str(c.policyName),
  });
  return out;
}
