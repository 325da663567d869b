// What Config does not record, read from IAM: the account password policy ("no policy set" is
// IAM's defaults, which the rules judge) and the credential report (MFA, console access and access
// keys of every user and of root).
import {
  GenerateCredentialReportCommand,
  GetAccountPasswordPolicyCommand,
  GetCredentialReportCommand,
  type IAMClient,
} from '@aws-sdk/client-iam';
import type { Gap, Resource } from '../../model/resource.ts';
import { parseCredentialReport } from '../../providers/aws/credential-report.ts';
import { passwordPolicyProps } from '../../providers/aws/password-policy.ts';
import { errorName, failure } from './calls.ts';

/** The account password policy; "no policy set" is AWS's defaults, which the rules judge. */
export async function readPasswordPolicy(
  iam: IAMClient,
  account: string,
  sourceId: string,
  gaps: Gap[],
  queries: Set<string>,
): Promise<Resource | undefined> {
  queries.add('iam:GetAccountPasswordPolicy');
  let policy: Record<string, unknown> | undefined;
  try {
    policy = (await iam.send(new GetAccountPasswordPolicyCommand({}))).PasswordPolicy as
      | Record<string, unknown>
      | undefined;
  } catch (error) {
    if (errorName(error) !== 'NoSuchEntityException' && errorName(error) !== 'NoSuchEntity') {
      gaps.push({
        ...failure(error, 'iam:GetAccountPasswordPolicy', `account ${account}`),
        kinds: ['identity.password_policy'],
      });
      return undefined;
    }
  }
  const { props, defaulted } = passwordPolicyProps(policy);
  const resource: Resource = {
    uid: `aws:${account}:iam:password-policy`,
    kind: 'identity.password_policy',
    provider: 'aws',
    nativeType: 'AWS::IAM::AccountPasswordPolicy',
    name: `account ${account} password policy`,
    location: { account },
    props,
    raw: policy ?? { PasswordPolicy: null, note: 'NoSuchEntity: no password policy is set' },
    sourceId,
  };
  if (defaulted.length > 0) resource.defaulted = defaulted;
  return resource;
}

const REPORT_POLLS = 10;

/**
 * The credential report's users merged into the users Config recorded (same ARN), or added when
 * Config did not record them; the root user is added as one. A report that cannot be had is a
 * gap on identity.user.
 */
export async function readCredentialReport(
  iam: IAMClient,
  account: string,
  sourceId: string,
  resources: Resource[],
  gaps: Gap[],
  queries: Set<string>,
): Promise<void> {
  queries.add('iam:GenerateCredentialReport');
  queries.add('iam:GetCredentialReport');
  const where = `account ${account}`;
  let action = 'iam:GenerateCredentialReport';
  let csv: string;
  try {
    for (let poll = 0; ; poll++) {
      const state = (await iam.send(new GenerateCredentialReportCommand({}))).State;
      if (state === 'COMPLETE') break;
      if (poll >= REPORT_POLLS) throw new Error(`the report was still ${state} after ${REPORT_POLLS} polls`);
      await new Promise((resolve) => setTimeout(resolve, 1000));
    }
    action = 'iam:GetCredentialReport';
    const content = (await iam.send(new GetCredentialReportCommand({}))).Content;
    csv = Buffer.from(content ?? new Uint8Array()).toString('utf8');
  } catch (error) {
    gaps.push({ ...failure(error, action, where), kinds: ['identity.user'] });
    return;
  }
  let rows: ReturnType<typeof parseCredentialReport>;
  try {
    rows = parseCredentialReport(csv);
  } catch (error) {
    gaps.push({
      reason: 'parse-error',
      message: `the credential report of ${where}: ${(error as Error).message}`,
      endpoint: where,
      kinds: ['identity.user'],
    });
    return;
  }
  for (const row of rows) {
    const uid = row.isRoot ? `arn:aws:iam::${account}:root` : row.arn;
    const known = resources.find((r) => r.uid === uid && r.kind === 'identity.user');
    const props = Object.fromEntries(Object.entries(row.props).filter(([, v]) => v !== undefined));
    if (known) {
      Object.assign(known.props, props);
      continue;
    }
    resources.push({
      uid,
      kind: 'identity.user',
      provider: 'aws',
      nativeType: row.isRoot ? 'AWS::IAM::RootUser' : 'AWS::IAM::User',
      name: row.isRoot ? `root user of ${account}` : row.user,
      location: { account },
      props,
      raw: { credentialReport: row },
      sourceId,
    });
  }
}
