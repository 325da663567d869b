// aws_db_instance and aws_rds_cluster -> database.instance, with the provider's documented defaults.

import { isUnknown, markUnknown } from '../../../../../kit/unknown.ts';
import { num, str } from '../../../../../kit/values.ts';
import type { DatabaseInstanceProps } from '../../../../../model/kinds.ts';
import type { Resource } from '../../../../../model/resource.ts';
import type { TfResourceRecord } from '../../records.ts';
import { bool, buildResource, gapAt, refOf } from '../common.ts';
import type { AwsContext } from './context.ts';

interface Defaults {
  publiclyAccessible?: boolean;
  backupRetentionDays: number;
  storageEncrypted?: boolean;
}

// Provider docs, aws_db_instance: publicly_accessible "Default is false"; backup_retention_period
// "Default is 0"; storage_encrypted "The default is false if not specified"; deletion_protection "The default is false".
const INSTANCE_DEFAULTS: Defaults = { publiclyAccessible: false, backupRetentionDays: 0, storageEncrypted: false };

// Provider docs, aws_rds_cluster: backup_retention_period "Default 1"; storage_encrypted defaults to
// false for the provisioned engine mode (the default mode) and true for serverless.
function clusterDefaults(r: TfResourceRecord): Defaults {
  const mode = r.values.engine_mode;
  if (isUnknown(mode)) return { backupRetentionDays: 1 };
  return { backupRetentionDays: 1, storageEncrypted: mode === 'serverless' };
}

function databaseResource(ctx: AwsContext, r: TfResourceRecord, defaults: Defaults): Resource<'database.instance'> {
  const v = r.values;
  const props: DatabaseInstanceProps = {};
  const defaulted: string[] = [];
  const engine = str(v.engine);
  if (engine) props.engine = engine;

  if (r.type === 'aws_db_instance') {
    const pub = bool(v.publicly_accessible);
    if (pub !== undefined) props.publiclyAccessible = pub;
    else if (v.publicly_accessible === undefined && defaults.publiclyAccessible !== undefined) {
      props.publiclyAccessible = defaults.publiclyAccessible;
      defaulted.push('publiclyAccessible');
    }
  }

  // A KMS key given (known or a reference) means storage is encrypted with it.
  const kmsKeyId =
    typeof v.kms_key_id === 'string'
      ? v.kms_key_id
      : isUnknown(v.kms_key_id)
        ? (v.kms_key_id.ref ?? '(known after apply)')
        : undefined;
  const encrypted = bool(v.storage_encrypted);
  const replicaOf = r.type === 'aws_db_instance' ? v.replicate_source_db : undefined;
  if (replicaOf !== undefined && replicaOf !== null)
    props.replicaOf = str(replicaOf) ?? (isUnknown(replicaOf) ? replicaOf.ref : undefined) ?? 'replicate_source_db';
  let inheritedFrom: string | undefined;
  if (encrypted === undefined && !kmsKeyId && replicaOf !== undefined && replicaOf !== null) {
    // A read replica has its source's encryption (RDS refuses an unencrypted replica of an encrypted source).
    const source = ctx.index.link(r, replicaOf, ['aws_db_instance'], 'identifier');
    const sourceEncrypted = source ? declaredEncryption(source.values) : undefined;
    if (sourceEncrypted !== undefined && source) {
      props.encryption = { enabled: sourceEncrypted };
      inheritedFrom = source.address;
    } else
      inheritedFrom = `an unresolved source (${str(replicaOf) ?? (isUnknown(replicaOf) ? replicaOf.ref : undefined) ?? 'replicate_source_db'})`;
  } else if (encrypted !== undefined || kmsKeyId) {
    props.encryption = { enabled: encrypted ?? true };
    if (kmsKeyId) props.encryption.kmsKeyId = kmsKeyId;
  } else if (v.storage_encrypted === undefined && defaults.storageEncrypted !== undefined) {
    props.encryption = { enabled: defaults.storageEncrypted };
    defaulted.push('encryption.enabled');
  }

  const retention = num(v.backup_retention_period);
  if (retention !== undefined) props.backupRetentionDays = retention;
  else if (v.backup_retention_period === undefined) {
    props.backupRetentionDays = defaults.backupRetentionDays;
    defaulted.push('backupRetentionDays');
  }

  const protection = bool(v.deletion_protection);
  if (protection !== undefined) props.deletionProtection = protection;
  else if (v.deletion_protection === undefined) {
    props.deletionProtection = false;
    defaulted.push('deletionProtection');
  }

  const resource = buildResource(r, ctx.sourceId, 'database.instance', props, {
    defaulted,
    propAttrs: {
      engine: 'engine',
      publiclyAccessible: 'publicly_accessible',
      'encryption.enabled': v.storage_encrypted !== undefined ? 'storage_encrypted' : 'kms_key_id',
      backupRetentionDays: 'backup_retention_period',
      deletionProtection: 'deletion_protection',
      ...(inheritedFrom ? { 'encryption.enabled': 'replicate_source_db' } : {}),
    },
  });
  if (inheritedFrom && props.encryption === undefined)
    markUnknown(resource, 'encryption.enabled', `a read replica has the encryption of ${inheritedFrom}`);
  return resource;
}

/** Whether a source instance's storage is encrypted as written; undefined when not decided by its own attributes. */
function declaredEncryption(values: TfResourceRecord['values']): boolean | undefined {
  const encrypted = bool(values.storage_encrypted);
  if (encrypted !== undefined) return encrypted;
  if (values.kms_key_id !== undefined && values.kms_key_id !== null) return true;
  if (values.replicate_source_db !== undefined) return undefined;
  return values.storage_encrypted === undefined ? INSTANCE_DEFAULTS.storageEncrypted : undefined;
}

export function mapDatabases(ctx: AwsContext): Resource[] {
  return [
    ...ctx.index.ofType('aws_db_instance').map((r) => databaseResource(ctx, r, INSTANCE_DEFAULTS)),
    ...ctx.index.ofType('aws_rds_cluster').map((r) => databaseResource(ctx, r, clusterDefaults(r))),
  ];
}

/** A managed database service other than RDS, and where its settings live (provider docs). */
interface ServiceSpec {
  engine: (r: TfResourceRecord) => string | undefined;
  retentionAttr: string;
  /** The provider's documented default retention in days. */
  retentionDefault: number;
  encryptionAttr: string;
  /** The documented default, when it does not depend on the provider or engine version. */
  encryptionDefault?: boolean;
  deletionProtection: boolean;
}

// Provider docs: aws_docdb_cluster and aws_neptune_cluster: backup_retention_period "Default 1",
// storage_encrypted "The default is false", deletion_protection default false. aws_redshift_cluster:
// automated_snapshot_retention_period "Default is 1"; whether `encrypted` defaults to true changed
// between provider versions, so it is left unknown. aws_elasticache_*: snapshot_retention_limit
// "If the value is set to 0, automatic backups are disabled" (the default); at-rest encryption's
// default depends on the engine and version.
const SERVICES: Record<string, ServiceSpec> = {
  aws_docdb_cluster: {
    engine: () => 'docdb',
    retentionAttr: 'backup_retention_period',
    retentionDefault: 1,
    encryptionAttr: 'storage_encrypted',
    encryptionDefault: false,
    deletionProtection: true,
  },
  aws_neptune_cluster: {
    engine: () => 'neptune',
    retentionAttr: 'backup_retention_period',
    retentionDefault: 1,
    encryptionAttr: 'storage_encrypted',
    encryptionDefault: false,
    deletionProtection: true,
  },
  aws_redshift_cluster: {
    engine: () => 'redshift',
    retentionAttr: 'automated_snapshot_retention_period',
    retentionDefault: 1,
    encryptionAttr: 'encrypted',
    deletionProtection: false,
  },
  aws_elasticache_replication_group: {
    engine: (r) => str(r.values.engine) ?? 'redis',
    retentionAttr: 'snapshot_retention_limit',
    retentionDefault: 0,
    encryptionAttr: 'at_rest_encryption_enabled',
    deletionProtection: false,
  },
  aws_elasticache_cluster: {
    engine: (r) => str(r.values.engine),
    retentionAttr: 'snapshot_retention_limit',
    retentionDefault: 0,
    encryptionAttr: 'at_rest_encryption_enabled',
    deletionProtection: false,
  },
};

function serviceResource(ctx: AwsContext, r: TfResourceRecord, spec: ServiceSpec): Resource<'database.instance'> {
  const v = r.values;
  const props: DatabaseInstanceProps = {};
  const defaulted: string[] = [];
  const engine = spec.engine(r);
  if (engine) props.engine = engine;
  // A cache cluster joined to a replication group takes its settings from the group, judged there.
  const group = v.replication_group_id;
  const member = group !== undefined && group !== null;
  if (member) {
    const id = str(group) ?? refOf(group);
    if (id) props.clusterId = id;
  }
  const retention = num(v[spec.retentionAttr]);
  if (member) {
    if (retention !== undefined) props.backupRetentionDays = retention;
  } else if (retention !== undefined) props.backupRetentionDays = retention;
  else if (v[spec.retentionAttr] === undefined) {
    props.backupRetentionDays = spec.retentionDefault;
    defaulted.push('backupRetentionDays');
  }
  const kmsKey = v.kms_key_id ?? v.kms_key_arn;
  const encrypted = bool(v[spec.encryptionAttr]);
  if (encrypted !== undefined) props.encryption = { enabled: encrypted };
  else if (v[spec.encryptionAttr] === undefined && kmsKey !== undefined && kmsKey !== null)
    props.encryption = { enabled: true };
  else if (v[spec.encryptionAttr] === undefined && spec.encryptionDefault !== undefined) {
    props.encryption = { enabled: spec.encryptionDefault };
    defaulted.push('encryption.enabled');
  }
  if (spec.deletionProtection) {
    const protection = bool(v.deletion_protection);
    if (protection !== undefined) props.deletionProtection = protection;
    else if (v.deletion_protection === undefined) {
      props.deletionProtection = false;
      defaulted.push('deletionProtection');
    }
  }
  const pub = bool(v.publicly_accessible);
  if (pub !== undefined) props.publiclyAccessible = pub;
  const resource = buildResource(r, ctx.sourceId, 'database.instance', props, {
    defaulted,
    propAttrs: {
      backupRetentionDays: spec.retentionAttr,
      'encryption.enabled': spec.encryptionAttr,
      deletionProtection: 'deletion_protection',
      publiclyAccessible: 'publicly_accessible',
    },
  });
  if (props.encryption === undefined && !member)
    markUnknown(
      resource,
      'encryption.enabled',
      `${r.type} states no ${spec.encryptionAttr}, and its default depends on the provider or engine version`,
    );
  return resource;
}

export function mapDatabaseServices(ctx: AwsContext): Resource[] {
  return Object.entries(SERVICES).flatMap(([type, spec]) =>
    ctx.index.ofType(type).flatMap((r) => {
      if (spec.engine(r) === 'memcached') {
        // Memcached keeps nothing at rest: no backups or storage encryption to judge.
        ctx.gaps.push(gapAt(r, 'unsupported', 'a Memcached cluster keeps no data at rest; not evaluated'));
        return [];
      }
      return [serviceResource(ctx, r, spec)];
    }),
  );
}
