// Azure SQL databases (azurerm_mssql_database, the retired azurerm_sql_database) -> database.instance,
// with what Azure SQL does when nothing is said decided by the Azure provider
// (src/providers/azure/sql-database.ts), as for ARM templates and the live estate:
// transparent data encryption on (`transparent_data_encryption_enabled` defaults to true), 7 days
// of point-in-time backups (`short_term_retention_policy`), and the network exposure of the
// server (named in `serverId`, judged on the server). A customer key is the database's own `transparent_data_encryption_key_vault_key_id` or
// the server's (azurerm_mssql_server_transparent_data_encryption, or the server's attribute).
import { isUnknown, markUnknown, unknownReason } from '../../../../../kit/unknown.ts';
import { compact, num, str } from '../../../../../kit/values.ts';
import type { DatabaseInstanceProps } from '../../../../../model/kinds.ts';
import type { Resource } from '../../../../../model/resource.ts';
import {
  isSystemDatabase,
  SQL_DEFAULT_BACKUP_DAYS,
  serverNotRead,
} from '../../../../../providers/azure/sql-database.ts';
import type { TfResourceRecord } from '../../records.ts';
import { bool, buildResource, firstBlock, resourceUid } from '../common.ts';
import { isAbsent, linkedRecord, linkedRecords, pointerText, type Scan } from './scan.ts';

export const SQL_DATABASE_TYPES = ['azurerm_mssql_database', 'azurerm_sql_database'];
export const SERVER_TDE_TYPE = 'azurerm_mssql_server_transparent_data_encryption';
const SERVERS = ['azurerm_mssql_server', 'azurerm_sql_server'];

function serverOf(database: TfResourceRecord, scan: Scan): TfResourceRecord | undefined {
  const servers = scan.ofType(...SERVERS);
  return isAbsent(database.values.server_id)
    ? linkedRecord(database.values.server_name, database, servers, 'name')
    : linkedRecord(database.values.server_id, database, servers, 'id');
}

/** The key of the server's azurerm_mssql_server_transparent_data_encryption, as written (absent: service-managed). */
export function serverTdeKeyValue(server: TfResourceRecord, scan: Scan): unknown {
  const [tde] = scan.pointingAt(server, 'server TDE', [SERVER_TDE_TYPE], (t) =>
    linkedRecords(t.values.server_id, t, scan.records, 'id'),
  );
  return tde?.values.key_vault_key_id ?? tde?.values.managed_hsm_key_id ?? undefined;
}

/** The server's own props, passed in (database.ts maps servers; it imports this file). */
export type ServerProps = (server: TfResourceRecord) => DatabaseInstanceProps;

export function mapSqlDatabase(
  record: TfResourceRecord,
  scan: Scan,
  serverPropsOf: ServerProps,
): Resource<'database.instance'> | undefined {
  const values = record.values;
  if (isSystemDatabase(str(values.name) ?? '')) return undefined;
  const defaulted: string[] = [];
  const server = serverOf(record, scan);

  const written = values.transparent_data_encryption_enabled;
  const enabled = isAbsent(written) ? true : bool(written);
  if (isAbsent(written)) defaulted.push('encryption.enabled');
  const serverProps = server ? serverPropsOf(server) : undefined;
  const ownKey = values.transparent_data_encryption_key_vault_key_id;
  const kmsKeyId = isAbsent(ownKey)
    ? serverProps?.encryption?.kmsKeyId
    : pointerText(ownKey, linkedRecord(ownKey, record, scan.ofType('azurerm_key_vault_key'), 'id'));

  const retention = firstBlock(values.short_term_retention_policy);
  const days = retention?.retention_days;
  const backupRetentionDays = isAbsent(days) ? SQL_DEFAULT_BACKUP_DAYS : num(days);
  if (isAbsent(days)) defaulted.push('backupRetentionDays');

  const props: DatabaseInstanceProps = compact({
    engine: 'sqlserver',
    serverId: server && resourceUid(server),
    // A key encrypts nothing while TDE is off.
    encryption:
      enabled === undefined ? undefined : kmsKeyId === undefined || !enabled ? { enabled } : { enabled, kmsKeyId },
    backupRetentionDays,
  });
  const built = buildResource(record, scan.sourceId, 'database.instance', props, {
    defaulted,
    propAttrs: {
      'encryption.enabled': 'transparent_data_encryption_enabled',
      backupRetentionDays: 'short_term_retention_policy',
    },
  });
  if (!server) {
    const named = isAbsent(values.server_id) ? values.server_name : values.server_id;
    markUnknown(built, 'publiclyAccessible', serverNotRead(pointerText(named, undefined) ?? 'not stated'));
  }
  if (isUnknown(days))
    markUnknown(built, 'backupRetentionDays', unknownReason('short_term_retention_policy.retention_days', days));
  return built;
}
