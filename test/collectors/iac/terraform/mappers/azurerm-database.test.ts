import { describe, expect, it } from 'vitest';
import { unknown } from '../../../../../src/kit/unknown.ts';
import { mapAll, PLAN, rec } from '../../../../fixtures/terraform-azure/records.ts';

describe('Azure database servers -> database.instance', () => {
  it('maps azurerm_mssql_server with platform facts and provider defaults, joined with firewall rules', () => {
    const { gaps, get } = mapAll([
      rec('azurerm_mssql_server.sql', { name: 'sql1', resource_group_name: 'rg', version: '12.0' }),
      rec('azurerm_mssql_firewall_rule.azure', {
        name: 'AllowAzure',
        server_id: unknown('azurerm_mssql_server.sql.id'),
        start_ip_address: '0.0.0.0',
        end_ip_address: '0.0.0.0',
      }),
      rec('azurerm_sql_firewall_rule.all', {
        name: 'everyone',
        server_name: 'sql1',
        resource_group_name: 'rg',
        start_ip_address: '0.0.0.0',
        end_ip_address: '255.255.255.255',
      }),
      rec('azurerm_mssql_firewall_rule.var', {
        name: 'office',
        server_id: unknown('azurerm_mssql_server.sql.id'),
        start_ip_address: unknown('var.office_ip'),
        end_ip_address: unknown('var.office_ip'),
      }),
    ]);
    const r = get('azurerm_mssql_server.sql');
    expect(r.props).toEqual({
      engine: 'sqlserver',
      publiclyAccessible: true,
      encryption: { enabled: true },
      tls: { required: true, minVersion: '1.2' },
      firewallRules: [
        { name: 'AllowAzure', startIp: '0.0.0.0', endIp: '0.0.0.0', line: expect.any(Number) },
        { name: 'everyone', startIp: '0.0.0.0', endIp: '255.255.255.255', line: expect.any(Number) },
      ],
    });
    expect(r.defaulted).toEqual(['publiclyAccessible', 'encryption.enabled', 'tls.required', 'tls.minVersion']);
    expect(gaps).toEqual([
      {
        reason: 'unresolved-reference',
        message:
          'azurerm_mssql_firewall_rule.var: start or end IP address is not known before apply; rule not evaluated',
        file: PLAN,
        line: expect.any(Number),
      },
    ]);
  });

  it('reads what is written: public access off, TLS version, customer-managed TDE key', () => {
    const { get } = mapAll([
      rec('azurerm_mssql_server.s', {
        public_network_access_enabled: false,
        minimum_tls_version: '1.0',
        transparent_data_encryption_key_vault_key_id: unknown('azurerm_key_vault_key.tde.id'),
      }),
      rec('azurerm_mssql_server.v', {
        public_network_access_enabled: unknown('var.public'),
        minimum_tls_version: 'Disabled',
      }),
    ]);
    const s = get('azurerm_mssql_server.s');
    expect(s.props).toEqual({
      engine: 'sqlserver',
      publiclyAccessible: false,
      encryption: { enabled: true, kmsKeyId: 'azurerm_key_vault_key.tde.id' },
      tls: { required: true, minVersion: '1.0' },
      firewallRules: [],
    });
    expect(s.defaulted).toEqual(['tls.required']);
    const v = get('azurerm_mssql_server.v');
    expect(v.props).toMatchObject({ tls: { required: true, minVersion: '1.0' } });
    expect(v.props).not.toHaveProperty('publiclyAccessible');
  });

  it('maps single servers: ssl enforcement, minimal TLS, backups, firewall rules by name', () => {
    const { get } = mapAll([
      rec('azurerm_postgresql_server.pg', {
        name: 'pg1',
        resource_group_name: 'rg',
        ssl_enforcement_enabled: false,
        ssl_minimal_tls_version_enforced: 'TLSEnforcementDisabled',
        backup_retention_days: 35,
        public_network_access_enabled: false,
      }),
      rec('azurerm_postgresql_firewall_rule.f', {
        name: 'f',
        server_name: unknown('azurerm_postgresql_server.pg.name'),
        start_ip_address: '10.0.0.1',
        end_ip_address: '10.0.0.9',
      }),
      rec('azurerm_mysql_server.my', { name: 'my1', ssl_enforcement_enabled: true }),
      rec('azurerm_mariadb_server.maria', {
        name: 'maria1',
        ssl_enforcement_enabled: unknown('var.ssl'),
        ssl_minimal_tls_version_enforced: 'TLS1_1',
      }),
    ]);
    const pg = get('azurerm_postgresql_server.pg');
    expect(pg.props).toEqual({
      engine: 'postgres',
      publiclyAccessible: false,
      encryption: { enabled: true },
      backupRetentionDays: 35,
      tls: { required: false, minVersion: '1.0' },
      firewallRules: [{ name: 'f', startIp: '10.0.0.1', endIp: '10.0.0.9', line: expect.any(Number) }],
    });
    expect(pg.defaulted).toEqual(['encryption.enabled']);
    const my = get('azurerm_mysql_server.my');
    expect(my.props).toEqual({
      engine: 'mysql',
      publiclyAccessible: true,
      encryption: { enabled: true },
      backupRetentionDays: 7,
      tls: { required: true, minVersion: '1.2' },
      firewallRules: [],
    });
    expect(my.defaulted).toEqual(['publiclyAccessible', 'encryption.enabled', 'backupRetentionDays', 'tls.minVersion']);
    expect(get('azurerm_mariadb_server.maria').props).toMatchObject({ engine: 'mariadb', tls: { minVersion: '1.1' } });
    expect(get('azurerm_mariadb_server.maria').props).not.toHaveProperty('tls.required');
  });

  it('maps flexible servers: VNet integration, server parameters, customer-managed key', () => {
    const { get } = mapAll([
      rec('azurerm_postgresql_flexible_server.vnet', {
        name: 'pgf',
        delegated_subnet_id: unknown('azurerm_subnet.db.id'),
      }),
      rec('azurerm_postgresql_flexible_server_configuration.tls', {
        name: 'require_secure_transport',
        server_id: unknown('azurerm_postgresql_flexible_server.vnet.id'),
        value: 'OFF',
      }),
      rec('azurerm_postgresql_flexible_server_configuration.min', {
        name: 'ssl_min_protocol_version',
        server_id: unknown('azurerm_postgresql_flexible_server.vnet.id'),
        value: 'TLSv1.3',
      }),
      rec('azurerm_postgresql_flexible_server_firewall_rule.r', {
        name: 'r',
        server_id: unknown('azurerm_postgresql_flexible_server.vnet.id'),
        start_ip_address: '1.2.3.4',
        end_ip_address: '1.2.3.4',
      }),
      rec('azurerm_mysql_flexible_server.pub', {
        name: 'myf',
        public_network_access: 'Enabled',
        backup_retention_days: 3,
        customer_managed_key: [{ key_vault_key_id: 'https://kv.vault.azure.net/keys/k/1' }],
      }),
      rec('azurerm_mysql_flexible_server_configuration.tls', {
        name: 'tls_version',
        server_name: 'myf',
        value: 'TLSv1.2,TLSv1.3',
      }),
    ]);
    const pg = get('azurerm_postgresql_flexible_server.vnet');
    expect(pg.props).toEqual({
      engine: 'postgres',
      publiclyAccessible: false,
      encryption: { enabled: true },
      backupRetentionDays: 7,
      tls: { required: false, minVersion: '1.3' },
      firewallRules: [{ name: 'r', startIp: '1.2.3.4', endIp: '1.2.3.4', line: expect.any(Number) }],
    });
    expect(pg.defaulted).toEqual(['encryption.enabled', 'backupRetentionDays']);
    const my = get('azurerm_mysql_flexible_server.pub');
    expect(my.props).toEqual({
      engine: 'mysql',
      publiclyAccessible: true,
      encryption: { enabled: true, kmsKeyId: 'https://kv.vault.azure.net/keys/k/1' },
      backupRetentionDays: 3,
      tls: { required: true, minVersion: '1.2' },
      firewallRules: [],
    });
    expect(my.defaulted).toEqual(['tls.required']);
  });

  it('records a gap for a firewall rule whose server is not scanned', () => {
    const { resources, gaps } = mapAll([
      rec('azurerm_mysql_firewall_rule.lost', {
        name: 'x',
        server_name: 'elsewhere',
        start_ip_address: '0.0.0.0',
        end_ip_address: '255.255.255.255',
      }),
    ]);
    expect(resources).toEqual([]);
    expect(gaps).toEqual([
      {
        reason: 'unresolved-reference',
        message:
          'azurerm_mysql_firewall_rule.lost: its database server is not among the scanned resources; rule not attached',
        file: PLAN,
        line: expect.any(Number),
      },
    ]);
  });
});
