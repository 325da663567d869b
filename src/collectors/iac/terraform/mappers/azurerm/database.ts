// Azure database servers -> database.instance, joined with their server-level firewall rules.
//
// What the platform guarantees (filled and listed in `defaulted` when nothing narrower is written):
// - every Azure SQL / PostgreSQL / MySQL / MariaDB server encrypts storage at rest (no opt-out);
//   a customer-managed key makes encryption not defaulted and gives kmsKeyId;
// - Azure SQL (mssql_server, sql_server) accepts encrypted connections only: tls.required = true;
// - flexible servers: require_secure_transport is ON and the minimum is TLS 1.2 unless a
//   *_flexible_server_configuration says otherwise;
// - backups are kept 7 days unless backup_retention_days says otherwise (documented by the
//   provider for MySQL flexible, by Azure for the others). Azure SQL keeps backups per
//   database (azurerm_mssql_database), so a server has no backupRetentionDays.
// Provider defaults (v3 and v4 agree): public_network_access_enabled = true,
// minimum_tls_version = "1.2" (mssql), ssl_minimal_tls_version_enforced = "TLS1_2".

import { compact, num, str } from '../../../../../kit/values.ts';
import type { DatabaseInstanceProps } from '../../../../../model/kinds.ts';
import type { Resource } from '../../../../../model/resource.ts';
import { publicNetworkAccess, tlsVersion } from '../../../../../providers/azure/settings.ts';
import type { TfResourceRecord } from '../../records.ts';
import { bool, buildResource, firstBlock, gapAt } from '../common.ts';
import { firstWritten, isAbsent, linkedRecord, linkedRecords, pointerText, type Scan } from './scan.ts';
import { serverTdeKeyValue } from './sql-database.ts';

interface ServerType {
  engine: string;
  /** Firewall rule types that point at this server, and the attribute they use. */
  firewallRules: { type: string; attr: 'server_id' | 'server_name' }[];
  /** Server parameter resource type (flexible servers). */
  configuration?: string;
}

export const SERVER_TYPES: Record<string, ServerType> = {
  azurerm_mssql_server: {
    engine: 'sqlserver',
    firewallRules: [
      { type: 'azurerm_mssql_firewall_rule', attr: 'server_id' },
      { type: 'azurerm_sql_firewall_rule', attr: 'server_name' },
    ],
  },
  azurerm_sql_server: {
    engine: 'sqlserver',
    firewallRules: [
      { type: 'azurerm_sql_firewall_rule', attr: 'server_name' },
      { type: 'azurerm_mssql_firewall_rule', attr: 'server_id' },
    ],
  },
  azurerm_postgresql_server: {
    engine: 'postgres',
    firewallRules: [{ type: 'azurerm_postgresql_firewall_rule', attr: 'server_name' }],
  },
  azurerm_postgresql_flexible_server: {
    engine: 'postgres',
    firewallRules: [{ type: 'azurerm_postgresql_flexible_server_firewall_rule', attr: 'server_id' }],
    configuration: 'azurerm_postgresql_flexible_server_configuration',
  },
  azurerm_mysql_server: {
    engine: 'mysql',
    firewallRules: [{ type: 'azurerm_mysql_firewall_rule', attr: 'server_name' }],
  },
  azurerm_mysql_flexible_server: {
    engine: 'mysql',
    firewallRules: [{ type: 'azurerm_mysql_flexible_server_firewall_rule', attr: 'server_name' }],
    configuration: 'azurerm_mysql_flexible_server_configuration',
  },
  azurerm_mariadb_server: {
    engine: 'mariadb',
    firewallRules: [{ type: 'azurerm_mariadb_firewall_rule', attr: 'server_name' }],
  },
};

export const FIREWALL_RULE_TYPES = [
  ...new Set(Object.values(SERVER_TYPES).flatMap((server) => server.firewallRules.map((rule) => rule.type))),
];

const SQL_TYPES = new Set(['azurerm_mssql_server', 'azurerm_sql_server']);
const FLEXIBLE_TYPES = new Set(['azurerm_postgresql_flexible_server', 'azurerm_mysql_flexible_server']);

/** The server a firewall rule belongs to (server_id in newer types, server_name + group in older). */
export function serverOfRule(rule: TfResourceRecord, scan: Scan): TfResourceRecord | undefined {
  const servers = scan.memo(`servers of ${rule.type}`, () =>
    scan
      .ofType(...Object.keys(SERVER_TYPES))
      .filter((server) => SERVER_TYPES[server.type]?.firewallRules.some((link) => link.type === rule.type)),
  );
  const byId = rule.values.server_id;
  return isAbsent(byId)
    ? linkedRecord(rule.values.server_name, rule, servers, 'name')
    : linkedRecord(byId, rule, servers, 'id');
}

function firewallRulesOf(server: TfResourceRecord, scan: Scan): DatabaseInstanceProps['firewallRules'] {
  const types = SERVER_TYPES[server.type]?.firewallRules.map((link) => link.type) ?? [];
  const rules: NonNullable<DatabaseInstanceProps['firewallRules']> = [];
  const mine = scan.pointingAt(server, 'database firewall rules', FIREWALL_RULE_TYPES, (rule) => [
    serverOfRule(rule, scan),
  ]);
  // In the order of the server type's rule types, as each type's rules were read before.
  for (const rule of types.flatMap((type) => mine.filter((r) => r.type === type))) {
    const startIp = str(rule.values.start_ip_address);
    const endIp = str(rule.values.end_ip_address);
    if (startIp === undefined || endIp === undefined) {
      scan.gaps.push(
        gapAt(rule, 'unresolved-reference', 'start or end IP address is not known before apply; rule not evaluated'),
      );
      continue;
    }
    rules.push(
      compact({
        name: str(rule.values.name),
        startIp,
        endIp,
        line: rule.file === server.file ? rule.line : undefined,
      }),
    );
  }
  return rules;
}

/** Value of a server parameter (require_secure_transport, ssl_min_protocol_version...) set in the scan. */
function serverParameter(server: TfResourceRecord, scan: Scan, names: string[]): unknown {
  const type = SERVER_TYPES[server.type]?.configuration;
  if (!type) return undefined;
  const configs = scan.pointingAt(server, `server parameters ${type}`, [type], (config) =>
    isAbsent(config.values.server_id)
      ? linkedRecords(config.values.server_name, config, scan.records, 'name')
      : linkedRecords(config.values.server_id, config, scan.records, 'id'),
  );
  for (const config of configs) {
    const name = str(config.values.name)?.toLowerCase();
    if (name !== undefined && names.includes(name)) return config.values.value;
  }
  return undefined;
}

function publiclyAccessibleOf(server: TfResourceRecord, defaulted: string[]): boolean | undefined {
  const values = server.values;
  if (server.type === 'azurerm_sql_server') return undefined; // no such setting on the retired type
  const enabled = firstWritten(values, ['public_network_access_enabled']);
  if (enabled) return bool(enabled.value);
  // MySQL flexible (v4) writes "Enabled"/"Disabled".
  const access = firstWritten(values, ['public_network_access']);
  if (access) return publicNetworkAccess(access.value);
  // A flexible server integrated into a virtual network has no public endpoint.
  if (FLEXIBLE_TYPES.has(server.type) && !isAbsent(values.delegated_subnet_id)) return false;
  defaulted.push('publiclyAccessible');
  return true;
}

function tlsOf(server: TfResourceRecord, scan: Scan, defaulted: string[]): DatabaseInstanceProps['tls'] {
  const values = server.values;
  let required: boolean | undefined;
  let minVersion: string | undefined;
  if (SQL_TYPES.has(server.type)) {
    required = true;
    defaulted.push('tls.required');
    if (server.type === 'azurerm_mssql_server') {
      const written = firstWritten(values, ['minimum_tls_version']);
      minVersion = written ? tlsVersion(written.value) : '1.2';
      if (!written) defaulted.push('tls.minVersion');
    }
  } else if (FLEXIBLE_TYPES.has(server.type)) {
    const secure = serverParameter(server, scan, ['require_secure_transport']);
    if (secure === undefined) {
      required = true;
      defaulted.push('tls.required');
    } else {
      const text = str(secure)?.toUpperCase();
      required = text === 'ON' ? true : text === 'OFF' ? false : undefined;
    }
    const minimum = serverParameter(server, scan, ['ssl_min_protocol_version', 'tls_version']);
    if (minimum === undefined) {
      minVersion = '1.2';
      defaulted.push('tls.minVersion');
    } else {
      // tls_version lists the accepted versions ("TLSv1.2,TLSv1.3"): the lowest one counts.
      const versions = (str(minimum) ?? '')
        .split(',')
        .map((v) => tlsVersion(v))
        .filter((v) => v !== undefined);
      minVersion = versions.sort()[0];
    }
  } else {
    const enforced = firstWritten(values, ['ssl_enforcement_enabled', 'ssl_enforcement']);
    if (enforced) required = enforced.name === 'ssl_enforcement' ? enforcedFlag(enforced.value) : bool(enforced.value);
    const written = firstWritten(values, ['ssl_minimal_tls_version_enforced']);
    minVersion = written ? tlsVersion(written.value) : '1.2';
    if (!written) defaulted.push('tls.minVersion');
  }
  return compact({ required, minVersion });
}

/** v2's ssl_enforcement = "Enabled" | "Disabled". */
function enforcedFlag(value: unknown): boolean | undefined {
  const text = str(value)?.toLowerCase();
  return text === 'enabled' ? true : text === 'disabled' ? false : undefined;
}

function encryptionOf(server: TfResourceRecord, scan: Scan, defaulted: string[]): DatabaseInstanceProps['encryption'] {
  const values = server.values;
  const keyId =
    values.transparent_data_encryption_key_vault_key_id ??
    serverTdeKeyValue(server, scan) ??
    firstBlock(values.customer_managed_key)?.key_vault_key_id;
  if (!isAbsent(keyId)) {
    const kmsKeyId = pointerText(keyId, linkedRecord(keyId, server, scan.ofType('azurerm_key_vault_key'), 'id'));
    return kmsKeyId === undefined ? { enabled: true } : { enabled: true, kmsKeyId };
  }
  defaulted.push('encryption.enabled');
  return { enabled: true };
}

function backupRetentionOf(server: TfResourceRecord, defaulted: string[]): number | undefined {
  if (SQL_TYPES.has(server.type)) return undefined;
  const written = server.values.backup_retention_days;
  if (!isAbsent(written)) return num(written);
  defaulted.push('backupRetentionDays');
  return 7;
}

export function mapDatabaseServer(record: TfResourceRecord, scan: Scan): Resource<'database.instance'> {
  const defaulted: string[] = [];
  const props: DatabaseInstanceProps = compact({
    engine: SERVER_TYPES[record.type]?.engine,
    publiclyAccessible: publiclyAccessibleOf(record, defaulted),
    encryption: encryptionOf(record, scan, defaulted),
    backupRetentionDays: backupRetentionOf(record, defaulted),
    tls: tlsOf(record, scan, defaulted),
    firewallRules: firewallRulesOf(record, scan),
  });
  const publicAttr = firstWritten(record.values, ['public_network_access_enabled', 'public_network_access'])?.name;
  return buildResource(record, scan.sourceId, 'database.instance', props, {
    defaulted,
    propAttrs: compact({
      publiclyAccessible: publicAttr ?? 'delegated_subnet_id',
      backupRetentionDays: 'backup_retention_days',
      'tls.required': 'ssl_enforcement_enabled',
      'tls.minVersion':
        record.type === 'azurerm_mssql_server' ? 'minimum_tls_version' : 'ssl_minimal_tls_version_enforced',
      'encryption.kmsKeyId': 'transparent_data_encryption_key_vault_key_id',
    }) as Record<string, string>,
  });
}

/** Firewall rules whose server is not among the scanned records: said, not dropped silently. */
export function orphanFirewallRuleGaps(scan: Scan): void {
  for (const rule of scan.ofType(...FIREWALL_RULE_TYPES)) {
    if (serverOfRule(rule, scan)) continue;
    scan.gaps.push(
      gapAt(rule, 'unresolved-reference', 'its database server is not among the scanned resources; rule not attached'),
    );
  }
}
