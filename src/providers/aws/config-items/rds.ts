// AWS::RDS::DBInstance and AWS::RDS::DBCluster -> database.instance. Config states what RDS
// returned, so nothing is defaulted; an Aurora member's storage encryption and backups are its
// cluster's, and RDS reports them on the instance too.
import { num, str } from '../../../kit/values.ts';
import { bool, type ConfigItem, type MapResult, single } from './item.ts';

export function mapDatabase(item: ConfigItem): MapResult {
  const c = item.configuration;
  const encrypted = bool(c.storageEncrypted);
  return single('database.instance', {
    engine: str(c.engine),
    clusterId: str(c.dBClusterIdentifier) ?? str(c.dbClusterIdentifier),
    publiclyAccessible: bool(c.publiclyAccessible),
    encryption: encrypted === undefined ? undefined : { enabled: encrypted, kmsKeyId: str(c.kmsKeyId) },
    backupRetentionDays: num(c.backupRetentionPeriod),
    deletionProtection: bool(c.deletionProtection),
  });
}
