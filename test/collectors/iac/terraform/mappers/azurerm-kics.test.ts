// The azurerm mapper on real files: the KICS Terraform/Azure query samples (read by the HCL
// reader) and a `terraform show -json` plan with azurerm storage accounts (read by the plan reader).
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { readTerraformSources } from '../../../../../src/collectors/iac/terraform/hcl/read.ts';
import { mapAzurermRecords } from '../../../../../src/collectors/iac/terraform/mappers/azurerm.ts';
import { readTerraformPlan } from '../../../../../src/collectors/iac/terraform/plan.ts';
import type { FirewallRule } from '../../../../../src/model/kinds.ts';
import type { Resource } from '../../../../../src/model/resource.ts';
import { validateResources } from '../../../../../src/model/validate.ts';

const THIRD_PARTY = new URL('../../../../fixtures/third-party/', import.meta.url);

async function mapKics(path: string): Promise<Map<string, Resource>> {
  const url = new URL(`kics/${path}`, THIRD_PARTY);
  const read = await readTerraformSources([
    { relPath: path, absPath: url.pathname, content: readFileSync(url, 'utf8'), format: 'terraform' },
  ]);
  expect(read.gaps).toEqual([]);
  const mapped = mapAzurermRecords(read.records, 'kics');
  expect(mapped.gaps).toEqual([]);
  expect(validateResources(mapped.resources)).toEqual([]);
  return new Map(mapped.resources.map((r) => [r.name, r]));
}

function onlyRule(resource: Resource | undefined): FirewallRule | undefined {
  return (resource?.props as { rules: FirewallRule[] } | undefined)?.rules[0];
}

describe('KICS Terraform/Azure samples', () => {
  it('SSH exposed: rules read with comma lists, odd casing and the rule line', async () => {
    const byName = await mapKics(
      'ingress_admin_ports_open/terraform-azure-ssh_is_exposed_to_the_internet/test/positive.tf',
    );
    expect(byName.size).toBe(10);
    expect(onlyRule(byName.get('positive1'))).toEqual({
      name: 'example',
      direction: 'ingress',
      action: 'allow',
      protocol: 'tcp',
      ports: [{ from: 22, to: 22 }],
      sources: ['*'],
      destinations: ['*'],
      priority: 100,
      line: 1,
    });
    expect(onlyRule(byName.get('positive8'))).toMatchObject({
      ports: [
        { from: 21, to: 21 },
        { from: 22, to: 22 },
        { from: 24, to: 24 },
      ],
      sources: ['any'],
      line: 99,
    });
    expect(onlyRule(byName.get('positive9'))).toMatchObject({ protocol: 'all', sources: ['/0'] });
  });

  it('RDP negatives keep deny rules as deny', async () => {
    const byName = await mapKics(
      'ingress_admin_ports_open/terraform-azure-rdp_is_exposed_to_the_internet/test/negative.tf',
    );
    expect(onlyRule(byName.get('negative1'))).toMatchObject({ action: 'deny', ports: [{ from: 3389, to: 3389 }] });
    expect(onlyRule(byName.get('negative7'))).toMatchObject({
      action: 'allow',
      protocol: 'udp',
      sources: ['internet'],
    });
  });

  it('MSSQL public network access: written false, written true, default true', async () => {
    const prefix = 'db_publicly_accessible/terraform-azure-mssql_server_public_network_access_enabled/test/';
    const negative = (await mapKics(`${prefix}negative1.tf`)).get('negative1');
    const positive1 = (await mapKics(`${prefix}positive1.tf`)).get('positive1');
    const positive2 = (await mapKics(`${prefix}positive2.tf`)).get('positive2');
    expect(negative?.props).toMatchObject({ publiclyAccessible: false });
    expect(positive1?.props).toMatchObject({ publiclyAccessible: true });
    expect(positive1?.defaulted).toContain('publiclyAccessible');
    expect(positive2?.props).toMatchObject({ publiclyAccessible: true });
    expect(positive2?.defaulted).not.toContain('publiclyAccessible');
    expect(positive2?.propLines?.publiclyAccessible).toBe(16);
    // The administrator password of the sample never reaches raw.
    expect(JSON.stringify(positive2?.raw)).not.toContain('thisIsDog11');
  });

  it('storage accounts: HTTPS and TLS version as written or defaulted', async () => {
    const https = await mapKics(
      'transit_tls_enforced/terraform-azure-storage_account_not_forcing_https/test/positive.tf',
    );
    expect(https.get('positive1')?.props).toMatchObject({ tls: { required: false, minVersion: '1.2' } });
    expect(https.get('positive1')?.propLines?.['tls.required']).toBe(7);
    expect(https.get('positive2')?.props).toMatchObject({ tls: { required: true } });
    expect(https.get('positive2')?.defaulted).toContain('tls.required');
    const tls = await mapKics(
      'transit_tls_enforced/terraform-azure-storage_account_not_using_latest_tls_encryption_version/test/positive.tf',
    );
    expect(tls.get('positive2')?.props).toMatchObject({ tls: { minVersion: '1.1' } });
    expect(tls.get('positive2')?.tags).toEqual({ environment: 'staging' });
  });

  it('storage containers: blob access, private written and private by default', async () => {
    const base = 'storage_public_access/terraform-azure-storage_container_is_publicly_accessible/test/';
    expect((await mapKics(`${base}positive.tf`)).get('positive1')?.props).toMatchObject({ anonymousAccess: 'blob' });
    const negative = await mapKics(`${base}negative.tf`);
    expect(negative.get('negative1')?.props).toMatchObject({ anonymousAccess: 'none' });
    expect(negative.get('negative2')?.defaulted).toEqual(['anonymousAccess']);
  });

  it('managed disks: platform encryption whatever encryption_settings says', async () => {
    const byName = await mapKics(
      'storage_encrypted_at_rest/terraform-azure-encryption_on_managed_disk_disabled/test/positive.tf',
    );
    expect(byName.get('positive1')?.props).toEqual({ encryption: { enabled: true }, sizeGb: 1 });
    expect(byName.get('positive1')?.propLines?.['encryption.enabled']).toBe(9);
    expect(byName.get('positive2')?.defaulted).toEqual(['encryption.enabled']);
  });

  it('flow logs and activity log profiles: enabled and retention', async () => {
    const disabled = await mapKics(
      'vpc_flow_logs_enabled/terraform-azure-network_watcher_flow_disabled/test/positive.tf',
    );
    expect(disabled.get('positive1')?.props).toEqual({
      enabled: false,
      retentionDays: 7,
      target: 'azurerm_network_security_group.test.id',
    });
    const flow = await mapKics('log_retention/terraform-azure-small_flow_logs_retention_period/test/positive.tf');
    expect(flow.get('positive1')?.props).toMatchObject({ retentionDays: 89 });
    expect(flow.get('positive3')?.props).not.toHaveProperty('retentionDays');
    // A disabled retention policy deletes nothing: kept forever (0), whatever `days` says.
    expect(flow.get('positive4')?.props).toMatchObject({ retentionDays: 0 });
    const profiles = await mapKics(
      'log_retention/terraform-azure-small_activity_log_retention_period/test/positive.tf',
    );
    expect(profiles.get('positive1')?.props).toMatchObject({
      enabled: true,
      multiRegion: true,
      retentionDays: 7,
      managementEvents: true,
    });
    expect(profiles.get('positive2')?.props).toMatchObject({ retentionDays: 0 });
    expect(profiles.get('positive2')?.defaulted).toEqual(['retentionDays']);
    expect(profiles.get('positive3')?.props).toMatchObject({ retentionDays: 0 });
    expect(profiles.get('positive3')).not.toHaveProperty('defaulted');
  });
});

describe('terraform-compliance plan with azurerm storage accounts', () => {
  it('maps the planned accounts with plan uids and the values the old provider wrote', () => {
    const relPath = 'plans/test_issue-394.plan.json';
    const url = new URL('tfplan/terraform-compliance/test_issue-394.plan.json', THIRD_PARTY);
    const read = readTerraformPlan({
      relPath,
      absPath: url.pathname,
      content: readFileSync(url, 'utf8'),
      format: 'terraform-plan',
    });
    const mapped = mapAzurermRecords(read.records, 'plan');
    expect(mapped.gaps).toEqual([]);
    expect(validateResources(mapped.resources)).toEqual([]);
    const byName = new Map(mapped.resources.map((r) => [r.name, r]));
    expect([...byName.keys()].sort()).toEqual(['example', 'private']);
    const example = byName.get('example');
    expect(example?.uid).toBe(`terraform-plan:${relPath}:azurerm_storage_account.example`);
    expect(example?.props).toMatchObject({
      publicAccess: { anonymousAccessAllowed: true },
      tls: { required: true, minVersion: '1.0' },
    });
    expect(example?.defaulted).not.toContain('tls.minVersion');
    expect(byName.get('private')?.props).toMatchObject({ publicAccess: { anonymousAccessAllowed: false } });
  });
});
