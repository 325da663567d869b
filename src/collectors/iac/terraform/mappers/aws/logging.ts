// Audit logging and keys: aws_cloudtrail -> logging.trail, aws_cloudwatch_log_group ->
// logging.log_group, aws_kms_key -> crypto.key. Absent attributes get the provider's documented default.

import { isUnknown } from '../../../../../kit/unknown.ts';
import { num, str } from '../../../../../kit/values.ts';
import type { CryptoKeyProps, LoggingLogGroupProps, LoggingTrailProps } from '../../../../../model/kinds.ts';
import type { Resource } from '../../../../../model/resource.ts';
import { type ExpirationRule, expirationDays } from '../../../../../providers/aws/trail-bucket.ts';
import type { TfResourceRecord } from '../../records.ts';
import { blocks, bool, buildResource, firstBlock, refOf, resourceUid, type Values } from '../common.ts';
import type { AwsContext } from './context.ts';

function keyId(value: unknown): string | undefined {
  if (typeof value === 'string' && value !== '') return value;
  return isUnknown(value) ? (value.ref ?? '(known after apply)') : undefined;
}

/** Sets props[prop] from a boolean attribute, or from `fallback` (listed as defaulted) when the attribute is absent. */
function boolWithDefault<T extends object>(
  r: TfResourceRecord,
  attr: string,
  props: T,
  prop: keyof T & string,
  fallback: boolean,
  defaulted: string[],
): void {
  const value = r.values[attr];
  const known = bool(value);
  if (known !== undefined) (props as Record<string, unknown>)[prop] = known;
  else if (value === undefined) {
    (props as Record<string, unknown>)[prop] = fallback;
    defaulted.push(prop);
  }
}

/**
 * A bucket named through its bucket policy's id, which is the bucket's name (s3-bucket module
 * outputs before v4.11.0: `s3_bucket_id = try(aws_s3_bucket_policy.this[0].id, ...)`).
 */
function bucketOfPolicy(ctx: AwsContext, value: unknown, from: TfResourceRecord): TfResourceRecord | undefined {
  const policy = ctx.index.link(from, value, ['aws_s3_bucket_policy'], 'bucket');
  return policy && ctx.index.link(policy, policy.values.bucket, ['aws_s3_bucket'], 'bucket');
}

function trail(ctx: AwsContext, r: TfResourceRecord): Resource<'logging.trail'> {
  const props: LoggingTrailProps = {};
  const defaulted: string[] = [];
  // Provider docs, aws_cloudtrail: enable_logging "Defaults to true"; is_multi_region_trail
  // "Defaults to false"; enable_log_file_validation "Defaults to false";
  // include_global_service_events "Defaults to true".
  boolWithDefault(r, 'enable_logging', props, 'enabled', true, defaulted);
  boolWithDefault(r, 'is_multi_region_trail', props, 'multiRegion', false, defaulted);
  boolWithDefault(r, 'include_global_service_events', props, 'globalServiceEvents', true, defaulted);
  boolWithDefault(r, 'enable_log_file_validation', props, 'logFileValidation', false, defaulted);
  const kmsKeyId = keyId(r.values.kms_key_id);
  if (kmsKeyId) props.encryption = { enabled: true, kmsKeyId };
  const destination = str(r.values.s3_bucket_name) ?? refOf(r.values.s3_bucket_name);
  if (destination) props.destination = destination;
  const prefix = str(r.values.s3_key_prefix);
  if (prefix) props.destinationPrefix = prefix;
  // The bucket by reference or name; its facts are copied on by linkTrailBuckets (aws.ts).
  const bucket =
    ctx.index.link(r, r.values.s3_bucket_name, ['aws_s3_bucket'], 'bucket') ??
    bucketOfPolicy(ctx, r.values.s3_bucket_name, r);
  if (bucket) props.bucket = { uid: resourceUid(bucket) };
  return buildResource(r, ctx.sourceId, 'logging.trail', props, {
    defaulted,
    propAttrs: {
      enabled: 'enable_logging',
      multiRegion: 'is_multi_region_trail',
      globalServiceEvents: 'include_global_service_events',
      logFileValidation: 'enable_log_file_validation',
      encryption: 'kms_key_id',
      destination: 's3_bucket_name',
      destinationPrefix: 's3_key_prefix',
    },
  });
}

function logGroup(ctx: AwsContext, r: TfResourceRecord): Resource<'logging.log_group'> {
  const props: LoggingLogGroupProps = {};
  const defaulted: string[] = [];
  const retention = num(r.values.retention_in_days);
  if (retention !== undefined) props.retentionDays = retention;
  else if (r.values.retention_in_days === undefined) {
    // Provider docs: "If you select 0, the events in the log group are always retained and never expire"; 0 is the default.
    props.retentionDays = 0;
    defaulted.push('retentionDays');
  }
  const kmsKeyId = keyId(r.values.kms_key_id);
  if (kmsKeyId) props.encryption = { enabled: true, kmsKeyId };
  return buildResource(r, ctx.sourceId, 'logging.log_group', props, {
    defaulted,
    propAttrs: { retentionDays: 'retention_in_days', encryption: 'kms_key_id' },
  });
}

function kmsKey(ctx: AwsContext, r: TfResourceRecord): Resource<'crypto.key'> {
  const props: CryptoKeyProps = {};
  const defaulted: string[] = [];
  // Provider docs, aws_kms_key: is_enabled "Defaults to true"; enable_key_rotation "Defaults to false";
  // customer_master_key_spec "Defaults to SYMMETRIC_DEFAULT"; key_usage "Defaults to ENCRYPT_DECRYPT".
  boolWithDefault(r, 'is_enabled', props, 'enabled', true, defaulted);
  boolWithDefault(r, 'enable_key_rotation', props, 'rotationEnabled', false, defaulted);
  const period = num(r.values.rotation_period_in_days);
  if (period !== undefined) props.rotationPeriodDays = period;
  const specAttr = r.values.customer_master_key_spec !== undefined ? 'customer_master_key_spec' : 'key_spec';
  const spec = r.values[specAttr];
  if (typeof spec === 'string') props.keySpec = spec;
  else if (spec === undefined) {
    props.keySpec = 'SYMMETRIC_DEFAULT';
    defaulted.push('keySpec');
  }
  const usage = r.values.key_usage;
  if (typeof usage === 'string') props.usage = usage;
  else if (usage === undefined) {
    props.usage = 'ENCRYPT_DECRYPT';
    defaulted.push('usage');
  }
  return buildResource(r, ctx.sourceId, 'crypto.key', props, {
    defaulted,
    propAttrs: {
      enabled: 'is_enabled',
      rotationEnabled: 'enable_key_rotation',
      rotationPeriodDays: 'rotation_period_in_days',
      keySpec: specAttr,
      usage: 'key_usage',
    },
  });
}

export function mapLogging(ctx: AwsContext): Resource[] {
  return [
    ...ctx.index.ofType('aws_cloudtrail').map((r) => trail(ctx, r)),
    ...ctx.index.ofType('aws_cloudwatch_log_group').map((r) => logGroup(ctx, r)),
    ...ctx.index.ofType('aws_kms_key').map((r) => kmsKey(ctx, r)),
  ];
}

/**
 * Expiration rules per bucket uid, for the trail's retention: inline `lifecycle_rule` blocks (AWS
 * provider v3) and `aws_s3_bucket_lifecycle_configuration` rules; none stated is [] (kept indefinitely).
 */
export function bucketExpirationRules(ctx: AwsContext): Map<string, ExpirationRule[]> {
  const byBucket = new Map<string, ExpirationRule[]>();
  for (const bucket of ctx.index.ofType('aws_s3_bucket')) {
    const inline = blocks(bucket.values.lifecycle_rule).map((rule) => ({
      enabled: bool(rule.enabled) !== false,
      days: expirationDays(firstBlock(rule.expiration)?.days),
      prefix: str(rule.prefix),
      tagged: rule.tags !== undefined,
    }));
    byBucket.set(resourceUid(bucket), inline);
  }
  for (const config of ctx.index.ofType('aws_s3_bucket_lifecycle_configuration')) {
    const bucket = ctx.index.link(config, config.values.bucket, ['aws_s3_bucket'], 'bucket');
    if (!bucket) continue;
    byBucket.get(resourceUid(bucket))?.push(...blocks(config.values.rule).map(lifecycleRule));
  }
  return byBucket;
}

function lifecycleRule(rule: Values): ExpirationRule {
  const filter = firstBlock(rule.filter);
  const and = firstBlock(filter?.and);
  return {
    enabled: str(rule.status) !== 'Disabled',
    days: expirationDays(firstBlock(rule.expiration)?.days),
    prefix: str(and?.prefix ?? filter?.prefix ?? rule.prefix),
    tagged: firstBlock(filter?.tag) !== undefined || and?.tags !== undefined,
  };
}
