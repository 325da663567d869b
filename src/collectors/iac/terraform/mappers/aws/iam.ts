// IAM: policies (managed, inline, and policy documents no resource consumed) -> iam.policy;
// aws_iam_account_password_policy -> identity.password_policy; aws_iam_user with its access keys
// and login profile -> identity.user (an access key of "root" is the root user's).

import { markUnknown } from '../../../../../kit/unknown.ts';
import { num, str } from '../../../../../kit/values.ts';
import type { IamPolicyProps, IdentityPasswordPolicyProps, IdentityUserProps } from '../../../../../model/kinds.ts';
import type { Resource } from '../../../../../model/resource.ts';
import { awsManagedAdminStatements } from '../../../../../providers/aws/managed-policies.ts';
import {
  policyStatements,
  type Statement,
  unknownStatementParts,
} from '../../../../../providers/aws/policy-document.ts';
import type { TfResourceRecord } from '../../records.ts';
import { bool, buildResource, gapAt, refOf, resourceUid } from '../common.ts';
import type { AwsContext } from './context.ts';
import { documentFromDataSource, readPolicy, resolvePolicy } from './policy-docs.ts';

const INLINE_OWNER: Record<string, string> = {
  aws_iam_role_policy: 'role',
  aws_iam_user_policy: 'user',
  aws_iam_group_policy: 'group',
};

function policyResource(ctx: AwsContext, r: TfResourceRecord): Resource<'iam.policy'> | undefined {
  const { parse, document, line } = resolvePolicy(ctx.index, r, 'policy', { used: ctx.usedDocuments });
  if (document) ctx.usedDocuments.add(document);
  if (parse.status === 'error') {
    ctx.gaps.push(gapAt(r, 'parse-error', parse.message));
    return undefined;
  }
  if (parse.status === 'unknown') {
    ctx.gaps.push(
      gapAt(
        r,
        'unresolved-reference',
        'policy document is only known at apply time; its statements were not evaluated',
      ),
    );
    return undefined;
  }
  const props: IamPolicyProps = {
    statements: policyStatements(parse.statements, () => line),
    managedBy: r.type === 'aws_iam_policy' ? 'customer' : 'inline',
  };
  const ownerAttr = INLINE_OWNER[r.type];
  if (ownerAttr) {
    const owner = r.values[ownerAttr];
    const ownerId = str(owner) ?? refOf(owner);
    if (ownerId) props.attachedTo = [ownerId];
  }
  const built = buildResource(r, ctx.sourceId, 'iam.policy', props, { propAttrs: { statements: 'policy' } });
  markUnknownParts(built, parse.statements, r.address);
  return built;
}

/** Actions or resources written with values not known: what the policy grants is not all known. */
function markUnknownParts(resource: Resource, statements: Statement[], where: string): void {
  for (const [path, why] of Object.entries(unknownStatementParts(statements, where))) markUnknown(resource, path, why);
}

/** Trust policies consume documents too: they are not permission policies, so not reported alone. */
function markTrustDocuments(ctx: AwsContext): void {
  for (const role of ctx.index.ofType('aws_iam_role')) {
    const doc = ctx.index.byRef(role, refOf(role.values.assume_role_policy), ['aws_iam_policy_document'], 'data');
    if (doc) ctx.usedDocuments.add(doc);
  }
}

/** Policy documents that no scanned resource consumed are still policies someone wrote: report them. */
export function mapUnusedPolicyDocuments(ctx: AwsContext): Resource[] {
  markTrustDocuments(ctx);
  const docs = ctx.index.records.filter(
    (r) => r.mode === 'data' && r.type === 'aws_iam_policy_document' && !ctx.usedDocuments.has(r),
  );
  return docs.flatMap((r) => {
    const parse = readPolicy(documentFromDataSource(r.values, { index: ctx.index, record: r }));
    if (parse.status !== 'ok') return [];
    const line = r.attrLines?.statement ?? r.line;
    const built = buildResource(
      r,
      ctx.sourceId,
      'iam.policy',
      { statements: policyStatements(parse.statements, () => line) },
      { propAttrs: { statements: 'statement' } },
    );
    markUnknownParts(built, parse.statements, r.address);
    return [built];
  });
}

export function mapPolicies(ctx: AwsContext): Resource[] {
  const types = ['aws_iam_policy', ...Object.keys(INLINE_OWNER)];
  return [
    ...ctx.index.ofType(...types).flatMap((r) => policyResource(ctx, r) ?? []),
    ...ctx.index.ofType(...Object.keys(ATTACHMENT_OWNERS)).flatMap((r) => managedAdminAttachment(ctx, r) ?? []),
    ...ctx.index.ofType('aws_iam_role').flatMap((r) => managedAdminOfRole(ctx, r)),
  ];
}

/** Who a policy attachment attaches to: one owner attribute, or lists of them (aws_iam_policy_attachment). */
const ATTACHMENT_OWNERS: Record<string, string[]> = {
  aws_iam_role_policy_attachment: ['role'],
  aws_iam_user_policy_attachment: ['user'],
  aws_iam_group_policy_attachment: ['group'],
  aws_iam_policy_attachment: ['roles', 'users', 'groups'],
};

/** Owners as written: known names or the references that name them. */
function ownersOf(values: TfResourceRecord['values'], attrs: string[]): string[] {
  return attrs.flatMap((attr) => {
    const value = values[attr];
    const list = Array.isArray(value) ? value : value === undefined ? [] : [value];
    return list.flatMap((item) => str(item) ?? refOf(item) ?? []);
  });
}

/**
 * An attachment of AWS's AdministratorAccess: the grant it makes is AWS's document, stated once in
 * src/providers/aws/managed-policies.ts, attached to the attachment's owners. Other managed or
 * customer policies are judged where their documents are (a customer policy is its own resource).
 */
function managedAdminAttachment(ctx: AwsContext, r: TfResourceRecord): Resource<'iam.policy'> | undefined {
  const arn = str(r.values.policy_arn);
  const statements = arn ? awsManagedAdminStatements(arn) : undefined;
  if (!statements) return undefined;
  const line = r.attrLines?.policy_arn;
  const props: IamPolicyProps = {
    statements: statements.map((st) => (line ? { ...st, line } : st)),
    managedBy: 'provider',
    attachedTo: ownersOf(r.values, ATTACHMENT_OWNERS[r.type] ?? []),
  };
  return buildResource(r, ctx.sourceId, 'iam.policy', props, { propAttrs: { statements: 'policy_arn' } });
}

/** `managed_policy_arns` of an aws_iam_role naming AdministratorAccess. */
function managedAdminOfRole(ctx: AwsContext, role: TfResourceRecord): Resource<'iam.policy'>[] {
  const arns = Array.isArray(role.values.managed_policy_arns) ? role.values.managed_policy_arns : [];
  const arn = arns.map((a) => str(a)).find((a) => a !== undefined && awsManagedAdminStatements(a) !== undefined);
  const statements = arn ? awsManagedAdminStatements(arn) : undefined;
  if (!statements) return [];
  const line = role.attrLines?.managed_policy_arns;
  const props: IamPolicyProps = {
    statements: statements.map((st) => (line ? { ...st, line } : st)),
    managedBy: 'provider',
    attachedTo: [str(role.values.name) ?? resourceUid(role)],
  };
  return [
    buildResource(role, ctx.sourceId, 'iam.policy', props, {
      part: 'AdministratorAccess',
      propAttrs: { statements: 'managed_policy_arns' },
    }),
  ];
}

function passwordPolicy(ctx: AwsContext, r: TfResourceRecord): Resource<'identity.password_policy'> {
  const v = r.values;
  const props: IdentityPasswordPolicyProps = { scope: 'account' };
  const defaulted: string[] = [];
  const minLength = num(v.minimum_password_length);
  if (minLength !== undefined) props.minLength = minLength;
  const history = num(v.password_reuse_prevention);
  if (history !== undefined) props.historySize = history;
  else if (v.password_reuse_prevention === undefined) {
    // IAM docs: without PasswordReusePrevention, users are not prevented from reusing passwords.
    props.historySize = 0;
    defaulted.push('historySize');
  }
  const maxAge = num(v.max_password_age);
  if (maxAge !== undefined) props.maxAgeDays = maxAge;
  else if (v.max_password_age === undefined) {
    // Provider docs: expire_passwords is false when max_password_age is "0 or not present".
    props.maxAgeDays = 0;
    defaulted.push('maxAgeDays');
  }
  const flags = [
    ['require_uppercase_characters', 'requireUppercase'],
    ['require_lowercase_characters', 'requireLowercase'],
    ['require_numbers', 'requireNumbers'],
    ['require_symbols', 'requireSymbols'],
  ] as const;
  for (const [attr, prop] of flags) {
    const flag = bool(v[attr]);
    if (flag !== undefined) props[prop] = flag;
  }
  return buildResource(r, ctx.sourceId, 'identity.password_policy', props, {
    defaulted,
    propAttrs: {
      minLength: 'minimum_password_length',
      historySize: 'password_reuse_prevention',
      maxAgeDays: 'max_password_age',
    },
  });
}

export function mapPasswordPolicies(ctx: AwsContext): Resource[] {
  return ctx.index.ofType('aws_iam_account_password_policy').map((r) => passwordPolicy(ctx, r));
}

function accessKeyOf(r: TfResourceRecord): NonNullable<IdentityUserProps['accessKeys']>[number] {
  // Provider docs: status "Valid values are Active and Inactive"; defaults to Active.
  const status = r.values.status;
  return { id: resourceUid(r), active: status === undefined || status === 'Active' };
}

export function mapUsers(ctx: AwsContext): Resource[] {
  const users = ctx.index.ofType('aws_iam_user');
  const keys = new Map<TfResourceRecord, IdentityUserProps['accessKeys'] & object>(users.map((u) => [u, []]));
  const consoleUsers = new Set<TfResourceRecord>();
  const out: Resource[] = [];
  for (const key of ctx.index.ofType('aws_iam_access_key')) {
    if (key.values.user === 'root') {
      out.push(
        buildResource(
          key,
          ctx.sourceId,
          'identity.user',
          { isRoot: true, accessKeys: [accessKeyOf(key)] },
          { propAttrs: { isRoot: 'user', accessKeys: 'status' } },
        ),
      );
      continue;
    }
    const user = ctx.index.link(key, key.values.user, ['aws_iam_user'], 'name');
    if (user) keys.get(user)?.push(accessKeyOf(key));
    else
      ctx.gaps.push(
        gapAt(
          key,
          'unresolved-reference',
          `user ${refOf(key.values.user) ?? str(key.values.user) ?? 'unknown'} is not defined in the scanned files; this access key was not linked to a user`,
        ),
      );
  }
  for (const profile of ctx.index.ofType('aws_iam_user_login_profile')) {
    const user = ctx.index.link(profile, profile.values.user, ['aws_iam_user'], 'name');
    if (user) consoleUsers.add(user);
    // Not dropped silently: a console user we cannot see is one whose MFA nobody checked.
    else
      ctx.gaps.push(
        gapAt(
          profile,
          'unresolved-reference',
          `user ${refOf(profile.values.user) ?? str(profile.values.user) ?? 'unknown'} is not defined in the scanned files; this login profile (console access) was not linked to a user`,
        ),
      );
  }
  for (const user of users) {
    const props: IdentityUserProps = { isRoot: false };
    const userKeys = keys.get(user) ?? [];
    if (userKeys.length > 0) props.accessKeys = userKeys;
    if (consoleUsers.has(user)) props.consoleAccess = true;
    out.push(buildResource(user, ctx.sourceId, 'identity.user', props));
  }
  return out;
}
