// Terraform azurerm records -> normalized resources. Receives every record of the scan, maps the
// `azurerm_*` managed resources it knows, and joins companions (NSG rules, database firewall
// rules, diagnostic settings, flow logs) onto the resource a policy reads.
import type { Gap, Resource } from '../../../../model/resource.ts';
import type { TfResourceRecord } from '../records.ts';
import { FIREWALL_RULE_TYPES, mapDatabaseServer, orphanFirewallRuleGaps, SERVER_TYPES } from './azurerm/database.ts';
import { mapManagedDisk } from './azurerm/disk.ts';
import { mapRoleDefinition } from './azurerm/iam.ts';
import { mapKeyVaultKey } from './azurerm/keyvault.ts';
import { mapKubernetesCluster } from './azurerm/kubernetes.ts';
import { mapLogAnalyticsWorkspace, mapLogProfile } from './azurerm/monitoring.ts';
import { mapFlowLog, mapVirtualNetwork } from './azurerm/network.ts';
import { mapOrphanSecurityRule, mapSecurityGroup } from './azurerm/nsg.ts';
import { Scan } from './azurerm/scan.ts';
import { mapSqlDatabase, SERVER_TDE_TYPE, SQL_DATABASE_TYPES } from './azurerm/sql-database.ts';
import { mapStorageAccount, mapStorageContainer, unlinkedNetworkRules } from './azurerm/storage.ts';
import { gapAt, unmappedTypeGaps } from './common.ts';

type Mapper = (record: TfResourceRecord, scan: Scan) => Resource | undefined;

/** A database with its server's props; the server's firewall-rule gaps are recorded once, when the server is mapped. */
function mapSqlDatabaseRecord(record: TfResourceRecord, scan: Scan): Resource | undefined {
  return mapSqlDatabase(record, scan, (server) => {
    const recorded = scan.gaps.length;
    const props = mapDatabaseServer(server, scan).props;
    scan.gaps.length = recorded;
    return props;
  });
}

const MAPPERS: Record<string, Mapper> = {
  azurerm_storage_account: mapStorageAccount,
  azurerm_storage_container: mapStorageContainer,
  azurerm_managed_disk: mapManagedDisk,
  azurerm_network_security_group: mapSecurityGroup,
  azurerm_network_security_rule: mapOrphanSecurityRule,
  azurerm_network_watcher_flow_log: mapFlowLog,
  azurerm_virtual_network: mapVirtualNetwork,
  azurerm_key_vault_key: mapKeyVaultKey,
  azurerm_monitor_log_profile: mapLogProfile,
  azurerm_log_analytics_workspace: mapLogAnalyticsWorkspace,
  azurerm_role_definition: mapRoleDefinition,
  azurerm_kubernetes_cluster: mapKubernetesCluster,
  ...Object.fromEntries(Object.keys(SERVER_TYPES).map((type) => [type, mapDatabaseServer])),
  ...Object.fromEntries(SQL_DATABASE_TYPES.map((type) => [type, mapSqlDatabaseRecord])),
};

/** Types whose records are joined onto another resource (rules, settings, attachments). */
const COMPANION_TYPES = [
  ...FIREWALL_RULE_TYPES,
  'azurerm_storage_account_customer_managed_key',
  'azurerm_storage_account_network_rules',
  'azurerm_monitor_diagnostic_setting',
  'azurerm_virtual_machine_data_disk_attachment',
  'azurerm_postgresql_flexible_server_configuration',
  'azurerm_mysql_flexible_server_configuration',
  'azurerm_subnet_network_security_group_association',
  SERVER_TDE_TYPE,
];

/** Every azurerm type this mapper reads, as a resource of its own or joined onto one. */
export const AZURERM_HANDLED_TYPES: ReadonlySet<string> = new Set([...Object.keys(MAPPERS), ...COMPANION_TYPES]);

export function mapAzurermRecords(
  records: TfResourceRecord[],
  sourceId: string,
): { resources: Resource[]; gaps: Gap[] } {
  const azure = records.filter((record) => record.mode === 'managed' && record.type.startsWith('azurerm_'));
  const scan = new Scan(azure, sourceId);
  const resources: Resource[] = [];
  for (const record of azure) {
    const mapper = MAPPERS[record.type];
    if (!mapper) continue;
    try {
      const resource = mapper(record, scan);
      if (resource) resources.push(resource);
    } catch (error) {
      // A mapper bug on odd input must not stop the scan: the record becomes a gap.
      scan.gaps.push(gapAt(record, 'other', `could not be mapped: ${(error as Error).message}`));
    }
  }
  orphanFirewallRuleGaps(scan);
  scan.gaps.push(...unlinkedNetworkRules(scan));
  return { resources, gaps: [...scan.gaps, ...unmappedTypeGaps(azure, (type) => AZURERM_HANDLED_TYPES.has(type))] };
}
