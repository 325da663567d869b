// IAM: policies (standalone, managed, and the inline Policies of roles, users and groups) ->
// iam.policy; users (+ their login profile, access keys and MFA devices) -> identity.user.
// An AWS::IAM::AccessKey for the user "root" (IAM names ignore case) becomes an identity.user with isRoot.

import { markUnknown } from '../../../../kit/unknown.ts';
import { str } from '../../../../kit/values.ts';
import type { IamPolicyProps, IdentityUserProps } from '../../../../model/kinds.ts';
import type { Resource } from '../../../../model/resource.ts';
import { unknownStatementParts } from '../../../../providers/aws/policy-document.ts';
import { arr, type CfnResource, type MapContext, obj, stated } from '../context.ts';
import { parsePolicy, statementsOf } from '../policy-document.ts';

const OWNERS = ['AWS::IAM::Role', 'AWS::IAM::User', 'AWS::IAM::Group'];

function principals(ctx: MapContext, p: Record<string, unknown>): string[] | undefined {
  const ids = ['Roles', 'Users', 'Groups'].flatMap((key) =>
    arr(p[key]).flatMap((item) => {
      const text = ctx.idText(item);
      return text === undefined ? [] : [text];
    }),
  );
  return ids.length > 0 ? ids : undefined;
}

function policyResource(
  ctx: MapContext,
  owner: CfnResource,
  document: unknown,
  props: Omit<IamPolicyProps, 'statements'>,
  line: number | undefined,
  part?: string,
): Resource | undefined {
  const parsed = parsePolicy(document);
  if (parsed.status !== 'ok') {
    ctx.gap(owner, 'unresolved-reference', `policy document${part ? ` ${part}` : ''} is unknown or not a policy`, line);
    return undefined;
  }
  const built = ctx.build(
    owner,
    'iam.policy',
    { statements: statementsOf(ctx, parsed), ...props },
    {
      part,
      line: part ? line : undefined,
      propLines: { statements: line },
    },
  );
  // Actions or resources written as references: what the policy grants is not all known.
  const where = `${owner.logicalId}${part ? ` ${part}` : ''}`;
  for (const [path, why] of Object.entries(unknownStatementParts(parsed.statements, where))) {
    markUnknown(built, path, why);
  }
  return built;
}

export function mapIamPolicies(ctx: MapContext): Resource[] {
  const out: Resource[] = [];
  for (const [type, managedBy] of [
    ['AWS::IAM::Policy', 'inline'],
    ['AWS::IAM::ManagedPolicy', 'customer'],
  ] as const) {
    for (const policy of ctx.ofType(type)) {
      const p = policy.props;
      const built = policyResource(
        ctx,
        policy,
        p.PolicyDocument,
        { attachedTo: principals(ctx, p), managedBy },
        ctx.lineOf(p, 'PolicyDocument'),
      );
      if (built) out.push(built);
    }
  }
  for (const owner of ctx.ofTypes(OWNERS)) {
    const list = owner.props.Policies;
    arr(list).forEach((item, index) => {
      const inline = obj(item);
      if (!inline) return;
      const part = `policy/${str(inline.PolicyName) ?? index}`;
      const line = ctx.itemLine(list, index);
      const built = policyResource(
        ctx,
        owner,
        inline.PolicyDocument,
        { attachedTo: [ctx.uidOf(owner.logicalId)], managedBy: 'inline' },
        line,
        part,
      );
      if (built) out.push(built);
    });
  }
  return out;
}

function accessKey(key: CfnResource): { active: boolean } {
  // Status defaults to Active.
  return { active: str(key.props.Status) !== 'Inactive' };
}

export function mapIamUsers(ctx: MapContext): Resource[] {
  const keys = ctx.ofType('AWS::IAM::AccessKey');
  const mfaDevices = ctx.ofType('AWS::IAM::VirtualMFADevice');
  const out: Resource[] = ctx.ofType('AWS::IAM::User').map((user) => {
    const p = user.props;
    const defaulted: string[] = [];
    const props: IdentityUserProps = { isRoot: false };
    if (stated(p, 'LoginProfile')) props.consoleAccess = obj(p.LoginProfile) !== undefined;
    else {
      // No LoginProfile: the user has no console password.
      props.consoleAccess = false;
      defaulted.push('consoleAccess');
    }
    const userKeys = keys.filter((key) => ctx.refersTo(key.props.UserName, user, 'UserName'));
    props.accessKeys = userKeys.map(accessKey);
    const mfa = mfaDevices.some((device) => arr(device.props.Users).some((u) => ctx.refersTo(u, user, 'UserName')));
    // MFA enrolled outside the template is unknown: only a device in the template says yes.
    if (mfa) props.mfaEnabled = true;
    const groups = arr(p.Groups).flatMap((g) => {
      const text = ctx.idText(g);
      return text === undefined ? [] : [text];
    });
    if (groups.length > 0) props.groups = groups;
    return ctx.build(user, 'identity.user', props, {
      defaulted,
      propLines: { consoleAccess: ctx.lineOf(p, 'LoginProfile'), groups: ctx.lineOf(p, 'Groups') },
    });
  });
  for (const key of keys.filter((k) => str(k.props.UserName)?.toLowerCase() === 'root')) {
    out.push(
      ctx.build(
        key,
        'identity.user',
        { isRoot: true, accessKeys: [accessKey(key)] },
        {
          propLines: { accessKeys: ctx.lineOf(key.props, 'UserName') },
        },
      ),
    );
  }
  return out;
}
