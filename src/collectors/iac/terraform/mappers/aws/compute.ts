// Disks: aws_ebs_volume, and the block devices of aws_instance and aws_launch_template
// (each device is its own compute.disk, named after the instance plus the device).

import { isUnknown, unknownReason } from '../../../../../kit/unknown.ts';
import { compact, num, str } from '../../../../../kit/values.ts';
import type { ComputeDiskEncryptionDefaultProps, ComputeDiskProps } from '../../../../../model/kinds.ts';
import type { Resource } from '../../../../../model/resource.ts';
import type { TfResourceRecord } from '../../records.ts';
import { blocks, bool, buildResource, firstBlock, gapAt, resourceUid, type Values } from '../common.ts';
import type { AwsContext } from './context.ts';
import { rootOf } from './link.ts';

function keyId(value: unknown): string | undefined {
  if (typeof value === 'string' && value !== '') return value;
  return isUnknown(value) ? (value.ref ?? '(known after apply)') : undefined;
}

/** `encrypted` as stated; a KMS key set means encrypted even when `encrypted` is unknown or absent. */
function diskProps(device: Values, sizeAttr: string, attachedTo?: string): ComputeDiskProps {
  const kmsKeyId = keyId(device.kms_key_id);
  const encrypted = bool(device.encrypted);
  const props: ComputeDiskProps = {};
  // Without kmsKeyId when there is none, as compact() would leave it, without deleting a key.
  if (encrypted !== undefined || kmsKeyId)
    props.encryption =
      kmsKeyId === undefined ? { enabled: encrypted ?? true } : { enabled: encrypted ?? true, kmsKeyId };
  const size = num(device[sizeAttr]);
  if (size !== undefined) props.sizeGb = size;
  if (attachedTo) props.attachedTo = attachedTo;
  return props;
}

function deviceLabel(device: Values, fallback: number): string {
  return str(device.device_name) ?? String(fallback);
}

export function mapCompute(ctx: AwsContext): Resource[] {
  const out: Resource[] = [];
  for (const r of ctx.index.ofType('aws_ebs_volume')) {
    out.push(
      buildResource(r, ctx.sourceId, 'compute.disk', diskProps(r.values, 'size'), {
        propAttrs: { encryption: 'encrypted', sizeGb: 'size' },
      }),
    );
  }
  const byDefault = ctx.index.ofType('aws_ebs_encryption_by_default');
  for (const r of byDefault) {
    // The kind requires `enabled`: a setting known only at deployment is a gap, not a resource that could pass.
    if (isUnknown(r.values.enabled))
      ctx.gaps.push(gapAt(r, 'unresolved-reference', unknownReason('enabled', r.values.enabled)));
    else out.push(encryptionByDefault(ctx, r));
  }
  for (const r of ctx.index.ofType('aws_instance')) for (const item of instanceDisks(ctx, r, byDefault)) out.push(item);
  for (const r of ctx.index.ofType('aws_launch_template'))
    for (const item of launchTemplateDisks(ctx, r, byDefault)) out.push(item);
  return out;
}

/**
 * The region's EBS encryption by default (the kind AWS Config and ec2:GetEbsEncryptionByDefault
 * give too); `enabled` defaults to true in the provider, a key from aws_ebs_default_kms_key of
 * the same configuration.
 */
function encryptionByDefault(ctx: AwsContext, r: TfResourceRecord): Resource {
  const enabled = bool(r.values.enabled);
  const key = ctx.index.ofType('aws_ebs_default_kms_key').find((k) => rootOf(k) === rootOf(r));
  const kmsKeyId = key ? keyId(key.values.key_arn) : undefined;
  const props = compact({ enabled: r.values.enabled === undefined ? true : enabled, kmsKeyId });
  return buildResource(r, ctx.sourceId, 'compute.disk_encryption_default', props as ComputeDiskEncryptionDefaultProps, {
    defaulted: r.values.enabled === undefined ? ['enabled'] : [],
  });
}

/**
 * The root volume an instance (or a launch template) gets when it states none: the provider's
 * default `encrypted = false`, unless the configuration turns on the account's EBS encryption by
 * default (aws_ebs_encryption_by_default with `enabled` true or absent); stated as defaulted.
 */
function implicitRootDisk(
  ctx: AwsContext,
  r: TfResourceRecord,
  byDefault: TfResourceRecord[],
  part: string,
): Resource<'compute.disk'> {
  const accountDefault = byDefault.some(
    (d) => rootOf(d) === rootOf(r) && (d.values.enabled === undefined || bool(d.values.enabled) === true),
  );
  return buildResource(
    r,
    ctx.sourceId,
    'compute.disk',
    { encryption: { enabled: accountDefault }, attachedTo: resourceUid(r) },
    { part, defaulted: ['encryption.enabled'] },
  );
}

function instanceDisks(ctx: AwsContext, r: TfResourceRecord, byDefault: TfResourceRecord[]): Resource[] {
  const owner = resourceUid(r);
  const out: Resource[] = [];
  const root = firstBlock(r.values.root_block_device);
  if (!root && r.values.root_block_device === undefined && r.values.launch_template === undefined)
    out.push(implicitRootDisk(ctx, r, byDefault, 'root_block_device'));
  if (root) {
    const line = r.attrLines?.root_block_device;
    out.push(
      buildResource(r, ctx.sourceId, 'compute.disk', diskProps(root, 'volume_size', owner), {
        part: 'root_block_device',
        line,
      }),
    );
  }
  blocks(r.values.ebs_block_device).forEach((device, i) => {
    const line = r.attrLines?.ebs_block_device;
    out.push(
      buildResource(r, ctx.sourceId, 'compute.disk', diskProps(device, 'volume_size', owner), {
        part: `ebs_block_device[${deviceLabel(device, i)}]`,
        line,
      }),
    );
  });
  return out;
}

function launchTemplateDisks(ctx: AwsContext, r: TfResourceRecord, byDefault: TfResourceRecord[]): Resource[] {
  const owner = resourceUid(r);
  if (r.values.block_device_mappings === undefined)
    return [implicitRootDisk(ctx, r, byDefault, 'root (image default)')];
  return blocks(r.values.block_device_mappings).flatMap((mapping, i) => {
    const ebs = firstBlock(mapping.ebs);
    if (!ebs) return [];
    const line = r.attrLines?.block_device_mappings;
    return [
      buildResource(r, ctx.sourceId, 'compute.disk', diskProps(ebs, 'volume_size', owner), {
        part: `block_device_mappings[${deviceLabel(mapping, i)}]`,
        line,
      }),
    ];
  });
}
