// AWS::RDS::DBInstance and AWS::RDS::DBCluster -> database.instance. A cluster member of the
// same template takes the cluster's storage encryption and backup retention (RDS applies them).

import { num, str } from '../../../../kit/values.ts';
import type { DatabaseInstanceProps } from '../../../../model/kinds.ts';
import type { Resource } from '../../../../model/resource.ts';
import { bool, type CfnResource, type MapContext, stated } from '../context.ts';

function mapDatabase(ctx: MapContext, db: CfnResource): Resource<'database.instance'> {
  const p = db.props;
  const defaulted: string[] = [];
  const props: DatabaseInstanceProps = { engine: str(p.Engine) };
  if (db.type === 'AWS::RDS::DBInstance' && stated(p, 'DBClusterIdentifier')) {
    props.clusterId = ctx.idText(p.DBClusterIdentifier) ?? str(p.DBClusterIdentifier);
  }
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

/** What an Aurora cluster member takes from its cluster: storage encryption and backups. */
const FROM_CLUSTER = ['encryption', 'backupRetentionDays'] as const;

function inheritFromCluster(member: Resource<'database.instance'>, cluster: Resource<'database.instance'>): void {
  for (const key of FROM_CLUSTER) {
    if (member.props[key] !== undefined || cluster.props[key] === undefined) continue;
    Object.assign(member.props, { [key]: structuredClone(cluster.props[key]) });
    const defaulted = (cluster.defaulted ?? []).filter((path) => path === key || path.startsWith(`${key}.`));
    if (defaulted.length > 0) member.defaulted = [...(member.defaulted ?? []), ...defaulted];
  }
}

export function mapRds(ctx: MapContext): Resource[] {
  const clusters = ctx.ofType('AWS::RDS::DBCluster').map((db) => ({ db, built: mapDatabase(ctx, db) }));
  const instances = ctx.ofType('AWS::RDS::DBInstance').map((db) => {
    const built = mapDatabase(ctx, db);
    const cluster = clusters.find((c) => ctx.refersTo(db.props.DBClusterIdentifier, c.db, 'DBClusterIdentifier'));
    if (cluster) inheritFromCluster(built, cluster.built);
    return built;
  });
  return [...instances, ...clusters.map((c) => c.built)];
}
