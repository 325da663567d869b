// `assay collect aws` online: per account (the default credentials, or each --role-arn assumed
// through STS) and per region, the Config recorders first (a region where Config is off, not
// recording, or skips a type we evaluate is a gap on the kinds it hides), then
// ListDiscoveredResources + BatchGetResourceConfig (100 keys a call, unprocessed keys retried),
// and from IAM what Config does not record: the account password policy. Regions run
// concurrently with a bound; throttling is retried by the SDK's standard retry strategy (bounded
// attempts, exponential backoff with jitter). Every call made is listed in the source's queries.
import {
  BatchGetResourceConfigCommand,
  ConfigServiceClient,
  DescribeConfigurationRecorderStatusCommand,
  DescribeConfigurationRecordersCommand,
  ListDiscoveredResourcesCommand,
  type ResourceKey,
  type ResourceType,
} from '@aws-sdk/client-config-service';
import {
  GenerateCredentialReportCommand,
  GetAccountPasswordPolicyCommand,
  GetCredentialReportCommand,
  IAMClient,
} from '@aws-sdk/client-iam';
import { AssumeRoleCommand, GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import type { Gap, Resource } from '../../model/resource.ts';
import { ADAPTERS, type ConfigItem, EVALUATED_TYPES } from '../../providers/aws/config-items/index.ts';
import { parseCredentialReport } from '../../providers/aws/credential-report.ts';
import { passwordPolicyProps } from '../../providers/aws/password-policy.ts';
import type { CollectContext } from '../contract.ts';
import { CollectorError } from '../contract.ts';
import { readItem } from './items.ts';
import { toResources } from './resources.ts';

export interface OnlineOptions {
  regions: string[];
  roleArns: string[];
  endpoint?: string;
  /** Regions read at the same time. */
  concurrency?: number;
  /** Attempts per call, throttling included (SDK standard retry strategy). */
  maxAttempts?: number;
}

export interface OnlineCollection {
  resources: Resource[];
  gaps: Gap[];
  accounts: string[];
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

const BATCH = 100;
const UNPROCESSED_ROUNDS = 5;

interface Clients {
  config: (region: string) => ConfigServiceClient;
  iam: IAMClient;
}

/** AWS error names that mean the credentials are no longer valid: the whole collection stops. */
const EXPIRED = new Set(['ExpiredToken', 'ExpiredTokenException', 'RequestExpired', 'InvalidClientTokenId']);
const DENIED = new Set(['AccessDenied', 'AccessDeniedException', 'UnauthorizedOperation', 'AuthorizationError']);

function errorName(error: unknown): string {
  return (error as { name?: string }).name ?? 'Error';
}

/** A call that failed: a gap naming the action and region, or (expired credentials) the end of the collection. */
function failure(error: unknown, action: string, where: string): Gap {
  const name = errorName(error);
  const message = (error as Error).message;
  if (EXPIRED.has(name)) {
    throw new CollectorError(
      'permission-denied',
      `${action} in ${where}: the credentials are expired or invalid (${name}): renew them and collect again`,
    );
  }
  if (DENIED.has(name)) {
    return {
      reason: 'permission-denied',
      message: `${action} in ${where} was denied: ${message}`,
      permission: action,
      endpoint: where,
    };
  }
  return {
    reason: 'unreadable',
    message: `${action} in ${where} failed (${name}): ${message}`,
    permission: action,
    endpoint: where,
  };
}

async function pool<T>(items: T[], limit: number, work: (item: T) => Promise<void>): Promise<void> {
  const queue = [...items];
  const runners = Array.from({ length: Math.min(limit, queue.length) }, async () => {
    for (let next = queue.shift(); next !== undefined; next = queue.shift()) await work(next);
  });
  await Promise.all(runners);
}

interface RegionResult {
  items: ConfigItem[];
  gaps: Gap[];
  recorder: string;
  flowLogsRecorded: boolean;
}

/** The recorder's state as gaps: off, not recording, or skipping types we evaluate. */
async function readRecorder(client: ConfigServiceClient, where: string, gaps: Gap[], queries: Set<string>) {
  queries.add('config:DescribeConfigurationRecorders');
  queries.add('config:DescribeConfigurationRecorderStatus');
  const recorders = (await client.send(new DescribeConfigurationRecordersCommand({}))).ConfigurationRecorders ?? [];
  const statuses =
    (await client.send(new DescribeConfigurationRecorderStatusCommand({}))).ConfigurationRecordersStatus ?? [];
  const allKinds = [...new Set(Object.values(ADAPTERS).flatMap((a) => a.kinds))];
  if (recorders.length === 0) {
    gaps.push({
      reason: 'unreadable',
      message: `AWS Config is off in ${where}: no configuration recorder, nothing there is evaluated`,
      endpoint: where,
      kinds: allKinds,
    });
    return { state: 'off', recorded: new Set<string>() };
  }
  const recording = statuses.some((s) => s.recording === true);
  if (!recording) {
    gaps.push({
      reason: 'unreadable',
      message: `AWS Config is not recording in ${where}: its items may be stale or missing, nothing there is evaluated`,
      endpoint: where,
      kinds: allKinds,
    });
    return { state: 'stopped', recorded: new Set<string>() };
  }
  const group = recorders[0]?.recordingGroup;
  const everything = group?.allSupported !== false && (group?.resourceTypes ?? []).length === 0;
  const excluded = new Set<string>(group?.exclusionByResourceTypes?.resourceTypes ?? []);
  const listed = new Set<string>(group?.resourceTypes ?? []);
  const recorded = new Set(EVALUATED_TYPES.filter((t) => (everything ? !excluded.has(t) : listed.has(t))));
  const skipped = EVALUATED_TYPES.filter((t) => !recorded.has(t));
  if (skipped.length > 0) {
    gaps.push({
      reason: 'unreadable',
      message: `AWS Config in ${where} does not record ${skipped.join(', ')}: those resources are not evaluated`,
      endpoint: where,
      kinds: [...new Set(skipped.flatMap((t) => ADAPTERS[t]?.kinds ?? []))],
    });
  }
  return { state: 'recording', recorded };
}

async function readRegion(
  client: ConfigServiceClient,
  where: string,
  queries: Set<string>,
  progress: (m: string) => void,
): Promise<RegionResult> {
  const gaps: Gap[] = [];
  let recorder: Awaited<ReturnType<typeof readRecorder>>;
  try {
    recorder = await readRecorder(client, where, gaps, queries);
  } catch (error) {
    gaps.push({
      ...failure(error, 'config:DescribeConfigurationRecorders', where),
      kinds: [...new Set(Object.values(ADAPTERS).flatMap((a) => a.kinds))],
    });
    return { items: [], gaps, recorder: `${where}: unknown`, flowLogsRecorded: false };
  }
  const items: ConfigItem[] = [];
  for (const type of recorder.recorded) {
    const keys: ResourceKey[] = [];
    try {
      queries.add('config:ListDiscoveredResources');
      let token: string | undefined;
      do {
        const page = await client.send(
          new ListDiscoveredResourcesCommand({ resourceType: type as ResourceType, nextToken: token }),
        );
        for (const r of page.resourceIdentifiers ?? [])
          if (r.resourceId) keys.push({ resourceType: type as ResourceType, resourceId: r.resourceId });
        token = page.nextToken;
      } while (token);
    } catch (error) {
      gaps.push({ ...failure(error, 'config:ListDiscoveredResources', where), kinds: ADAPTERS[type]?.kinds });
      continue;
    }
    try {
      items.push(...(await batchGet(client, keys, where, gaps, queries)));
    } catch (error) {
      gaps.push({ ...failure(error, 'config:BatchGetResourceConfig', where), kinds: ADAPTERS[type]?.kinds });
    }
  }
  progress(`${where}: ${items.length} configuration items`);
  return {
    items,
    gaps,
    recorder: `${where}: ${recorder.state}`,
    flowLogsRecorded: recorder.recorded.has('AWS::EC2::FlowLog'),
  };
}

async function batchGet(
  client: ConfigServiceClient,
  keys: ResourceKey[],
  where: string,
  gaps: Gap[],
  queries: Set<string>,
): Promise<ConfigItem[]> {
  queries.add('config:BatchGetResourceConfig');
  const items: ConfigItem[] = [];
  for (let start = 0; start < keys.length; start += BATCH) {
    let pending = keys.slice(start, start + BATCH);
    for (let round = 0; pending.length > 0 && round < UNPROCESSED_ROUNDS; round++) {
      const out = await client.send(new BatchGetResourceConfigCommand({ resourceKeys: pending }));
      for (const raw of out.baseConfigurationItems ?? []) {
        const read = readItem(raw);
        if (read.status === 'ok') items.push(read.item);
        else if (read.status === 'error')
          gaps.push({ reason: 'parse-error', message: `${read.name} ${read.message}`, endpoint: where });
      }
      pending = out.unprocessedResourceKeys ?? [];
    }
    for (const key of pending) {
      gaps.push({
        reason: 'unreadable',
        message: `${key.resourceType} ${key.resourceId} in ${where} stayed unprocessed after ${UNPROCESSED_ROUNDS} calls`,
        endpoint: where,
        permission: 'config:BatchGetResourceConfig',
      });
    }
  }
  return items;
}

/** The account password policy; "no policy set" is AWS's defaults, which the rules judge. */
async function readPasswordPolicy(
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
async function readCredentialReport(
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

export async function collectOnline(
  options: OnlineOptions,
  context: CollectContext,
  sourceId: string,
): Promise<OnlineCollection> {
  const queries = new Set<string>();
  const base = { endpoint: options.endpoint, maxAttempts: options.maxAttempts ?? 5, retryMode: 'standard' as const };
  const home = options.regions[0] ?? 'us-east-1';
  const sts = new STSClient({ ...base, region: home });
  const accounts: (AwsCredentialIdentity | undefined)[] = options.roleArns.length > 0 ? [] : [undefined];
  for (const arn of options.roleArns) {
    try {
      accounts.push(await credentialsFor(sts, arn, context, queries));
    } catch (error) {
      if (error instanceof CollectorError) throw error;
      failure(error, 'sts:AssumeRole', arn); // throws when expired
      throw new CollectorError('permission-denied', `sts:AssumeRole of ${arn} failed: ${(error as Error).message}`);
    }
  }
  const resources: Resource[] = [];
  const gaps: Gap[] = [];
  const ids: string[] = [];
  const recorders: string[] = [];
  let items = 0;
  for (const credentials of accounts) {
    const withCreds = credentials ? { ...base, credentials } : base;
    queries.add('sts:GetCallerIdentity');
    let account: string;
    try {
      account =
        (await new STSClient({ ...withCreds, region: home }).send(new GetCallerIdentityCommand({}))).Account ?? '?';
    } catch (error) {
      const gap = failure(error, 'sts:GetCallerIdentity', home);
      throw new CollectorError(gap.reason, gap.message);
    }
    ids.push(account);
    context.progress(`account ${account}: ${options.regions.length} regions`);
    const clients: Clients = {
      config: (region) => new ConfigServiceClient({ ...withCreds, region }),
      iam: new IAMClient({ ...withCreds, region: home }),
    };
    const collected: { item: ConfigItem; where: { endpoint: string } }[] = [];
    let flowLogsRecorded = true;
    await pool(options.regions, options.concurrency ?? 4, async (region) => {
      const where = `account ${account} region ${region}`;
      const result = await readRegion(clients.config(region), where, queries, context.progress);
      gaps.push(...result.gaps);
      recorders.push(result.recorder);
      flowLogsRecorded &&= result.flowLogsRecorded;
      for (const item of result.items) collected.push({ item, where: { endpoint: where } });
    });
    items += collected.length;
    const mapped = toResources(collected, sourceId, flowLogsRecorded);
    gaps.push(...mapped.gaps);
    await readCredentialReport(clients.iam, account, sourceId, mapped.resources, gaps, queries);
    resources.push(...mapped.resources);
    const policy = await readPasswordPolicy(clients.iam, account, sourceId, gaps, queries);
    if (policy) resources.push(policy);
  }
  return { resources, gaps, accounts: ids, items, queries: [...queries].sort(), recorders: recorders.sort() };
}
