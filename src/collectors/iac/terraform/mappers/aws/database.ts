// aws_db_instance and aws_rds_cluster -> database.instance, with the provider's documented defaults.

import { isUnknown, markUnknown } from '../../../../../kit/unknown.ts';
import { num, str } from '../../../../../kit/values.ts';
import type { DatabaseInstanceProps } from '../../../../../model/kinds.ts';
import type { Resource } from '../../../../../model/resource.ts';
import type { TfResourceRecord } from '../../records.ts';
import { bool, buildResource } from '../common.ts';
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
