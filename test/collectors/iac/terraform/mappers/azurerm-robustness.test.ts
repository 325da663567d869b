// Odd values (wrong types, nulls, unknown blocks) never throw out of the mapper and never yield
// props that break the model's schemas.
import { describe, expect, it } from 'vitest';
import { mapAzurermRecords } from '../../../../../src/collectors/iac/terraform/mappers/azurerm.ts';
import { unknown } from '../../../../../src/kit/unknown.ts';
import { validateResources } from '../../../../../src/model/validate.ts';
import { rec } from '../../../../fixtures/terraform-azure/records.ts';

const TYPES = [
  'azurerm_storage_account',
  'azurerm_storage_container',
  'azurerm_managed_disk',
  'azurerm_mssql_server',
  'azurerm_sql_server',
  'azurerm_postgresql_server',
  'azurerm_postgresql_flexible_server',
  'azurerm_mysql_server',
  'azurerm_mysql_flexible_server',
  'azurerm_mariadb_server',
  'azurerm_network_security_group',
  'azurerm_network_security_rule',
  'azurerm_network_watcher_flow_log',
  'azurerm_virtual_network',
  'azurerm_key_vault_key',
  'azurerm_monitor_log_profile',
  'azurerm_log_analytics_workspace',
  'azurerm_role_definition',
];

const ODD_VALUES: unknown[] = [
  null,
  42,
  'text',
  true,
  [],
  [null],
  [42],
  {},
  unknown(),
  unknown('var.x'),
  [{ enabled: 'maybe' }],
];

describe('azurerm mapper robustness', () => {
  it('maps every supported type whatever its attributes hold', () => {
    for (const type of TYPES) {
      for (const odd of ODD_VALUES) {
        const values = Object.fromEntries(
          [
            'name',
            'enabled',
            'retention_policy',
            'security_rule',
            'blob_properties',
            'queue_properties',
            'min_tls_version',
            'https_traffic_only_enabled',
            'container_access_type',
            'storage_account_id',
            'encryption_settings',
            'disk_size_gb',
            'disk_encryption_set_id',
            'public_network_access_enabled',
            'public_network_access',
            'minimum_tls_version',
            'ssl_enforcement_enabled',
            'ssl_minimal_tls_version_enforced',
            'backup_retention_days',
            'delegated_subnet_id',
            'customer_managed_key',
            'direction',
            'access',
            'protocol',
            'destination_port_range',
            'source_address_prefixes',
            'network_security_group_name',
            'target_resource_id',
            'address_space',
            'subnet',
            'rotation_policy',
            'key_opts',
            'key_size',
            'locations',
            'categories',
            'retention_in_days',
            'sku',
            'permissions',
            'assignable_scopes',
            'scope',
            'tags',
          ].map((attr) => [attr, odd]),
        );
        const result = mapAzurermRecords([rec(`${type}.odd`, values)], 'odd');
        expect(validateResources(result.resources), `${type} with ${JSON.stringify(odd)}`).toEqual([]);
        for (const gap of result.gaps) expect(gap.reason).not.toBe('other');
      }
    }
  });
});
