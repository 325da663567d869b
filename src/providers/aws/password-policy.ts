// The IAM account password policy as IAM's GetAccountPasswordPolicy returns it -> the
// identity.password_policy props. No policy set (NoSuchEntity) is not an unknown: IAM then
// applies its documented default policy, stated here as defaulted values the rules judge.
import { num } from '../../kit/values.ts';
import type { IdentityPasswordPolicyProps } from '../../model/kinds.ts';

/**
 * IAM User Guide, "Default password policy": at least 8 characters, at least three of upper
 * case, lower case, numbers and symbols; passwords never expire and may be reused.
 */
const IAM_DEFAULT: IdentityPasswordPolicyProps = { minLength: 8, complexity: true, maxAgeDays: 0, historySize: 0 };

export function passwordPolicyProps(policy: Record<string, unknown> | undefined): {
  props: IdentityPasswordPolicyProps;
  defaulted: string[];
} {
  if (!policy) {
    return { props: { scope: 'account', ...IAM_DEFAULT }, defaulted: Object.keys(IAM_DEFAULT) };
  }
  const props: IdentityPasswordPolicyProps = { scope: 'account' };
  const defaulted: string[] = [];
  const minLength = num(policy.MinimumPasswordLength);
  if (minLength !== undefined) props.minLength = minLength;
  // Without PasswordReusePrevention or MaxPasswordAge, reuse is allowed and passwords never expire.
  props.historySize = num(policy.PasswordReusePrevention) ?? 0;
  if (policy.PasswordReusePrevention === undefined) defaulted.push('historySize');
  props.maxAgeDays = policy.ExpirePasswords === true ? (num(policy.MaxPasswordAge) ?? 0) : 0;
  if (policy.MaxPasswordAge === undefined) defaulted.push('maxAgeDays');
  for (const [field, prop] of [
    ['RequireUppercaseCharacters', 'requireUppercase'],
    ['RequireLowercaseCharacters', 'requireLowercase'],
    ['RequireNumbers', 'requireNumbers'],
    ['RequireSymbols', 'requireSymbols'],
  ] as const) {
    if (typeof policy[field] === 'boolean') props[prop] = policy[field] as boolean;
  }
  return { props, defaulted };
}
