// What the code declares against what is deployed: two stored runs (an IaC scan and a live
// collection) joined by the provider's own identifiers, never by assay's uids (which name a file
// and a block on one side and an ARN on the other).
//
// Join keys, per side:
// - declared (IaC): the ARN or id when a plan states one (`arn`, `id`), else the name attribute the
//   provider keeps as the resource's identity (DECLARED_NAME below: bucket names, security-group,
//   DB, IAM, trail and log-group names; Azure resource names); the account password policy is one
//   per account.
// - deployed (live): the ARN (the AWS collector's uid), the Config resource id (sg-..., vol-...)
//   and the resource name (bucket name, group name, DB identifier); for Azure the resource id's
//   last segment.
// Names are compared within one kind. Azure names are case-insensitive. What cannot be joined is
// listed with the reason: a KMS key, EBS volume, VPC or listener declared without an id (AWS makes
// those ids at creation), a name written with an unresolved expression, a kind with no name attribute.
import type { Resource, Snapshot } from '../model/resource.ts';
import { byCodeUnits } from '../util/compare.ts';
import { compareProps, type PropertyChange } from './props.ts';
import { type HistoryReader, requireRun } from './runs.ts';

/** The attribute of an IaC resource (Terraform, CloudFormation) that holds the provider's name for it. */
const DECLARED_NAME: Readonly<Record<string, string>> = {
  aws_s3_bucket: 'bucket',
  'AWS::S3::Bucket': 'BucketName',
  aws_security_group: 'name',
  'AWS::EC2::SecurityGroup': 'GroupName',
  aws_db_instance: 'identifier',
  'AWS::RDS::DBInstance': 'DBInstanceIdentifier',
  aws_rds_cluster: 'cluster_identifier',
  'AWS::RDS::DBCluster': 'DBClusterIdentifier',
  aws_iam_policy: 'name',
  'AWS::IAM::ManagedPolicy': 'ManagedPolicyName',
  aws_iam_user: 'name',
  'AWS::IAM::User': 'UserName',
  aws_iam_group: 'name',
  'AWS::IAM::Group': 'GroupName',
  aws_cloudtrail: 'name',
  'AWS::CloudTrail::Trail': 'TrailName',
  aws_cloudwatch_log_group: 'name',
  'AWS::Logs::LogGroup': 'LogGroupName',
};

/** Declared types whose live counterpart is one per account (no name of its own). */
const PER_ACCOUNT = new Set(['aws_iam_account_password_policy']);

const LIVE_PROVIDERS = new Set(['aws', 'azure']);

export interface DriftResource {
  uid: string;
  kind: string;
  name: string;
  nativeType: string;
  /** The identifier it was (or would have been) joined by. */
  key?: string;
}

export interface DriftPair {
  declared: DriftResource;
  deployed: DriftResource;
  /**
   * `before` is the declared value, `after` the deployed one (absent: the live source does not state
   * it); `defaulted`: the code does not write the value, it is the provider's documented default.
   */
  differences: (PropertyChange & { defaulted?: true })[];
  /** Declared paths whose value is unknown in the code: not compared. */
  notCompared: string[];
}

export interface Drift {
  iacRun: string;
  liveRun: string;
  matched: number;
  /** Declared, joined, and some property differs. */
  differing: DriftPair[];
  declaredButMissing: DriftResource[];
  deployedButUndeclared: DriftResource[];
  /** Declared resources with no identifier to join by, with why. */
  notJoinable: (DriftResource & { reason: string })[];
  /** Deployed resources of a kind that has not-joinable declarations: they may be those, so not called undeclared. */
  deployedUnjoined: DriftResource[];
  /** Several deployed resources carry the same key: not joined. */
  ambiguous: { key: string; declared: string; deployed: string[] }[];
}

const brief = (r: Resource, key?: string): DriftResource => ({
  uid: r.uid,
  kind: r.kind,
  name: r.name,
  nativeType: r.nativeType,
  ...(key ? { key } : {}),
});

const plainString = (v: unknown): v is string => typeof v === 'string' && v !== '' && !v.includes('${');

/** The declared resource's join key, or why it has none. */
export function declaredKey(r: Resource): { key: string } | { reason: string } {
  const raw = (r.raw ?? {}) as Record<string, unknown>;
  if (plainString(raw.arn)) return { key: `${r.kind}|arn:${raw.arn}` };
  if (plainString(raw.id)) return { key: `${r.kind}|id:${raw.id}` };
  if (PER_ACCOUNT.has(r.nativeType)) return { key: `${r.kind}|account` };
  if (r.provider === 'azure') return { key: `${r.kind}|name:${r.name.toLowerCase()}` };
  const attribute = DECLARED_NAME[r.nativeType];
  if (!attribute)
    return { reason: `${r.nativeType} has no name the provider keeps as its identity; AWS assigns its id at creation` };
  const value = raw[attribute];
  if (value === undefined) return { reason: `${attribute} is not written, so AWS generates the name` };
  if (!plainString(value)) return { reason: `${attribute} is an expression assay did not resolve` };
  return { key: `${r.kind}|name:${value}` };
}

/** Every key a deployed resource can be joined by. */
export function deployedKeys(r: Resource): string[] {
  const raw = (r.raw ?? {}) as Record<string, unknown>;
  if (r.provider === 'azure') {
    const last = r.uid.split('/').at(-1) ?? r.name;
    return [`${r.kind}|name:${last.toLowerCase()}`, `${r.kind}|id:${r.uid.toLowerCase()}`];
  }
  const keys = [`${r.kind}|name:${r.name}`];
  if (r.uid.startsWith('arn:')) keys.push(`${r.kind}|arn:${r.uid}`);
  if (typeof raw.resourceId === 'string') keys.push(`${r.kind}|id:${raw.resourceId}`);
  if (r.kind === 'identity.password_policy') keys.push(`${r.kind}|account`);
  return keys;
}

/** AWS's own managed policies are deployed in every account and declared by nobody. */
const providerOwned = (r: Resource) => r.uid.startsWith('arn:aws:iam::aws:policy/');

const ofCollector = (snapshots: Snapshot[], live: boolean): Resource[] =>
  snapshots.flatMap((s) => {
    const ids = new Set(s.sources.filter((src) => (src.collector === 'iac') !== live).map((src) => src.id));
    return s.resources.filter((r) => ids.has(r.sourceId) && LIVE_PROVIDERS.has(r.provider));
  });

export function compareDeclared(
  declaredSnapshots: Snapshot[],
  liveSnapshots: Snapshot[],
): Omit<Drift, 'iacRun' | 'liveRun'> {
  const declared = ofCollector(declaredSnapshots, false);
  const deployed = ofCollector(liveSnapshots, true).filter((r) => !providerOwned(r));
  const byKey = new Map<string, Resource[]>();
  for (const r of deployed) for (const key of deployedKeys(r)) byKey.set(key, [...(byKey.get(key) ?? []), r]);

  const drift: Omit<Drift, 'iacRun' | 'liveRun'> = {
    matched: 0,
    differing: [],
    declaredButMissing: [],
    deployedButUndeclared: [],
    notJoinable: [],
    deployedUnjoined: [],
    ambiguous: [],
  };
  const joined = new Set<string>();
  const unjoinableKinds = new Set<string>();
  for (const d of declared) {
    const key = declaredKey(d);
    if ('reason' in key) {
      drift.notJoinable.push({ ...brief(d), reason: key.reason });
      unjoinableKinds.add(d.kind);
      continue;
    }
    const candidates = [...new Set(byKey.get(key.key) ?? [])];
    if (candidates.length === 0) {
      drift.declaredButMissing.push(brief(d, key.key));
      continue;
    }
    if (candidates.length > 1) {
      drift.ambiguous.push({ key: key.key, declared: d.uid, deployed: candidates.map((c) => c.uid) });
      for (const c of candidates) joined.add(c.uid);
      continue;
    }
    const live = candidates[0]!;
    joined.add(live.uid);
    drift.matched += 1;
    const skip = d.unknown ?? [];
    // Only what the code states is compared: a property it leaves to the provider is not drift.
    const defaulted = new Set(d.defaulted ?? []);
    const differences = compareProps(d.props, live.props, skip)
      .filter((c) => c.before !== undefined)
      .map((c) => (defaulted.has(c.path) ? { ...c, defaulted: true as const } : c));
    if (differences.length > 0) {
      drift.differing.push({ declared: brief(d, key.key), deployed: brief(live), differences, notCompared: skip });
    }
  }
  for (const r of deployed) {
    if (joined.has(r.uid)) continue;
    (unjoinableKinds.has(r.kind) ? drift.deployedUnjoined : drift.deployedButUndeclared).push(brief(r));
  }
  const order = (a: { uid: string }, b: { uid: string }) => byCodeUnits(a.uid, b.uid);
  for (const list of [drift.declaredButMissing, drift.deployedButUndeclared, drift.notJoinable, drift.deployedUnjoined])
    list.sort(order);
  return drift;
}

export async function driftBetween(reader: HistoryReader, iacRun: string, liveRun: string): Promise<Drift> {
  const iac = await requireRun(reader, iacRun);
  const live = await requireRun(reader, liveRun);
  const result = compareDeclared(await reader.loadSnapshots(iac.id), await reader.loadSnapshots(live.id));
  return { iacRun: iac.id, liveRun: live.id, ...result };
}
