// Snapshots and machine images -> storage.snapshot, with who may restore them:
// - aws_db_snapshot, aws_db_cluster_snapshot: `shared_accounts` ("all" makes it public);
// - aws_ebs_snapshot (and copies): aws_snapshot_create_volume_permission companions (`account_id`);
// - aws_ami, aws_ami_copy, aws_ami_from_instance: aws_ami_launch_permission companions
//   (`group = "all"` makes it public, `account_id`, organization and OU ARNs share it).
// A permission whose snapshot or image is not in the scan becomes a storage.snapshot of its own,
// so a public grant is never lost; a permission whose grantee is unknown leaves `public` unknown.

import { isUnknown, markUnknown, unknownReason } from '../../../../../kit/unknown.ts';
import type { StorageSnapshotProps } from '../../../../../model/kinds.ts';
import type { Resource } from '../../../../../model/resource.ts';
import { snapshotSharing } from '../../../../../providers/aws/snapshot.ts';
import type { TfResourceRecord } from '../../records.ts';
import { buildResource } from '../common.ts';
import type { AwsContext } from './context.ts';

const DB_SNAPSHOTS = ['aws_db_snapshot', 'aws_db_cluster_snapshot'];
const EBS_SNAPSHOTS = ['aws_ebs_snapshot', 'aws_ebs_snapshot_copy', 'aws_ebs_snapshot_import'];
const IMAGES = ['aws_ami', 'aws_ami_copy', 'aws_ami_from_instance'];

interface Grant {
  record: TfResourceRecord;
  /** Who it grants to, when known. */
  grantees: string[];
  /** Why a grantee is not known, when one is not. */
  unknown?: string;
}

function grantOf(record: TfResourceRecord, attrs: string[]): Grant {
  const grant: Grant = { record, grantees: [] };
  for (const attr of attrs) {
    const value = record.values[attr];
    if (typeof value === 'string') grant.grantees.push(value);
    else if (isUnknown(value)) grant.unknown = unknownReason(`${record.address}.${attr}`, value);
  }
  return grant;
}

function build(
  ctx: AwsContext,
  record: TfResourceRecord,
  snapshotOf: StorageSnapshotProps['snapshotOf'],
  grants: Grant[],
  sharedAttr?: string,
): Resource<'storage.snapshot'> {
  const known = grants.flatMap((g) => g.grantees);
  const sharing = snapshotSharing(known);
  const unknown = grants.find((g) => g.unknown !== undefined)?.unknown;
  const props: StorageSnapshotProps = { snapshotOf, ...sharing };
  // Not public as far as the configuration says, unless a grantee is unknown (then "all" may be among them).
  if (unknown && !sharing.public) {
    delete props.public;
    if (known.length === 0) delete props.sharedWith;
  }
  const defaulted = grants.length === 0 ? ['public', 'sharedWith'] : [];
  const grantLine = grants.find((g) => g.grantees.some((who) => who.toLowerCase() === 'all')) ?? grants[0];
  const line = grantLine?.record === record && sharedAttr ? record.attrLines?.[sharedAttr] : grantLine?.record.line;
  const resource = buildResource(record, ctx.sourceId, 'storage.snapshot', props, {
    defaulted,
    propLines: line === undefined ? {} : { public: line, sharedWith: line },
  });
  if (unknown && props.public === undefined) markUnknown(resource, 'public', unknown);
  return resource;
}

/** `shared_accounts` of an RDS snapshot as one grant (absent: shared with nobody). */
function sharedAccounts(record: TfResourceRecord): Grant[] {
  const value = record.values.shared_accounts;
  if (value === undefined || value === null) return [];
  if (isUnknown(value)) return [{ record, grantees: [], unknown: unknownReason('shared_accounts', value) }];
  if (!Array.isArray(value)) return [{ record, grantees: [], unknown: 'shared_accounts is not a list of account ids' }];
  const grant: Grant = { record, grantees: value.filter((i): i is string => typeof i === 'string') };
  const unknownItem = value.find((i) => typeof i !== 'string');
  if (unknownItem !== undefined)
    grant.unknown = isUnknown(unknownItem)
      ? unknownReason('shared_accounts', unknownItem)
      : 'shared_accounts holds a value that is not an account id';
  return [grant];
}

/** Snapshots or images of `types` with the permissions of `permissionType` that point at them. */
function withPermissions(
  ctx: AwsContext,
  types: string[],
  snapshotOf: StorageSnapshotProps['snapshotOf'],
  permissionType: string,
  targetAttr: string,
  granteeAttrs: string[],
): Resource[] {
  const targets = ctx.index.ofType(...types);
  const byTarget = new Map<TfResourceRecord, Grant[]>();
  const orphans: Grant[] = [];
  for (const permission of ctx.index.ofType(permissionType)) {
    const target = ctx.index.link(permission, permission.values[targetAttr], types, 'id');
    const grant = grantOf(permission, granteeAttrs);
    if (target) byTarget.set(target, [...(byTarget.get(target) ?? []), grant]);
    else orphans.push(grant);
  }
  return [
    ...targets.map((t) => build(ctx, t, snapshotOf, byTarget.get(t) ?? [])),
    ...orphans.map((g) => build(ctx, g.record, snapshotOf, [g])),
  ];
}

export function mapSnapshots(ctx: AwsContext): Resource[] {
  return [
    ...ctx.index.ofType(...DB_SNAPSHOTS).map((r) => build(ctx, r, 'database', sharedAccounts(r), 'shared_accounts')),
    ...withPermissions(ctx, EBS_SNAPSHOTS, 'disk', 'aws_snapshot_create_volume_permission', 'snapshot_id', [
      'account_id',
    ]),
    ...withPermissions(ctx, IMAGES, 'image', 'aws_ami_launch_permission', 'image_id', [
      'group',
      'account_id',
      'organization_arn',
      'organizational_unit_arn',
    ]),
  ];
}
