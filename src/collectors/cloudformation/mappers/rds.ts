// AWS::RDS::DBInstance and AWS::RDS::DBCluster -> database.instance.
import type { DatabaseInstanceProps } from '../../../model/kinds.ts';
import type { Resource } from '../../../model/resource.ts';
import { bool, type CfnResource, type MapContext, num, stated, str } from '../context.ts';

function mapDatabase(ctx: MapContext, db: CfnResource): Resource {
  const p = db.props;
  const defaulted: string[] = [];
  const props: DatabaseInstanceProps = { engine: str(p.Engine) };
  // An instance of an Aurora cluster, a read replica or a restore takes storage encryption and
  // backups from elsewhere: no default applies to it.
  const inherits = [
    'DBClusterIdentifier',
    'SourceDBInstanceIdentifier',
    'DBSnapshotIdentifier',
    'SnapshotIdentifier',
    'SourceDBClusterIdentifier',
  ].some((key) => stated(p, key));

  // PubliclyAccessible's default depends on the subnet group (public subnets): left absent unless written.
  props.publiclyAccessible = bool(p.PubliclyAccessible);

  if (stated(p, 'StorageEncrypted')) {
    const enabled = bool(p.StorageEncrypted);
    if (enabled !== undefined) props.encryption = { enabled, kmsKeyId: ctx.idText(p.KmsKeyId) };
  } else if (!inherits) {
    // StorageEncrypted defaults to false.
    props.encryption = { enabled: false };
    defaulted.push('encryption.enabled');
  }

  if (stated(p, 'BackupRetentionPeriod')) {
    props.backupRetentionDays = num(p.BackupRetentionPeriod);
  } else if (!inherits) {
    // RDS API default when BackupRetentionPeriod is not set: one day (RDS User Guide, "Backup retention period").
    props.backupRetentionDays = 1;
    defaulted.push('backupRetentionDays');
  }
  props.deletionProtection = bool(p.DeletionProtection);

  return ctx.build(db, 'database.instance', props, {
    defaulted,
    propLines: {
      publiclyAccessible: ctx.lineOf(p, 'PubliclyAccessible'),
      'encryption.enabled': ctx.lineOf(p, 'StorageEncrypted'),
      backupRetentionDays: ctx.lineOf(p, 'BackupRetentionPeriod'),
      deletionProtection: ctx.lineOf(p, 'DeletionProtection'),
    },
  });
}

export function mapRds(ctx: MapContext): Resource[] {
  return [...ctx.ofType('AWS::RDS::DBInstance'), ...ctx.ofType('AWS::RDS::DBCluster')].map((db) =>
    mapDatabase(ctx, db),
  );
}
