// AWS::CloudTrail::Trail -> logging.trail; AWS::Logs::LogGroup -> logging.log_group.

import { num } from '../../../../kit/values.ts';
import type { LoggingLogGroupProps, LoggingTrailProps } from '../../../../model/kinds.ts';
import type { Resource } from '../../../../model/resource.ts';
import { type ExpirationRule, expirationDays } from '../../../../providers/aws/trail-bucket.ts';
import { arr, bool, type MapContext, obj, stated } from '../context.ts';

export function mapTrails(ctx: MapContext): Resource[] {
  return ctx.ofType('AWS::CloudTrail::Trail').map((trail) => {
    const p = trail.props;
    const defaulted: string[] = [];
    // IsLogging is required in CloudFormation: no default.
    const props: LoggingTrailProps = { enabled: bool(p.IsLogging), destination: ctx.idText(p.S3BucketName) };
    if (typeof p.S3KeyPrefix === 'string' && p.S3KeyPrefix !== '') props.destinationPrefix = p.S3KeyPrefix;
    // IsMultiRegionTrail and EnableLogFileValidation default to false.
    if (stated(p, 'IsMultiRegionTrail')) props.multiRegion = bool(p.IsMultiRegionTrail);
    else {
      props.multiRegion = false;
      defaulted.push('multiRegion');
    }
    if (stated(p, 'EnableLogFileValidation')) props.logFileValidation = bool(p.EnableLogFileValidation);
    else {
      props.logFileValidation = false;
      defaulted.push('logFileValidation');
    }
    // `encryption` is the trail's own SSE-KMS setting; without KMSKeyId logs get only the bucket's SSE-S3.
    if (stated(p, 'KMSKeyId')) props.encryption = { enabled: true, kmsKeyId: ctx.idText(p.KMSKeyId) };
    else {
      props.encryption = { enabled: false };
      defaulted.push('encryption.enabled');
    }
    return ctx.build(trail, 'logging.trail', props, {
      defaulted,
      propLines: {
        enabled: ctx.lineOf(p, 'IsLogging'),
        multiRegion: ctx.lineOf(p, 'IsMultiRegionTrail'),
        logFileValidation: ctx.lineOf(p, 'EnableLogFileValidation'),
        'encryption.enabled': ctx.lineOf(p, 'KMSKeyId'),
      },
    });
  });
}

export function mapLogGroups(ctx: MapContext): Resource[] {
  return ctx.ofType('AWS::Logs::LogGroup').map((group) => {
    const p = group.props;
    const defaulted: string[] = [];
    const props: LoggingLogGroupProps = {};
    if (stated(p, 'RetentionInDays')) props.retentionDays = num(p.RetentionInDays);
    else {
      // Without RetentionInDays log events never expire.
      props.retentionDays = 0;
      defaulted.push('retentionDays');
    }
    if (stated(p, 'KmsKeyId')) props.encryption = { enabled: true, kmsKeyId: ctx.idText(p.KmsKeyId) };
    return ctx.build(group, 'logging.log_group', props, {
      defaulted,
      propLines: { retentionDays: ctx.lineOf(p, 'RetentionInDays'), 'encryption.enabled': ctx.lineOf(p, 'KmsKeyId') },
    });
  });
}

/** Expiration rules per bucket uid, for the trail's retention (LifecycleConfiguration.Rules; none stated is []). */
export function bucketExpirationRules(ctx: MapContext): Map<string, ExpirationRule[]> {
  return new Map(
    ctx.ofType('AWS::S3::Bucket').map((bucket) => {
      const rules = arr(obj(bucket.props.LifecycleConfiguration)?.Rules).map((value) => {
        const rule = obj(value) ?? {};
        return {
          enabled: rule.Status !== 'Disabled',
          days: expirationDays(rule.ExpirationInDays),
          prefix: typeof rule.Prefix === 'string' ? rule.Prefix : undefined,
          tagged: arr(rule.TagFilters).length > 0,
        };
      });
      return [ctx.uidOf(bucket.logicalId), rules];
    }),
  );
}
