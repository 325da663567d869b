// AWS-managed policies whose documents decide a control, as AWS publishes them. Only attachments
// are in a source (a Terraform policy attachment, a Config item's attachedManagedPolicies); the
// document itself is AWS's, so it is stated here once.
import type { PolicyStatement } from '../../model/kinds.ts';

/** AdministratorAccess: {"Effect": "Allow", "Action": "*", "Resource": "*"} (AWS managed policy reference). */
const ADMIN_STATEMENTS: PolicyStatement[] = [{ effect: 'Allow', actions: ['*'], resources: ['*'] }];

const ADMIN_ARN = /^arn:aws(?:-[a-z-]+)?:iam::aws:policy\/AdministratorAccess$/;

/** The statements of an AWS-managed policy we know to grant full access, or undefined. */
export function awsManagedAdminStatements(policyArn: string): PolicyStatement[] | undefined {
  return ADMIN_ARN.test(policyArn) ? structuredClone(ADMIN_STATEMENTS) : undefined;
}
