// Disks: aws_ebs_volume, and the block devices of aws_instance and aws_launch_template
// (each device is its own compute.disk, named after the instance plus the device).

import { isUnknown } from '../../../../../kit/unknown.ts';
import { compact, num, str } from '../../../../../kit/values.ts';
import type { ComputeDiskProps } from '../../../../../model/kinds.ts';
import type { Resource } from '../../../../../model/resource.ts';
import type { TfResourceRecord } from '../../records.ts';
import { blocks, bool, buildResource, firstBlock, resourceUid, type Values } from '../common.ts';
import type { AwsContext } from './context.ts';

function keyId(value: unknown): string | undefined {
  if (typeof value === 'string' && value !== '') return value;
  return isUnknown(value) ? (value.ref ?? '(known after apply)') : undefined;
}

/** `encrypted` as stated; a KMS key set means encrypted even when `encrypted` is unknown or absent. */
function diskProps(device: Values, sizeAttr: string, attachedTo?: string): ComputeDiskProps {
  const kmsKeyId = keyId(device.kms_key_id);
  const encrypted = bool(device.encrypted);
  const props: ComputeDiskProps = {};
  if (encrypted !== undefined || kmsKeyId) props.encryption = compact({ enabled: encrypted ?? true, kmsKeyId });
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
  for (const r of ctx.index.ofType('aws_instance')) for (const item of instanceDisks(ctx, r)) out.push(item);
  for (const r of ctx.index.ofType('aws_launch_template'))
    for (const item of launchTemplateDisks(ctx, r)) out.push(item);
  return out;
}

function instanceDisks(ctx: AwsContext, r: TfResourceRecord): Resource[] {
  const owner = resourceUid(r);
  const out: Resource[] = [];
  const root = firstBlock(r.values.root_block_device);
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

function launchTemplateDisks(ctx: AwsContext, r: TfResourceRecord): Resource[] {
  const owner = resourceUid(r);
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
