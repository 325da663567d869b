// AWS::CloudTrail::Trail -> logging.trail; AWS::Logs::LogGroup -> logging.log_group. Config does
// not record whether a trail is logging (GetTrailStatus), so `enabled` stays absent.
import { num, str } from '../../../kit/values.ts';
import { bool, type ConfigItem, type MapResult, single } from './item.ts';

export function mapTrail(item: ConfigItem): MapResult {
  const c = item.configuration;
  const kmsKeyId = str(c.kmsKeyId);
  return single(
    'logging.trail',
    {
      multiRegion: bool(c.isMultiRegionTrail),
      globalServiceEvents: bool(c.includeGlobalServiceEvents),
      logFileValidation: bool(c.logFileValidationEnabled),
      // Without a KMS key the trail's logs get only the bucket's SSE-S3.
      encryption: { enabled: kmsKeyId !== undefined, kmsKeyId },
      destination: str(c.s3BucketName),
      destinationPrefix: str(c.s3KeyPrefix),
    },
    { name: str(c.name) },
  );
}

export function mapLogGroup(item: ConfigItem): MapResult {
  const c = item.configuration;
  const kmsKeyId = str(c.kmsKeyId);
  // A log group without retentionInDays keeps its events forever.
  const retention = num(c.retentionInDays) ?? 0;
  return single(
    'logging.log_group',
    { retentionDays: retention, encryption: { enabled: kmsKeyId !== undefined, kmsKeyId } },
    { name: str(c.logGroupName) },
  );
}
