// `assay collect aws` online. Per account (the default credentials, or each --role-arn assumed
// through STS): the regions given, or every region enabled for the account (ec2:DescribeRegions);
// per region the Config recorders, then the recorded items (./discovered.ts), and EBS encryption
// by default (./ec2-settings.ts); per account the IAM settings Config does not record (./iam.ts).
// With --aggregator the items of every account come from one Config aggregator (./aggregator.ts)
// and the per-account parts are read for the accounts we hold credentials for. Accounts and
// regions run concurrently with a bound; throttling is retried by the SDK's standard retry strategy (bounded
// attempts, exponential backoff with jitter). Every call made is listed in the source's queries.
import { ConfigServiceClient } from '@aws-sdk/client-config-service';
import { EC2Client } from '@aws-sdk/client-ec2';
import { IAMClient } from '@aws-sdk/client-iam';
import { AssumeRoleCommand, GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import type { Gap, Resource } from '../../model/resource.ts';
import type { ConfigItem } from '../../providers/aws/config-items/index.ts';
import type { CollectContext } from '../contract.ts';
import { CollectorError } from '../contract.ts';
import { collectAggregate } from './aggregator.ts';
import { failure, pool } from './calls.ts';
import { readRegion } from './discovered.ts';
import { enabledRegions, readEbsDefault } from './ec2-settings.ts';
import { readCredentialReport, readPasswordPolicy } from './iam.ts';
import { ALL_KINDS, readRecorder } from './recorders.ts';
import { toResources } from './resources.ts';

export interface OnlineOptions {
  /** Regions to read; undefined: every region enabled for each account. */
  regions?: string[];
  /** A Config aggregator in the home region to read every account's items through. */
  aggregator?: string;
  roleArns: string[];
  endpoint?: string;
  /** The region of STS, IAM and the aggregator. */
  homeRegion: string;
  /** Regions read at the same time. */
  concurrency?: number;
  /** Attempts per call, throttling included (SDK standard retry strategy). */
  maxAttempts?: number;
}

export interface OnlineCollection {
  resources: Resource[];
  gaps: Gap[];
  accounts: string[];
  regions: string[];
  items: number;
  queries: string[];
  /** Per account and region: what the recorders said. */
  recorders: string[];
}

/** Credentials of an assumed role, as the SDK clients take them. */
interface AwsCredentialIdentity {
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken?: string;
}

type ClientConfig = {
  endpoint?: string;
  maxAttempts: number;
  retryMode: 'standard';
  credentials?: AwsCredentialIdentity;
};

/** One account we hold credentials for. */
interface Account {
  id: string;
  config: ClientConfig;
}

async function credentialsFor(
  sts: STSClient,
  roleArn: string,
  context: CollectContext,
  queries: Set<string>,
): Promise<AwsCredentialIdentity> {
  queries.add('sts:AssumeRole');
  const out = await sts.send(new AssumeRoleCommand({ RoleArn: roleArn, RoleSessionName: 'assay-collect' }));
  const c = out.Credentials;
  if (!c?.AccessKeyId || !c.SecretAccessKey)
    throw new CollectorError('permission-denied', `sts:AssumeRole of ${roleArn} returned no credentials`);
  context.redactor.add(c.SecretAccessKey);
  if (c.SessionToken) context.redactor.add(c.SessionToken);
  return { accessKeyId: c.AccessKeyId, secretAccessKey: c.SecretAccessKey, sessionToken: c.SessionToken };
}

async function accountsOf(options: OnlineOptions, base: ClientConfig, context: CollectContext, queries: Set<string>) {
  const sts = new STSClient({ ...base, region: options.homeRegion });
  const credentials: (AwsCredentialIdentity | undefined)[] = options.roleArns.length > 0 ? [] : [undefined];
  for (const arn of options.roleArns) {
    try {
      credentials.push(await credentialsFor(sts, arn, context, queries));
    } catch (error) {
      if (error instanceof CollectorError) throw error;
      failure(error, 'sts:AssumeRole', arn); // throws when expired
      throw new CollectorError('permission-denied', `sts:AssumeRole of ${arn} failed: ${(error as Error).message}`);
    }
  }
  const accounts: Account[] = [];
  for (const creds of credentials) {
    const config = creds ? { ...base, credentials: creds } : base;
    queries.add('sts:GetCallerIdentity');
    try {
      const id = (await new STSClient({ ...config, region: options.homeRegion }).send(new GetCallerIdentityCommand({})))
        .Account;
      accounts.push({ id: id ?? '?', config });
    } catch (error) {
      const gap = failure(error, 'sts:GetCallerIdentity', options.homeRegion);
      throw new CollectorError(gap.reason, gap.message);
    }
  }
  return accounts;
}

/** The regions to read in an account: those given, or those enabled (the home region when that cannot be read). */
async function regionsOf(
  account: Account,
  options: OnlineOptions,
  gaps: Gap[],
  queries: Set<string>,
): Promise<string[]> {
  if (options.regions) return options.regions;
  try {
    const regions = await enabledRegions(new EC2Client({ ...account.config, region: options.homeRegion }), queries);
    if (regions.length > 0) return regions;
    throw new Error('no region is enabled');
  } catch (error) {
    gaps.push({
      ...failure(error, 'ec2:DescribeRegions', `account ${account.id}`),
      message: `the enabled regions of account ${account.id} could not be listed (${(error as Error).message}); only ${options.homeRegion} was read, resources elsewhere are not evaluated`,
      kinds: ALL_KINDS,
    });
    return [options.homeRegion];
  }
}

export async function collectOnline(
  options: OnlineOptions,
  context: CollectContext,
  sourceId: string,
): Promise<OnlineCollection> {
  const queries = new Set<string>();
  const base: ClientConfig = {
    endpoint: options.endpoint,
    maxAttempts: options.maxAttempts ?? 5,
    retryMode: 'standard',
  };
  const accounts = await accountsOf(options, base, context, queries);
  const resources: Resource[] = [];
  const gaps: Gap[] = [];
  const recorders: string[] = [];
  const allRegions = new Set<string>();
  const collected: { item: ConfigItem; where: { endpoint: string } }[] = [];
  let flowLogsRecorded: boolean | undefined = true;

  // With an aggregator: every account's items at once; the per-account parts below cover the
  // accounts and regions it aggregates that we hold credentials for.
  let aggregated: Map<string, Set<string>> | undefined;
  if (options.aggregator !== undefined) {
    const home = accounts[0]!;
    const client = new ConfigServiceClient({ ...home.config, region: options.homeRegion });
    const read = await collectAggregate(client, options.aggregator, options.regions, queries, context.progress);
    collected.push(...read.items);
    gaps.push(...read.gaps);
    aggregated = new Map();
    for (const { account, region } of read.sources) {
      if (!aggregated.has(account)) aggregated.set(account, new Set());
      aggregated.get(account)!.add(region);
    }
    flowLogsRecorded = undefined;
    const held = new Set(accounts.map((a) => a.id));
    for (const [account, regions] of aggregated) {
      if (held.has(account)) continue;
      gaps.push({
        reason: 'permission-denied',
        message:
          `account ${account} (aggregated in ${[...regions].sort().join(', ')}): its Config recorders, EBS encryption by default, ` +
          'password policy and credential report were not read, so what its recorders skip is not known and nothing there passes; ' +
          'give --role-arn for a read-only role in it',
        endpoint: `account ${account}`,
        kinds: ALL_KINDS,
      });
    }
  }

  // Every (account, region) pair in one bounded pool: accounts and regions alike run concurrently.
  const pairs: { account: Account; region: string }[] = [];
  for (const account of accounts) {
    const regions = aggregated
      ? [...(aggregated.get(account.id) ?? [])].sort()
      : await regionsOf(account, options, gaps, queries);
    context.progress(`account ${account.id}: ${regions.length} regions`);
    for (const region of regions) pairs.push({ account, region });
  }
  let done = 0;
  await pool(pairs, options.concurrency ?? 4, async ({ account, region }) => {
    allRegions.add(region);
    const where = `account ${account.id} region ${region}`;
    const config = new ConfigServiceClient({ ...account.config, region });
    if (aggregated) {
      try {
        const state = await readRecorder(config, where, gaps, queries);
        recorders.push(`${where}: ${state.state}`);
      } catch (error) {
        gaps.push({ ...failure(error, 'config:DescribeConfigurationRecorders', where), kinds: ALL_KINDS });
        recorders.push(`${where}: unknown`);
      }
    } else {
      const result = await readRegion(config, where, queries, context.progress);
      gaps.push(...result.gaps);
      recorders.push(result.recorder);
      if (flowLogsRecorded !== undefined) flowLogsRecorded &&= result.flowLogsRecorded;
      for (const item of result.items) collected.push({ item, where: { endpoint: where } });
    }
    const ec2 = new EC2Client({ ...account.config, region });
    const ebs = await readEbsDefault(ec2, account.id, region, sourceId, gaps, queries);
    if (ebs) resources.push(ebs);
    done++;
    context.progress(`${where} read`, { done, total: pairs.length });
  });

  const mapped = toResources(collected, sourceId, flowLogsRecorded);
  gaps.push(...mapped.gaps);
  resources.push(...mapped.resources);
  for (const account of accounts) {
    const iam = new IAMClient({ ...account.config, region: options.homeRegion });
    await readCredentialReport(iam, account.id, sourceId, resources, gaps, queries);
    const policy = await readPasswordPolicy(iam, account.id, sourceId, gaps, queries);
    if (policy) resources.push(policy);
  }
  return {
    resources,
    gaps,
    accounts: accounts.map((a) => a.id),
    regions: [...allRegions].sort(),
    items: collected.length,
    queries: [...queries].sort(),
    recorders: recorders.sort(),
  };
}
