// AWS::RDS::DBInstance and AWS::RDS::DBCluster -> database.instance. A cluster member of the
// same template takes the cluster's storage encryption and backup retention (RDS applies them), a
// read replica its source instance's storage encryption.

import { num, str } from '../../../../kit/values.ts';
import type { DatabaseInstanceProps } from '../../../../model/kinds.ts';
import type { Resource } from '../../../../model/resource.ts';
import { bool, type CfnResource, type MapContext, stated, writtenProp } from '../context.ts';

function mapDatabase(ctx: MapContext, db: CfnResource): Resource<'database.instance'> {
  const p = db.props;
  const defaulted: string[] = [];
  const props: DatabaseInstanceProps = { engine: str(p.Engine) };
  if (db.type === 'AWS::RDS::DBInstance' && stated(p, 'DBClusterIdentifier')) {
    props.clusterId = ctx.idText(p.DBClusterIdentifier) ?? str(p.DBClusterIdentifier);
  }
  if (db.type === 'AWS::RDS::DBInstance' && stated(p, 'SourceDBInstanceIdentifier')) {
    props.replicaOf =
      ctx.idText(p.SourceDBInstanceIdentifier) ?? str(p.SourceDBInstanceIdentifier) ?? 'SourceDBInstanceIdentifier';
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
/** What a read replica takes from its source instance: storage encryption (backups are its own). */
const FROM_SOURCE = ['encryption'] as const;

function inherit(
  member: Resource<'database.instance'>,
  from: Resource<'database.instance'>,
  keys: readonly (typeof FROM_CLUSTER)[number][],
): void {
  for (const key of keys) {
    if (member.props[key] !== undefined || from.props[key] === undefined) continue;
    Object.assign(member.props, { [key]: structuredClone(from.props[key]) });
    const defaulted = (from.defaulted ?? []).filter((path) => path === key || path.startsWith(`${key}.`));
    if (defaulted.length > 0) member.defaulted = [...(member.defaulted ?? []), ...defaulted];
  }
}

export function mapRds(ctx: MapContext): Resource[] {
  const clusters = ctx.ofType('AWS::RDS::DBCluster').map((db) => ({ db, built: mapDatabase(ctx, db) }));
  const instances = ctx.ofType('AWS::RDS::DBInstance').map((db) => {
    const built = mapDatabase(ctx, db);
    const cluster = clusters.find((c) => ctx.refersTo(db.props.DBClusterIdentifier, c.db, 'DBClusterIdentifier'));
    if (cluster) inherit(built, cluster.built, FROM_CLUSTER);
    return { db, built };
  });
  // A read replica of an instance of the same template is encrypted as its source is (RDS copies
  // the source's storage encryption; a replica cannot choose otherwise). Chains resolve in order.
  const sourceOf = (db: CfnResource) =>
    instances.find(
      (s) =>
        s.db !== db &&
        ctx.refersTo(
          db.props.SourceDBInstanceIdentifier,
          s.db,
          'DBInstanceIdentifier',
          writtenProp(db, 'SourceDBInstanceIdentifier'),
        ),
    );
  const resolveReplica = (replica: (typeof instances)[number], depth: number): void => {
    const source = sourceOf(replica.db);
    if (!source || depth > instances.length) return;
    resolveReplica(source, depth + 1);
    inherit(replica.built, source.built, FROM_SOURCE);
  };
  for (const instance of instances)
    if (stated(instance.db.props, 'SourceDBInstanceIdentifier')) resolveReplica(instance, 0);
  return [...instances.map((i) => i.built), ...clusters.map((c) => c.built)];
}
