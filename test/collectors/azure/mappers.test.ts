// The kinds added for live Azure read from an ARM template through the same mappers, with lines
// and unresolved values kept unknown; and the data that links Azure Policy to our rules checked
// against Azure's own initiative files.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import AZURE_POLICY from '../../../src/collectors/azure/azure-policy.json' with { type: 'json' };
import { collectArm } from '../../../src/collectors/iac/arm/index.ts';
import type { Resource } from '../../../src/model/resource.ts';
import { validateResources } from '../../../src/model/validate.ts';
import { durationDays } from '../../../src/providers/azure/key-vault.ts';

const FIXTURES = new URL('../../fixtures/', import.meta.url);

async function collect() {
  const url = new URL('azure/arm/live-kinds.json', FIXTURES);
  return collectArm(
    [{ relPath: 'live-kinds.json', absPath: url.pathname, content: readFileSync(url, 'utf8'), format: 'arm' }],
    'arm',
  );
}

describe('ARM templates through the mappers the live collector uses', () => {
  it('maps a PostgreSQL flexible server with its firewall rule; a setting whose value is unknown stays unknown', async () => {
    const { resources, gaps } = await collect();
    expect(gaps).toEqual([]);
    expect(validateResources(resources)).toEqual([]);
    const server = resources.find((r) => r.name === 'pg-orders') as Resource;
    expect(server.props).toEqual({
      engine: 'postgres',
      publiclyAccessible: true,
      backupRetentionDays: 3,
      encryption: { enabled: true },
      firewallRules: [{ name: 'everyone', startIp: '0.0.0.0', endIp: '255.255.255.255', line: 24 }],
    });
    // require_secure_transport is a parameter without value: unknown, never the default "on".
    expect(server.unknown).toEqual(['tls.required']);
    expect(server.unknownReasons?.['tls.required']).toMatch(
      /require_secure_transport depends on parameters\('requireTls'\)/,
    );
    expect(server.location).toMatchObject({ file: 'live-kinds.json', line: 11 });
    expect(server.propLines).toMatchObject({ publiclyAccessible: 16, backupRetentionDays: 15 });
  });

  it('maps a Key Vault key rotating before a set expiry, and only the activity-log setting as a trail', async () => {
    const { resources } = await collect();
    expect(resources.find((r) => r.kind === 'crypto.key')?.props).toEqual({
      enabled: true,
      rotationEnabled: true,
      rotationPeriodDays: 700,
      keySpec: 'RSA_3072',
    });
    const trails = resources.filter((r) => r.kind === 'logging.trail');
    expect(trails.map((t) => t.name)).toEqual(['activity-to-storage']);
    expect(trails[0]?.props).toEqual({
      enabled: true,
      multiRegion: true,
      managementEvents: false,
      destination: '/subscriptions/s/resourceGroups/rg/providers/Microsoft.Storage/storageAccounts/stlogs',
    });
  });

  it('reads ISO 8601 durations of days, weeks, months and years', () => {
    expect(durationDays('P90D')).toBe(90);
    expect(durationDays('P1Y')).toBe(365);
    expect(durationDays('P2M')).toBe(60);
    expect(durationDays('P1Y2W')).toBe(379);
    expect(durationDays('PT12H')).toBeUndefined();
    expect(durationDays('P')).toBeUndefined();
    expect(durationDays(90)).toBeUndefined();
  });
});

describe('src/collectors/azure/azure-policy.json', () => {
  const initiative = (file: string) =>
    JSON.parse(readFileSync(new URL(`third-party/azure-policy/${file}.json`, FIXTURES), 'utf8')) as {
      name: string;
      properties: { displayName: string; policyDefinitions: { policyDefinitionId: string }[] };
    };
  const files = ['PCI_DSS_v4.0.1', 'PCI_DSS_V4.0', 'ISO27001_2013_audit', 'SOC_2'].map(initiative);
  const catalog = JSON.parse(readFileSync(new URL('../../../dist/policies/catalog.json', import.meta.url), 'utf8')) as {
    id: string;
  }[];

  it('names the initiatives by their ids and display names in Azure’s files', () => {
    for (const file of files) {
      expect(AZURE_POLICY.initiatives).toContainEqual(
        expect.objectContaining({ id: file.name, name: file.properties.displayName }),
      );
    }
  });

  it('links only definitions that a regulatory initiative uses, to rules that exist', () => {
    const used = new Set(
      files.flatMap((f) => f.properties.policyDefinitions.map((d) => d.policyDefinitionId.split('/').pop())),
    );
    for (const definition of AZURE_POLICY.definitions) {
      expect(used.has(definition.id), definition.name).toBe(true);
      expect(catalog.map((r) => r.id)).toContain(definition.rule);
    }
  });
});
