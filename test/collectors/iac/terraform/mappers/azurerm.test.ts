import { describe, expect, it } from 'vitest';
import { unknown } from '../../../../../src/kit/unknown.ts';
import { mapAll, PLAN, rec } from '../../../../fixtures/terraform-azure/records.ts';

describe('mapAzurermRecords: dispatch and identity', () => {
  it('maps azurerm_ managed records only, with plan uids, names with index, tags and lines', () => {
    const account = rec(
      'azurerm_storage_account.logs[0]',
      { name: 'logsacct', tags: { env: 'prod', owner: unknown('var.owner') }, min_tls_version: 'TLS1_2' },
      { attrLines: { min_tls_version: 7 } },
    );
    const { resources, gaps, get } = mapAll([
      account,
      rec('aws_s3_bucket.b', { bucket: 'x' }),
      rec('data.azurerm_storage_account.existing', { name: 'other' }),
      rec('azurerm_resource_group.rg', { name: 'rg' }),
    ]);
    // Types nothing reads are said, not dropped; aws_ records and data sources are not this mapper's.
    expect(gaps).toEqual([
      {
        reason: 'unsupported',
        message: 'azurerm_resource_group is not mapped to a normalized kind; its resources were not evaluated',
        file: PLAN,
        line: expect.any(Number),
      },
    ]);
    expect(resources).toHaveLength(1);
    const r = get('azurerm_storage_account.logs[0]');
    expect(r).toMatchObject({
      uid: `terraform-plan:${PLAN}:azurerm_storage_account.logs[0]`,
      kind: 'storage.bucket',
      provider: 'azure',
      nativeType: 'azurerm_storage_account',
      name: 'logs[0]',
      sourceId: 'src-az',
      location: { file: PLAN, line: account.line },
      tags: { env: 'prod' },
    });
    expect(r.propLines).toEqual({ 'tls.minVersion': 7 });
  });

  it('uses the terraform: scheme for source files', () => {
    const { get } = mapAll([rec('azurerm_managed_disk.d', {}, { file: 'infra/disk.tf' })]);
    expect(get('azurerm_managed_disk.d', 'infra/disk.tf').uid).toBe('terraform:infra/disk.tf:azurerm_managed_disk.d');
  });
});

describe('azurerm_storage_account -> storage.bucket', () => {
  it('fills only version-independent provider defaults and lists them', () => {
    const { get } = mapAll([rec('azurerm_storage_account.bare', { name: 'bare' })]);
    const r = get('azurerm_storage_account.bare');
    // allow_nested_items_to_be_public: default true in v3/v4, false in v5 -> left absent.
    expect(r.props).toEqual({
      encryption: { enabled: true },
      versioning: { enabled: false },
      accessLogging: { enabled: false },
      tls: { required: true, minVersion: '1.2' },
      // No network_rules: every network reaches the account.
      networkAccess: { publicEnabled: true, defaultAction: 'allow' },
    });
    expect([...(r.defaulted ?? [])].sort()).toEqual(
      [
        'accessLogging.enabled',
        'encryption.enabled',
        'tls.minVersion',
        'tls.required',
        'versioning.enabled',
        'networkAccess.publicEnabled',
        'networkAccess.defaultAction',
      ].sort(),
    );
  });

  it('reads written values under v4 and v3 attribute names', () => {
    const { get } = mapAll([
      rec('azurerm_storage_account.v4', {
        https_traffic_only_enabled: false,
        min_tls_version: 'TLS1_0',
        allow_nested_items_to_be_public: true,
        blob_properties: [{ versioning_enabled: true }],
        queue_properties: [{ logging: [{ read: true, write: true, delete: true, version: '1.0' }] }],
        public_network_access_enabled: false,
        network_rules: [{ default_action: 'Allow' }],
      }),
      rec('azurerm_storage_account.v3', {
        enable_https_traffic_only: true,
        min_tls_version: 'TLS1_1',
        allow_blob_public_access: false,
        blob_properties: [],
      }),
    ]);
    const v4 = get('azurerm_storage_account.v4');
    expect(v4.props).toEqual({
      encryption: { enabled: true },
      publicAccess: { anonymousAccessAllowed: true },
      versioning: { enabled: true },
      accessLogging: { enabled: true },
      tls: { required: false, minVersion: '1.0' },
      networkAccess: { publicEnabled: false, defaultAction: 'allow' },
    });
    expect(v4.defaulted).toEqual(['encryption.enabled']);
    const v3 = get('azurerm_storage_account.v3');
    expect(v3.props).toMatchObject({
      publicAccess: { anonymousAccessAllowed: false },
      tls: { required: true, minVersion: '1.1' },
    });
    expect(v3.defaulted).toEqual([
      'networkAccess.publicEnabled',
      'networkAccess.defaultAction',
      'encryption.enabled',
      'versioning.enabled',
      'accessLogging.enabled',
    ]);
  });

  it('keeps unknown values unknown instead of taking the default', () => {
    const { get } = mapAll([
      rec('azurerm_storage_account.u', {
        https_traffic_only_enabled: unknown('var.https'),
        min_tls_version: unknown('var.tls'),
        allow_nested_items_to_be_public: unknown('var.public'),
        blob_properties: unknown('var.blob'),
        queue_properties: [{ logging: unknown('local.logging') }],
        public_network_access_enabled: unknown('var.public_network'),
        network_rules: [{ default_action: unknown('var.default_action') }],
      }),
    ]);
    const r = get('azurerm_storage_account.u');
    expect(r.props).toEqual({ encryption: { enabled: true }, tls: {}, networkAccess: {} });
    expect(r.defaulted).toEqual(['encryption.enabled']);
    expect(r.unknownReasons).toMatchObject({
      'networkAccess.publicEnabled': 'public_network_access_enabled depends on var.public_network, which has no value',
      'networkAccess.defaultAction': 'network_rules.default_action depends on var.default_action, which has no value',
    });
  });

  it('joins a customer-managed key and a diagnostic setting on the blob service', () => {
    const { get } = mapAll([
      rec('azurerm_storage_account.a', { name: 'acct1' }),
      rec('azurerm_key_vault_key.k', { name: 'cmk', key_type: 'RSA', key_size: 2048 }),
      rec('azurerm_storage_account_customer_managed_key.c', {
        storage_account_id: unknown('azurerm_storage_account.a.id'),
        key_vault_key_id: unknown('azurerm_key_vault_key.k.id'),
      }),
      rec('azurerm_monitor_diagnostic_setting.d', {
        // "${azurerm_storage_account.a.id}/blobServices/default" keeps the reference of its first unknown.
        target_resource_id: unknown('azurerm_storage_account.a.id'),
        log_analytics_workspace_id: unknown('azurerm_log_analytics_workspace.w.id'),
        enabled_log: [{ category: 'StorageRead' }, { category: 'StorageWrite' }],
      }),
      rec('azurerm_log_analytics_workspace.w', { retention_in_days: 90 }),
    ]);
    const r = get('azurerm_storage_account.a');
    expect(r.props).toMatchObject({
      encryption: { enabled: true, kmsKeyId: `terraform-plan:${PLAN}:azurerm_key_vault_key.k` },
      accessLogging: { enabled: true, target: `terraform-plan:${PLAN}:azurerm_log_analytics_workspace.w` },
    });
    expect(r.defaulted).toEqual([
      'tls.required',
      'tls.minVersion',
      'networkAccess.publicEnabled',
      'networkAccess.defaultAction',
      'versioning.enabled',
    ]);
  });

  it('matches a diagnostic setting written as a literal resource id', () => {
    const id =
      '/subscriptions/0000/resourceGroups/rg/providers/Microsoft.Storage/storageAccounts/acct2/blobServices/default';
    const { get } = mapAll([
      rec('azurerm_storage_account.a', { name: 'acct2' }),
      rec('azurerm_storage_account.b', { name: 'acct22' }),
      rec('azurerm_monitor_diagnostic_setting.d', {
        target_resource_id: id,
        log: [{ category_group: 'allLogs', enabled: true }],
      }),
    ]);
    expect(get('azurerm_storage_account.a').props).toMatchObject({ accessLogging: { enabled: true } });
    expect(get('azurerm_storage_account.b').props).toMatchObject({ accessLogging: { enabled: false } });
  });
});

describe('azurerm_storage_container -> storage.container', () => {
  it('maps access levels, defaults to private and links the account by name or id', () => {
    const { get } = mapAll([
      rec('azurerm_storage_account.a', { name: 'acct', resource_group_name: 'rg' }),
      rec('azurerm_storage_container.pub', { container_access_type: 'blob', storage_account_name: 'acct' }),
      rec('azurerm_storage_container.list', {
        container_access_type: 'container',
        storage_account_id: unknown('azurerm_storage_account.a.id'),
      }),
      rec('azurerm_storage_container.def', { storage_account_name: unknown('azurerm_storage_account.other.name') }),
      rec('azurerm_storage_container.priv', { container_access_type: 'private' }),
      rec('azurerm_storage_container.var', { container_access_type: unknown('var.access') }),
    ]);
    const acct = `terraform-plan:${PLAN}:azurerm_storage_account.a`;
    expect(get('azurerm_storage_container.pub').props).toEqual({ anonymousAccess: 'blob', parent: acct });
    expect(get('azurerm_storage_container.list').props).toEqual({ anonymousAccess: 'container', parent: acct });
    const def = get('azurerm_storage_container.def');
    expect(def.props).toEqual({ anonymousAccess: 'none', parent: 'azurerm_storage_account.other.name' });
    expect(def.defaulted).toEqual(['anonymousAccess']);
    expect(get('azurerm_storage_container.priv').props).toEqual({ anonymousAccess: 'none' });
    expect(get('azurerm_storage_container.priv').defaulted).toBeUndefined();
    expect(get('azurerm_storage_container.var').props).toEqual({});
  });
});

describe('azurerm_managed_disk -> compute.disk', () => {
  it('is always encrypted by the platform; a disk encryption set gives the key', () => {
    const { get } = mapAll([
      rec('azurerm_managed_disk.plain', { disk_size_gb: 10 }),
      rec(
        'azurerm_managed_disk.ade_off',
        { encryption_settings: [{ enabled: false }] },
        { attrLines: { encryption_settings: 42 } },
      ),
      rec('azurerm_managed_disk.cmk', { disk_encryption_set_id: unknown('azurerm_disk_encryption_set.des.id') }),
      rec('azurerm_disk_encryption_set.des', { name: 'des' }),
      rec('azurerm_linux_virtual_machine.vm', { name: 'vm' }),
      rec('azurerm_virtual_machine_data_disk_attachment.att', {
        managed_disk_id: unknown('azurerm_managed_disk.plain.id'),
        virtual_machine_id: unknown('azurerm_linux_virtual_machine.vm.id'),
      }),
    ]);
    const plain = get('azurerm_managed_disk.plain');
    expect(plain.props).toEqual({
      encryption: { enabled: true },
      sizeGb: 10,
      attachedTo: `terraform-plan:${PLAN}:azurerm_linux_virtual_machine.vm`,
    });
    expect(plain.defaulted).toEqual(['encryption.enabled']);
    const off = get('azurerm_managed_disk.ade_off');
    expect(off.props).toEqual({ encryption: { enabled: true } });
    expect(off.defaulted).toEqual(['encryption.enabled']);
    expect(off.propLines).toEqual({ 'encryption.enabled': 42 });
    const cmk = get('azurerm_managed_disk.cmk');
    expect(cmk.props).toEqual({
      encryption: { enabled: true, kmsKeyId: `terraform-plan:${PLAN}:azurerm_disk_encryption_set.des` },
    });
    expect(cmk.defaulted).toBeUndefined();
  });
});

describe('azurerm_key_vault_key -> crypto.key', () => {
  it('rotates when a rotation policy has an automatic block', () => {
    const { get } = mapAll([
      rec('azurerm_key_vault_key.none', { key_type: 'RSA', key_size: 2048, key_opts: ['decrypt', 'encrypt'] }),
      rec('azurerm_key_vault_key.after', {
        key_type: 'EC',
        curve: 'P-256',
        rotation_policy: [{ automatic: [{ time_after_creation: 'P90D' }], expire_after: 'P1Y' }],
      }),
      rec('azurerm_key_vault_key.before', {
        key_type: 'RSA-HSM',
        rotation_policy: [{ automatic: [{ time_before_expiry: 'P30D' }], expire_after: 'P1Y' }],
      }),
      rec('azurerm_key_vault_key.notify', { key_type: 'RSA', rotation_policy: [{ notify_before_expiry: 'P29D' }] }),
      rec('azurerm_key_vault_key.var', { key_type: 'RSA', rotation_policy: unknown('var.rotation') }),
    ]);
    const none = get('azurerm_key_vault_key.none');
    expect(none.props).toEqual({ rotationEnabled: false, keySpec: 'RSA_2048', usage: 'decrypt,encrypt' });
    expect(none.defaulted).toEqual(['rotationEnabled']);
    expect(get('azurerm_key_vault_key.after').props).toEqual({
      rotationEnabled: true,
      rotationPeriodDays: 90,
      keySpec: 'EC_P-256',
    });
    expect(get('azurerm_key_vault_key.before').props).toEqual({
      rotationEnabled: true,
      rotationPeriodDays: 335,
      keySpec: 'RSA-HSM',
    });
    expect(get('azurerm_key_vault_key.notify').props).toEqual({ rotationEnabled: false, keySpec: 'RSA' });
    expect(get('azurerm_key_vault_key.notify').defaulted).toBeUndefined();
    expect(get('azurerm_key_vault_key.var').props).toEqual({ keySpec: 'RSA' });
  });
});

describe('logging: log profile and Log Analytics workspace', () => {
  it('maps azurerm_monitor_log_profile to logging.trail', () => {
    const common = {
      categories: ['Action', 'Delete', 'Write'],
      storage_account_id: unknown('azurerm_storage_account.a.id'),
    };
    const { get } = mapAll([
      rec('azurerm_storage_account.a', { name: 'a' }),
      rec('azurerm_monitor_log_profile.year', {
        ...common,
        locations: ['westus', 'global'],
        retention_policy: [{ enabled: true, days: 365 }],
      }),
      rec('azurerm_monitor_log_profile.nodays', {
        ...common,
        locations: ['global'],
        retention_policy: [{ enabled: true }],
      }),
      rec('azurerm_monitor_log_profile.off', {
        categories: ['Write'],
        locations: ['westus'],
        storage_account_id: '/subscriptions/0000/resourceGroups/rg/providers/Microsoft.Storage/storageAccounts/logs',
        retention_policy: [{ enabled: false }],
      }),
      rec('azurerm_monitor_log_profile.stream', {
        categories: ['Write'],
        locations: unknown('var.locations'),
        servicebus_rule_id: 'hub-rule',
        retention_policy: [{ enabled: true, days: 30 }],
      }),
    ]);
    expect(get('azurerm_monitor_log_profile.year').props).toEqual({
      enabled: true,
      multiRegion: true,
      retentionDays: 365,
      managementEvents: true,
      destination: `terraform-plan:${PLAN}:azurerm_storage_account.a`,
    });
    const nodays = get('azurerm_monitor_log_profile.nodays');
    expect(nodays.props).toMatchObject({ multiRegion: false, retentionDays: 0 });
    expect(nodays.defaulted).toEqual(['retentionDays']);
    expect(get('azurerm_monitor_log_profile.off').props).toEqual({
      enabled: true,
      multiRegion: false,
      retentionDays: 0,
      managementEvents: false,
      destination: '/subscriptions/0000/resourceGroups/rg/providers/Microsoft.Storage/storageAccounts/logs',
    });
    // Streaming only: nothing is kept, so no retention; unknown locations leave multiRegion unknown.
    expect(get('azurerm_monitor_log_profile.stream').props).toEqual({
      enabled: true,
      managementEvents: false,
      destination: 'hub-rule',
    });
  });

  it('maps azurerm_log_analytics_workspace to logging.log_group with the service default retention', () => {
    const { get } = mapAll([
      rec('azurerm_log_analytics_workspace.set', { sku: 'PerGB2018', retention_in_days: 365 }),
      rec('azurerm_log_analytics_workspace.def', {}),
      rec('azurerm_log_analytics_workspace.free', { sku: 'Free' }),
      rec('azurerm_log_analytics_workspace.var', { retention_in_days: unknown('var.days') }),
    ]);
    expect(get('azurerm_log_analytics_workspace.set').props).toEqual({
      retentionDays: 365,
      encryption: { enabled: true },
    });
    expect(get('azurerm_log_analytics_workspace.set').defaulted).toEqual(['encryption.enabled']);
    expect(get('azurerm_log_analytics_workspace.def').props).toEqual({
      retentionDays: 30,
      encryption: { enabled: true },
    });
    expect(get('azurerm_log_analytics_workspace.def').defaulted).toEqual(['encryption.enabled', 'retentionDays']);
    expect(get('azurerm_log_analytics_workspace.free').props).toMatchObject({ retentionDays: 7 });
    expect(get('azurerm_log_analytics_workspace.var').props).toEqual({ encryption: { enabled: true } });
  });
});

describe('azurerm_role_definition -> iam.policy', () => {
  it('makes one Allow statement per permissions block over the assignable scopes', () => {
    const { get } = mapAll([
      rec(
        'azurerm_role_definition.owner_like',
        {
          scope: '/subscriptions/0000',
          assignable_scopes: ['/subscriptions/0000'],
          permissions: [{ actions: ['*'], not_actions: ['Microsoft.Authorization/*/Delete'], data_actions: ['*'] }],
        },
        { attrLines: { permissions: 5 } },
      ),
      rec('azurerm_role_definition.scoped', {
        scope: '/subscriptions/1111',
        permissions: [{ actions: [unknown('var.action')] }],
      }),
    ]);
    expect(get('azurerm_role_definition.owner_like').props).toEqual({
      statements: [
        {
          effect: 'Allow',
          actions: ['*'],
          notActions: ['Microsoft.Authorization/*/Delete'],
          resources: ['/subscriptions/0000'],
          line: 5,
        },
      ],
      attachedTo: ['/subscriptions/0000'],
      managedBy: 'customer',
    });
    // An unknown item leaves the whole list unknown rather than half of it.
    expect(get('azurerm_role_definition.scoped').props).toEqual({
      statements: [{ effect: 'Allow', resources: ['/subscriptions/1111'] }],
      attachedTo: ['/subscriptions/1111'],
      managedBy: 'customer',
    });
  });
});

describe('secrets', () => {
  it('masks administrator passwords and keys in raw', () => {
    const { get } = mapAll([
      rec('azurerm_mssql_server.s', {
        name: 'sql1',
        administrator_login: 'sqladmin',
        administrator_login_password: 'Sup3rS3cretPassw0rd!',
        extended_auditing_policy: [{ storage_account_access_key: 'c2VjcmV0a2V5dmFsdWVmb3J0ZXN0aW5nMTIzNDU2Nzg5MA==' }],
      }),
    ]);
    const raw = JSON.stringify(get('azurerm_mssql_server.s').raw);
    expect(raw).not.toContain('Sup3rS3cretPassw0rd!');
    expect(raw).not.toContain('c2VjcmV0a2V5dmFsdWVmb3J0ZXN0aW5nMTIzNDU2Nzg5MA==');
    expect(raw).toContain('sqladmin');
  });
});
