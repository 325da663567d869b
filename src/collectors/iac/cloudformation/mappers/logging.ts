// AWS::CloudTrail::Trail -> logging.trail; AWS::Logs::LogGroup -> logging.log_group.

import { num } from '../../../../kit/values.ts';
import type { LoggingLogGroupProps, LoggingTrailProps } from '../../../../model/kinds.ts';
import type { Resource } from '../../../../model/resource.ts';
import { bool, type MapContext, stated } from '../context.ts';

export function mapTrails(ctx: MapContext): Resource[] {
  return ctx.ofType('AWS::CloudTrail::Trail').map((trail) => {
    const p = trail.props;
    const defaulted: string[] = [];
    // IsLogging is required in CloudFormation: no default.
    const props: LoggingTrailProps = { enabled: bool(p.IsLogging), destination: ctx.idText(p.S3BucketName) };
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
