// `assay collect azure --from`: saved `az graph query` output, plain arrays (`az resource list`),
// one resource (`az resource show`) and Resource Manager lists, through the same mappers as online;
// then the CLI: collect writes a schema-valid snapshot, evaluate finds what the estate holds.
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { azureCollector } from '../../../src/collectors/azure/collector.ts';
import { rowsOf } from '../../../src/collectors/azure/offline.ts';
import { typeAndName } from '../../../src/collectors/azure/rows.ts';
import { runCollector } from '../../../src/collectors/run.ts';
import { makeSnapshot } from '../../../src/model/snapshot.ts';
import { validateSnapshot } from '../../../src/model/validate.ts';
import { runCli } from '../../cli/run-cli.ts';

const out = mkdtempSync(path.join(tmpdir(), 'assay-azure-cli-'));

describe('azure collector offline', () => {
  it('reads graph output, arrays, one resource and list bodies, joining children to parents across files', async () => {
    const { source, resources, failure } = await runCollector(azureCollector, { from: 'test/fixtures/azure/offline' });
    expect(failure).toBeUndefined();
    expect(validateSnapshot(makeSnapshot('test', [source], resources))).toEqual([]);
    expect(source.target).toBe('test/fixtures/azure/offline (subscriptions 11111111-1111-1111-1111-111111111111)');
    const byName = (name: string) => resources.find((r) => r.name === name)!;
    // Firewall rules from a plain array joined to the servers of the graph output.
    expect(byName('sql-prod-weu').props).toMatchObject({
      firewallRules: [{ name: 'AllowAllWindowsAzureIps' }, { name: 'AllowAll' }],
    });
    expect(byName('mysql-legacy').props).toMatchObject({ firewallRules: [{ name: 'office', startIp: '203.0.113.0' }] });
    // One container (az resource show) linked to its account.
    expect(byName('stpublicassets/default/public-assets').props).toEqual({
      anonymousAccess: 'container',
      parent: byName('stpublicassets').uid,
    });
    expect(byName('kv-prod-weu/legacy-signing').props).toEqual({
      enabled: true,
      keySpec: 'EC_P-256',
      usage: 'sign,verify',
    });
    expect(byName('activity-to-law').kind).toBe('logging.trail');
    // The graph output's row without an id is a gap naming file and row.
    expect(source.gaps).toEqual([
      {
        reason: 'parse-error',
        message: 'test/fixtures/azure/offline/graph-query.json row 5: a row without an id',
        file: 'test/fixtures/azure/offline/graph-query.json',
      },
    ]);
    expect(source.method).toContain('read but not evaluated: microsoft.keyvault/vaults (1)');
  });

  it('records a truncated file, a truncated template and a row whose properties are not an object as gaps, and keeps the rest', async () => {
    const { source, resources } = await runCollector(azureCollector, { from: 'test/fixtures/azure/offline-malformed' });
    // The exported template (az group export) is read by the ARM template reader, its parameter resolved.
    expect(resources.map((r) => r.name)).toEqual(['ok-disk', 'st']);
    expect(source.status).toBe('partial');
    // The truncated template: the ARM reader's parser names file and line.
    expect(source.gaps.find((g) => g.file?.endsWith('export-truncated.json'))).toMatchObject({
      reason: 'parse-error',
      line: 25,
    });
    expect(source.gaps.filter((g) => !g.file?.endsWith('export-truncated.json')).map((g) => g.message)).toEqual([
      expect.stringMatching(
        /^test\/fixtures\/azure\/offline-malformed\/graph\.json row 2: \/subscriptions\/.*\/bad-disk: properties is not an object$/,
      ),
      expect.stringMatching(/^test\/fixtures\/azure\/offline-malformed\/truncated\.json is not JSON: /),
    ]);
  });

  it('reads ids into full types and names, extension resources and children included', () => {
    expect(
      typeAndName('/subscriptions/s/resourceGroups/g/providers/Microsoft.Sql/servers/db1/firewallRules/AllowAll'),
    ).toEqual({
      type: 'Microsoft.Sql/servers/firewallRules',
      name: 'db1/AllowAll',
    });
    expect(typeAndName('/subscriptions/s/providers/microsoft.insights/diagnosticSettings/x')).toEqual({
      type: 'microsoft.insights/diagnosticSettings',
      name: 'x',
    });
    expect(typeAndName('/subscriptions/s/resourceGroups/g')).toBeUndefined();
    expect(typeAndName('/subscriptions/s/resourceGroups/g/providers/Microsoft.Sql/servers')).toBeUndefined();
    expect(rowsOf({ data: { columns: [], rows: [] } })).toMatch(/table format/);
    expect(rowsOf(42)).toMatch(/no Azure resource output/);
  });
});

describe('assay collect azure, then assay evaluate', () => {
  it('offline: saved az output -> a schema-valid snapshot -> findings, and exit 2 for the malformed row', async () => {
    const file = path.join(out, 'offline.json');
    const collect = await runCli(['collect', 'azure', '--from', 'test/fixtures/azure/offline', '--output', file]);
    expect(collect.stderr).toMatch(/^wrote .*offline\.json: 13 resources from test\/fixtures\/azure\/offline/m);
    expect(collect.stderr).toContain('gap: test/fixtures/azure/offline/graph-query.json: parse-error');
    expect(validateSnapshot(JSON.parse(readFileSync(file, 'utf8')))).toEqual([]);
    const evaluate = await runCli(['evaluate', file, '--format', 'json']);
    // The malformed row is a parse-error gap: the exit code says the input was not read whole.
    expect(evaluate.code).toBe(2);
    const results = JSON.parse(evaluate.stdout) as { findings: { ruleId: string; resource: { name: string } }[] };
    const findings = results.findings.map((f) => `${f.ruleId} ${f.resource.name}`);
    expect(findings).toEqual(
      expect.arrayContaining([
        'transport.tls_required stpublicassets',
        'storage.public_access_blocked stpublicassets/default/public-assets',
        'database.not_publicly_accessible sql-prod-weu',
        'network.admin_ports_restricted nsg-web',
        'crypto.key_rotation kv-prod-weu/legacy-signing',
        // networkAcls.defaultAction Allow through the same Azure mapper that reads ARM templates.
        'storage.network_access_restricted stpublicassets',
      ]),
    );
    expect(findings).not.toContain('transport.tls_required stauditlogs');
    expect(findings).not.toContain('storage.network_access_restricted stauditlogs');
  });
});
