// Azure SQL databases through the one Azure mapper: an ARM template (children declared or left to
// Azure's defaults) and saved az output (children read or not) give the same database.instance for
// the same settings; a TDE state not read is unknown with a gap, never a pass.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { azureCollector } from '../../../src/collectors/azure/collector.ts';
import { collectArm } from '../../../src/collectors/iac/arm/index.ts';
import { collectTerraform } from '../../../src/collectors/iac/terraform/index.ts';
import { runCollector } from '../../../src/collectors/run.ts';
import type { Resource } from '../../../src/model/resource.ts';
import { makeSnapshot, sha256 } from '../../../src/model/snapshot.ts';
import { validateResources, validateSnapshot } from '../../../src/model/validate.ts';
import { evaluateSnapshots } from '../../../src/pipeline/evaluate.ts';

const TEMPLATE = new URL('../../fixtures/azure/sql/template.json', import.meta.url);
const OFFLINE = 'test/fixtures/azure/sql/offline';
const SERVER =
  '/subscriptions/11111111-1111-1111-1111-111111111111/resourceGroups/rg-data/providers/Microsoft.Sql/servers/sql-weu';

function fromTemplate() {
  return collectArm(
    [{ relPath: 'template.json', absPath: TEMPLATE.pathname, content: readFileSync(TEMPLATE, 'utf8'), format: 'arm' }],
    'arm',
  );
}

async function evaluate(resources: Resource[]) {
  const source = {
    id: 's',
    collector: 'test',
    target: 't',
    startedAt: '2026-12-05T00:00:00Z',
    finishedAt: '2026-12-05T00:00:00Z',
    status: 'ok' as const,
    gaps: [],
  };
  const snapshot = makeSnapshot('test', [source], resources);
  return evaluateSnapshots([{ snapshot, sha256: sha256(JSON.stringify(snapshot)), file: 's.json' }]);
}

const named = (resources: Resource[], name: string) => resources.find((r) => r.name === name)!;
/** Props without source lines and the server's uid (each source names it its own way): what must agree between a template and the live estate. */
const settings = (r: Resource) =>
  JSON.parse(
    JSON.stringify(r.props, (key, value) => (key === 'line' || key === 'serverId' ? undefined : value)),
  ) as unknown;

describe('Azure SQL databases', () => {
  it('from an ARM template: TDE and retention children, defaults when left out, an unresolved state unknown', async () => {
    const { resources, gaps } = await fromTemplate();
    expect(gaps).toEqual([]);
    expect(validateResources(resources)).toEqual([]);
    expect(resources.map((r) => r.name).sort()).toEqual([
      'sql-weu',
      'sql-weu/dynamic',
      'sql-weu/legacy',
      'sql-weu/orders',
      'sql-weu/plain',
    ]);
    const orders = named(resources, 'sql-weu/orders');
    // Reached through its server: the server's public access and firewall rules are judged on the server.
    expect(orders.props).toEqual({
      engine: 'sqlserver',
      serverId: named(resources, 'sql-weu').uid,
      encryption: { enabled: true },
      backupRetentionDays: 35,
    });
    expect(orders.propLines).toEqual({ 'encryption.enabled': 35, backupRetentionDays: 42 });
    // The 2014-04-01 `status` spelling is read too.
    expect(named(resources, 'sql-weu/legacy').props).toMatchObject({
      encryption: { enabled: false },
      backupRetentionDays: 3,
    });
    expect(named(resources, 'sql-weu/legacy').propLines).toMatchObject({ 'encryption.enabled': 59 });
    // Left out of the template: Azure's defaults, said to be defaults.
    const plain = named(resources, 'sql-weu/plain');
    expect(plain.props).toMatchObject({ encryption: { enabled: true }, backupRetentionDays: 7 });
    expect(plain.defaulted).toEqual(['encryption.enabled', 'backupRetentionDays']);
    const dynamic = named(resources, 'sql-weu/dynamic');
    expect(dynamic.props).not.toHaveProperty('encryption');
    expect(dynamic.unknownReasons).toEqual({
      'encryption.enabled': "transparent data encryption state depends on parameters('tdeState'), which has no value",
    });

    const results = await evaluate(resources);
    const evidence = (rule: string) => results.evidence.find((e) => e.ruleId === rule)!;
    const names = (uids: string[]) => uids.map((u) => resources.find((r) => r.uid === u)?.name).sort();
    expect(names(evidence('database.encryption_at_rest').failed)).toEqual(['sql-weu/legacy']);
    expect(names(evidence('database.encryption_at_rest').notEvaluated)).toEqual(['sql-weu/dynamic']);
    expect(names(evidence('database.encryption_at_rest').passed)).toEqual([
      'sql-weu',
      'sql-weu/orders',
      'sql-weu/plain',
    ]);
    expect(names(evidence('database.backup_retention').failed)).toEqual(['sql-weu/legacy']);
    // publicNetworkAccess Enabled: one finding, on the server; its databases are reached through it
    // and not judged again (the "Azure services" rule 0.0.0.0 - 0.0.0.0 is not the internet).
    expect(names(evidence('database.not_publicly_accessible').failed)).toEqual(['sql-weu']);
    expect(evidence('database.not_publicly_accessible').inScope).toEqual([named(resources, 'sql-weu').uid]);
  });

  it('from saved az output: the same settings as the template; a database without its TDE state is a gap', async () => {
    const { source, resources, failure } = await runCollector(azureCollector, { from: OFFLINE });
    expect(failure).toBeUndefined();
    expect(validateSnapshot(makeSnapshot('test', [source], resources))).toEqual([]);
    const template = (await fromTemplate()).resources;
    for (const name of ['sql-weu', 'sql-weu/orders', 'sql-weu/legacy']) {
      expect(settings(named(resources, name)), name).toEqual(settings(named(template, name)));
    }
    expect(named(resources, 'sql-weu/orders').uid).toBe(`${SERVER}/databases/orders`);
    // master is the service's own.
    expect(resources.some((r) => r.name.endsWith('/master'))).toBe(false);
    // plain: neither TDE nor retention in the files. Unknown, not Azure's default.
    const plain = named(resources, 'sql-weu/plain');
    expect(plain.props).not.toHaveProperty('encryption');
    expect(plain.props).not.toHaveProperty('backupRetentionDays');
    expect(plain.unknown).toEqual(['backupRetentionDays', 'encryption.enabled']);
    expect(source.gaps).toEqual([
      {
        reason: 'unresolved-reference',
        message: `${SERVER}/databases/plain: its transparent data encryption state is in none of the files (add \`az sql db tde show\` output); encryption not evaluated`,
        file: `${OFFLINE}/graph-query.json`,
        kinds: ['database.instance'],
      },
    ]);
    const results = await evaluate(resources);
    const evidence = results.evidence.find((e) => e.ruleId === 'database.encryption_at_rest')!;
    expect(evidence.notEvaluated).toEqual([plain.uid]);
    expect(evidence.failed).toEqual([`${SERVER}/databases/legacy`]);
  });
});

describe('Azure SQL databases from an exported ARM template (az group export)', () => {
  it('resolves the export through the ARM template reader, agreeing with the template; an unnamed resource is a gap', async () => {
    const { source, resources } = await runCollector(azureCollector, { from: 'test/fixtures/azure/sql/export' });
    expect(validateSnapshot(makeSnapshot('test', [source], resources))).toEqual([]);
    const template = (await fromTemplate()).resources;
    for (const name of ['sql-weu', 'sql-weu/orders', 'sql-weu/legacy']) {
      expect(settings(named(resources, name)), name).toEqual(settings(named(template, name)));
    }
    const orders = named(resources, 'sql-weu/orders');
    expect(orders.location).toMatchObject({ file: 'test/fixtures/azure/sql/export/rg-data.json', line: 32 });
    expect(orders.sourceId).toBe('azure');
    expect(source.gaps).toEqual([
      {
        reason: 'unresolved-reference',
        message:
          "test/fixtures/azure/sql/export/rg-data.json:89: Microsoft.Sql/servers/databases [parameters('servers_sql_unnamed_name')]/reports: its name depends on a parameter the export gives no value; not tied to a resource in Azure",
        file: 'test/fixtures/azure/sql/export/rg-data.json',
        line: 89,
        kinds: ['database.instance'],
      },
    ]);
    expect(source.method).toContain('4 resources from 1 exported ARM templates (az group export)');
    const results = await evaluate(resources);
    const failed = results.findings
      .filter((f) => f.ruleId === 'database.encryption_at_rest')
      .map((f) => f.resource.name);
    expect(failed).toEqual(['sql-weu/legacy']);
  });
});

describe('Azure SQL databases from Terraform', () => {
  const TF = new URL('../../fixtures/azure/sql/terraform/main.tf', import.meta.url);
  const collectTf = () =>
    collectTerraform(
      [{ relPath: 'main.tf', absPath: TF.pathname, content: readFileSync(TF, 'utf8'), format: 'terraform' }],
      'tf',
    );

  it('azurerm_mssql_database agrees with the ARM template; the server TDE resource gives the customer key', async () => {
    const { resources, gaps } = await collectTf();
    expect(gaps).toEqual([]);
    expect(validateResources(resources)).toEqual([]);
    const template = (await fromTemplate()).resources;
    const withoutKey = (r: Resource) => {
      const props = settings(r) as { encryption?: { kmsKeyId?: string } };
      delete props.encryption?.kmsKeyId;
      return props;
    };
    for (const name of ['orders', 'legacy', 'plain', 'dynamic']) {
      const tf = resources.find((r) => r.uid === `terraform:main.tf:azurerm_mssql_database.${name}`)!;
      expect(withoutKey(tf), name).toEqual(settings(named(template, `sql-weu/${name}`)));
      expect(tf.unknown, name).toEqual(named(template, `sql-weu/${name}`).unknown);
    }
    // Left to Azure in both: the same defaults, said to be defaults.
    expect(resources.find((r) => r.uid.endsWith('azurerm_mssql_database.plain'))?.defaulted).toEqual(
      named(template, 'sql-weu/plain').defaulted,
    );
    const key = 'terraform:main.tf:azurerm_key_vault_key.tde';
    const byUid = (uid: string) => resources.find((r) => r.uid === `terraform:main.tf:${uid}`)!;
    expect(byUid('azurerm_mssql_server.weu').props).toMatchObject({ encryption: { enabled: true, kmsKeyId: key } });
    expect(byUid('azurerm_mssql_database.orders').props).toMatchObject({
      encryption: { enabled: true, kmsKeyId: key },
    });
    // TDE off: no key is said to protect it.
    expect(byUid('azurerm_mssql_database.legacy').props).toMatchObject({ encryption: { enabled: false } });
    expect(byUid('azurerm_mssql_database.legacy').propLines).toMatchObject({ 'encryption.enabled': 29 });
    // The retired azurerm_sql_database is reached through its server: the AllowAll rule is judged there.
    expect(byUid('azurerm_sql_database.archive').props).toEqual({
      engine: 'sqlserver',
      serverId: 'terraform:main.tf:azurerm_sql_server.old',
      encryption: { enabled: true },
      backupRetentionDays: 7,
    });

    const results = await evaluate(resources);
    const failed = (rule: string) =>
      results.findings
        .filter((f) => f.ruleId === rule)
        .map((f) => f.resource.uid.replace('terraform:main.tf:', ''))
        .sort();
    expect(failed('database.encryption_at_rest')).toEqual(['azurerm_mssql_database.legacy']);
    expect(failed('database.backup_retention')).toEqual(['azurerm_mssql_database.legacy']);
    // Once per server, not again on each database reached through it.
    expect(failed('database.not_publicly_accessible')).toEqual(['azurerm_mssql_server.weu', 'azurerm_sql_server.old']);
    const evidence = results.evidence.find((e) => e.ruleId === 'database.encryption_at_rest')!;
    expect(evidence.notEvaluated).toEqual(['terraform:main.tf:azurerm_mssql_database.dynamic']);
  });
  it('a database whose server is not in the scanned files: its exposure is unknown, not evaluated, never a pass', async () => {
    const content = [
      'resource "azurerm_mssql_database" "lonely" {',
      '  name      = "lonely"',
      '  server_id = "/subscriptions/s/resourceGroups/rg/providers/Microsoft.Sql/servers/elsewhere"',
      '}',
    ].join('\n');
    const { resources } = await collectTerraform(
      [{ relPath: 'main.tf', absPath: '/virtual/main.tf', content, format: 'terraform' }],
      'tf',
    );
    const [lonely] = resources;
    expect(lonely?.props).not.toHaveProperty('serverId');
    expect(lonely?.unknownReasons).toEqual({
      publiclyAccessible:
        "its network exposure is its server's (/subscriptions/s/resourceGroups/rg/providers/Microsoft.Sql/servers/elsewhere), which is not in the scanned source",
    });
    const results = await evaluate(resources);
    const evidence = (rule: string) => results.evidence.find((e) => e.ruleId === rule)!;
    expect(evidence('database.not_publicly_accessible').notEvaluated).toEqual([lonely?.uid]);
    // What is its own is still judged: TDE and backups by Azure's defaults.
    expect(evidence('database.encryption_at_rest').passed).toEqual([lonely?.uid]);
    expect(evidence('database.backup_retention').passed).toEqual([lonely?.uid]);
  });
});
