// Configuration items -> normalized resources through the AWS provider's Config adapters. The
// collector's part: uids (the ARN, or aws:<account>:<region>:<type>:<id> where there is none),
// locations, masked raw items as evidence, one resource per AWS-managed policy with every
// attachment, VPC flow logs resolved across the collection, and a gap per unreadable part.
import { maskSecretValues } from '../../kit/secrets.ts';
import { markUnknown } from '../../kit/unknown.ts';
import { compact } from '../../kit/values.ts';
import type { KindProps } from '../../model/kinds.ts';
import type { Gap, Resource } from '../../model/resource.ts';
import {
  type AccountBlock,
  accountBlockOf,
  applyAccountBlock,
  type ConfigItem,
  mapConfigItem,
  resolveFlowLogs,
} from '../../providers/aws/config-items/index.ts';
import { configExpirationRules, type ExpirationRule, linkTrailBuckets } from '../../providers/aws/trail-bucket.ts';

export interface CollectedItems {
  resources: Resource[];
  gaps: Gap[];
  /** Items of types no adapter maps, by type: read, counted, not evaluated. */
  unmapped: Record<string, number>;
}

export function uidOf(item: ConfigItem): string {
  return item.arn ?? `aws:${item.accountId ?? '?'}:${item.region ?? '?'}:${item.resourceType}:${item.resourceId}`;
}

/** `where` names what the item came from (a file, a region's endpoint) for its gaps. */
export function toResources(
  items: { item: ConfigItem; where: Pick<Gap, 'file' | 'endpoint'> }[],
  sourceId: string,
  /** Whether flow logs were recorded (a recorder's types, online); default: some flow log item was read. */
  flowLogsRecorded?: boolean,
): CollectedItems {
  const resources: Resource[] = [];
  const gaps: Gap[] = [];
  const unmapped: Record<string, number> = {};
  const managed = new Map<string, Resource>();
  const vpcs: { resourceId: string; uid: string; props: Record<string, unknown> }[] = [];
  const flowLogs: typeof vpcs = [];
  let sawFlowLog = false;
  const accountBlocks = new Map<string, AccountBlock>();
  const buckets: Resource[] = [];

  const expiration = new Map<string, ExpirationRule[] | undefined>();
  for (const { item, where } of items) {
    if (item.resourceType === 'AWS::S3::Bucket')
      expiration.set(uidOf(item), configExpirationRules(item.supplementaryConfiguration ?? {}));
    const mapped = mapConfigItem(item);
    if (!mapped) {
      unmapped[item.resourceType] = (unmapped[item.resourceType] ?? 0) + 1;
      continue;
    }
    const uid = uidOf(item);
    for (const problem of mapped.problems) {
      gaps.push({ reason: 'parse-error', message: `${uid} (${item.resourceType}): ${problem}`, ...where });
    }
    if (item.resourceType === 'AWS::EC2::FlowLog') sawFlowLog = true;
    if (item.resourceType === 'AWS::S3::AccountPublicAccessBlock')
      accountBlocks.set(item.accountId ?? item.resourceId, accountBlockOf(item));
    for (const part of mapped.resources) {
      const suffix = part.part ? `/${part.part}` : '';
      const resource = compact<Resource>({
        uid: part.uid ?? `${uid}${suffix}`,
        kind: part.kind,
        provider: 'aws',
        nativeType: part.nativeType ?? item.resourceType,
        name: part.name ? `${part.name}` : `${item.resourceName ?? item.resourceId}${suffix}`,
        location: { account: item.accountId, region: item.region },
        tags: part.uid ? undefined : item.tags,
        props: compact(part.props) as KindProps[typeof part.kind],
        defaulted: part.defaulted?.length ? part.defaulted : undefined,
        raw: part.uid ? undefined : maskSecretValues(item),
        sourceId,
      });
      for (const [path, reason] of Object.entries(part.unknown ?? {})) markUnknown(resource, path, reason);
      if (part.uid) {
        // One AWS-managed policy, however many principals attach it.
        const seen = managed.get(part.uid);
        const props = resource.props as KindProps['iam.policy'];
        if (seen) {
          const attached = (seen.props as KindProps['iam.policy']).attachedTo ?? [];
          attached.push(...(props.attachedTo ?? []));
          (seen.props as KindProps['iam.policy']).attachedTo = [...new Set(attached)].sort();
          continue;
        }
        resource.location = { account: item.accountId };
        managed.set(part.uid, resource);
      }
      if (resource.kind === 'network.vpc')
        vpcs.push({ resourceId: item.resourceId, uid: resource.uid, props: resource.props as Record<string, unknown> });
      if (resource.kind === 'network.flow_log')
        flowLogs.push({
          resourceId: item.resourceId,
          uid: resource.uid,
          props: resource.props as Record<string, unknown>,
        });
      if (resource.kind === 'storage.bucket') buckets.push(resource);
      resources.push(resource);
    }
  }
  for (const bucket of buckets) {
    const block = accountBlocks.get(bucket.location.account ?? '');
    if (block) applyAccountBlock(bucket, block);
  }
  // Without recorded flow logs, whether a VPC has any is not known.
  if (flowLogsRecorded ?? sawFlowLog) resolveFlowLogs(vpcs, flowLogs);
  linkTrailBuckets(resources, (uid) => expiration.get(uid));
  return { resources, gaps, unmapped };
}
