// `assay collect azure` online: the real Azure SDK clients and @azure/identity's
// DefaultAzureCredential (its environment credential) against the replay server over HTTPS with
// a test CA, the token from a loopback Entra endpoint. Pagination with skip tokens, throttling
// then success, a subscription that refuses, a malformed row, children joined to parents, Azure
// Policy's states beside our result, an expired client secret, and least privilege.
import {
  createDefaultHttpClient,
  createHttpHeaders,
  createPipelineFromOptions,
  createPipelineRequest,
} from '@azure/core-rest-pipeline';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { azureCollector } from '../../../src/collectors/azure/collector.ts';
import { runCollector } from '../../../src/collectors/run.ts';
import type { Resource } from '../../../src/model/resource.ts';
import { makeSnapshot, sha256 } from '../../../src/model/snapshot.ts';
import { validateResources, validateSnapshot } from '../../../src/model/validate.ts';
import { evaluateSnapshots } from '../../../src/pipeline/evaluate.ts';
import { renderMarkdown } from '../../../src/reports/markdown.ts';
import { renderTable } from '../../../src/reports/table.ts';
import { AzureReplayServer, allowedActions, loadRules, TOKEN } from './replay-server.ts';
import { makeTestCa, type TestCa } from './test-ca.ts';

const A = '11111111-1111-1111-1111-111111111111';
const B = '22222222-2222-2222-2222-222222222222';
const RG = `/subscriptions/${A}/resourceGroups/rg-prod/providers`;
const SECRET = 'replay-client-secret-never-printed';
const saved = { ...process.env };
let ca: TestCa;
let server: AzureReplayServer;

beforeAll(() => {
  ca = makeTestCa();
  process.env.AZURE_TENANT_ID = '33333333-3333-3333-3333-333333333333';
  process.env.AZURE_CLIENT_ID = '44444444-4444-4444-4444-444444444444';
  process.env.AZURE_CLIENT_SECRET = SECRET;
  // Only the environment credential: no managed-identity probe, no Azure CLI.
  process.env.AZURE_TOKEN_CREDENTIALS = 'EnvironmentCredential';
});
afterAll(() => {
  process.env = saved;
  ca.remove();
});
afterEach(async () => server?.stop());

async function collect(options: Record<string, unknown> = { subscription: [`${A},${B}`] }) {
  server = await new AzureReplayServer(loadRules('estate.json'), ca).start();
  process.env.AZURE_AUTHORITY_HOST = server.url;
  const progress: string[] = [];
  const collected = await runCollector(
    azureCollector,
    { ...options, 'arm-endpoint': server.url, 'ca-file': ca.caFile },
    { onProgress: (e) => progress.push(e.message) },
  );
  return { collected, progress };
}

async function evaluate(source: Parameters<typeof makeSnapshot>[1], resources: Resource[]) {
  const snapshot = makeSnapshot('test', source, resources);
  return evaluateSnapshots([{ snapshot, sha256: sha256(JSON.stringify(snapshot)), file: 'azure.json' }]);
}

const uid = (path: string) => `${RG}/${path}`;

describe('azure collector online (replay server over HTTPS)', () => {
  it('reads both pages after a throttled first try, joins children, and records a refusing subscription and a malformed row as gaps', async () => {
    const { collected, progress } = await collect();
    const { source, resources } = collected;
    expect(collected.failure).toBeUndefined();
    expect(validateResources(resources)).toEqual([]);
    expect(validateSnapshot(makeSnapshot('test', [source], resources))).toEqual([]);
    expect(source.status).toBe('partial');
    expect(source.target).toBe(`Azure subscriptions ${A}, ${B}`);
    expect(source.itemCount).toBe(16);

    expect(resources.map((r) => `${r.kind} ${r.name}`).sort()).toEqual(
      [
        'storage.bucket stpublicassets',
        'storage.bucket stauditlogs',
        'storage.container stpublicassets/default/public-assets',
        'storage.container stpublicassets/default/uploads',
        'compute.disk vm-web-01_OsDisk_1',
        'database.instance sql-prod-weu',
        'database.instance sql-prod-weu/orders',
        'database.instance sql-prod-weu/legacy',
        'database.instance sql-prod-weu/reports',
        'database.instance pg-orders',
        'database.instance mysql-legacy',
        'network.firewall nsg-web',
        'network.vpc vnet-prod',
        'network.flow_log NetworkWatcher_westeurope/fl-vnet-prod',
        'crypto.key kv-prod-weu/cmk-storage',
        'crypto.key kv-prod-weu/legacy-signing',
        'logging.trail activity-to-law',
        'k8s.cluster aks-prod',
      ].sort(),
    );
    // An AKS cluster from Resource Graph: the same mapper as ARM templates, every value stated;
    // its diagnostic settings (the audit log) are not read, so that one stays unknown.
    const aks = resources.find((r) => r.kind === 'k8s.cluster');
    expect(aks?.props).toEqual({
      privateEndpoint: false,
      publicEndpoint: true,
      publicAccessCidrs: ['0.0.0.0/0'],
      rbac: true,
      networkPolicy: 'none',
      policyEnforcement: false,
      monitoring: true,
      secretsCustomerKey: false,
    });
    expect(aks?.unknown).toEqual(['auditLogging']);
    // The first page was throttled (429, Retry-After: 1) and retried; the skip token led to the second.
    const graphCalls = server.calls.filter((c) => c.action === 'Microsoft.ResourceGraph/resources/read');
    expect(graphCalls.map((c) => (c.body as { subscriptions: string[] }).subscriptions[0])).toEqual(
      expect.arrayContaining([A, A, A, B]),
    );
    expect(graphCalls.filter((c) => (c.body as { subscriptions: string[] }).subscriptions[0] === A)).toHaveLength(3);

    const gaps = source.gaps.map((g) => `${g.reason} | ${g.permission ?? '-'} | ${g.endpoint ?? '-'} | ${g.message}`);
    expect(gaps).toEqual(
      [
        expect.stringMatching(
          new RegExp(
            `^permission-denied \\| Microsoft.ResourceGraph/resources/read \\| subscription ${B} \\| .*was denied \\(AuthorizationFailed\\)`,
          ),
        ),
        expect.stringMatching(
          new RegExp(`^parse-error \\| - \\| subscription ${A} \\| Resource Graph .*: a row without an id`),
        ),
        expect.stringMatching(
          /^permission-denied \| Microsoft.Sql\/servers\/databases\/transparentDataEncryption\/read \| .*\/databases\/reports\/transparentDataEncryption\/current \| .*was denied \(AuthorizationFailed\)/,
        ),
      ].sort((a, b) => (String(a) < String(b) ? -1 : 1)) as never,
    );
    const denied = source.gaps.find((g) => g.reason === 'permission-denied')!;
    expect(denied.kinds).toEqual(expect.arrayContaining(['storage.bucket', 'network.firewall', 'logging.trail']));
    expect(progress).toEqual(
      expect.arrayContaining([expect.stringMatching(new RegExp(`subscription ${A}: 15 resources`))]),
    );
    // Nothing secret reached the snapshot.
    expect(JSON.stringify({ source, resources })).not.toContain(TOKEN);
    expect(JSON.stringify({ source, resources })).not.toContain(SECRET);
  });

  it('maps live values through the ARM mappers: findings and passes per resource', async () => {
    const { collected } = await collect({ subscription: [A] });
    const byName = (name: string) => collected.resources.find((r) => r.name === name)!;
    expect(byName('sql-prod-weu').props).toMatchObject({
      engine: 'sqlserver',
      publiclyAccessible: true,
      firewallRules: [
        { name: 'AllowAllWindowsAzureIps', startIp: '0.0.0.0', endIp: '0.0.0.0' },
        { name: 'AllowAll', startIp: '0.0.0.0', endIp: '255.255.255.255' },
      ],
    });
    expect(byName('pg-orders').props).toEqual({
      engine: 'postgres',
      publiclyAccessible: false,
      backupRetentionDays: 14,
      encryption: { enabled: true },
      tls: { required: true, minVersion: '1.2' },
      firewallRules: [],
    });
    expect(byName('mysql-legacy').props).toMatchObject({
      tls: { required: false, minVersion: '1.0' },
      backupRetentionDays: 1,
    });
    expect(byName('kv-prod-weu/cmk-storage').props).toEqual({
      enabled: true,
      rotationEnabled: true,
      rotationPeriodDays: 90,
      keySpec: 'RSA_2048',
      usage: 'wrapKey,unwrapKey',
    });
    expect(byName('activity-to-law').props).toMatchObject({ enabled: true, managementEvents: true, multiRegion: true });
    expect(byName('vnet-prod').props).toMatchObject({ flowLogsEnabled: true });
    expect(byName('nsg-web').props).toMatchObject({ attachedTo: [uid('Microsoft.Network/virtualNetworks/vnet-prod')] });
    expect(byName('stpublicassets').location).toEqual({
      subscription: A,
      resourceGroup: 'rg-prod',
      region: 'westeurope',
    });
    expect(byName('stpublicassets').tags).toEqual({ env: 'prod', owner: 'web' });

    const results = await evaluate([collected.source], collected.resources);
    const failed = (rule: string) =>
      results.findings
        .filter((f) => f.ruleId === rule)
        .map((f) => f.resource.name)
        .sort();
    expect(failed('transport.tls_required')).toEqual(['mysql-legacy', 'stpublicassets']);
    expect(failed('transport.min_tls_version')).toEqual(['mysql-legacy', 'stpublicassets']);
    expect(failed('storage.public_access_blocked')).toEqual(
      expect.arrayContaining(['stpublicassets/default/public-assets']),
    );
    // The SQL server twice (public network access on, and its AllowAll firewall rule), not again
    // for each database reached through it.
    expect(failed('database.not_publicly_accessible')).toEqual(['mysql-legacy', 'sql-prod-weu', 'sql-prod-weu']);
    expect(failed('database.backup_retention')).toEqual(['mysql-legacy', 'sql-prod-weu/legacy']);
    expect(failed('network.admin_ports_restricted')).toEqual(['nsg-web']);
    expect(failed('crypto.key_rotation')).toEqual(['kv-prod-weu/legacy-signing']);
    expect(failed('logging.retention_one_year')).toEqual(
      expect.arrayContaining(['NetworkWatcher_westeurope/fl-vnet-prod']),
    );
    const evidence = (rule: string) => results.evidence.find((e) => e.ruleId === rule)!;
    const names = (uids: string[]) => uids.map((u) => collected.resources.find((r) => r.uid === u)?.name).sort();
    expect(names(evidence('transport.tls_required').passed)).toEqual(
      expect.arrayContaining(['pg-orders', 'stauditlogs', 'sql-prod-weu']),
    );
    expect(names(evidence('crypto.key_rotation').passed)).toEqual(['kv-prod-weu/cmk-storage']);
    expect(names(evidence('logging.trail_enabled').passed)).toEqual(['activity-to-law']);
    expect(names(evidence('network.flow_logs_enabled').passed)).toEqual([
      'NetworkWatcher_westeurope/fl-vnet-prod',
      'vnet-prod',
    ]);
    // Controls are evidenced by the live resources as by IaC.
    const pci = results.frameworks.find((f) => f.id.startsWith('pci'));
    expect(pci?.controls.some((c) => c.findings.length > 0)).toBe(true);
  });

  it('reads each SQL database with its TDE state, backup retention and the server key; a TDE read refused is a gap, never a pass', async () => {
    const { collected } = await collect({ subscription: [A] });
    const byName = (name: string) => collected.resources.find((r) => r.name === name)!;
    const key = 'https://kv-prod-weu.vault.azure.net/keys/cmk-sql/0a1b2c3d4e5f';
    expect(byName('sql-prod-weu').props).toMatchObject({ encryption: { enabled: true, kmsKeyId: key } });
    expect(byName('sql-prod-weu/orders')).toMatchObject({
      uid: uid('Microsoft.Sql/servers/sql-prod-weu/databases/orders'),
      nativeType: 'Microsoft.Sql/servers/databases',
      props: {
        engine: 'sqlserver',
        // Reached through its server: public access and the AllowAll rule are judged on the server.
        serverId: uid('Microsoft.Sql/servers/sql-prod-weu'),
        encryption: { enabled: true, kmsKeyId: key },
        backupRetentionDays: 14,
      },
    });
    expect(byName('sql-prod-weu/orders').unknown).toBeUndefined();
    expect(byName('sql-prod-weu/legacy').props).toMatchObject({
      encryption: { enabled: false },
      backupRetentionDays: 3,
    });
    // The refused TDE read: encryption is not stated, it is unknown with the reason.
    const reports = byName('sql-prod-weu/reports') as Resource<'database.instance'>;
    expect(reports.props.encryption).toBeUndefined();
    expect(reports.props.backupRetentionDays).toBe(7);
    expect(reports.unknown).toEqual(['encryption.enabled']);
    // master is the service's: neither read nor mapped.
    expect(collected.resources.some((r) => r.name === 'sql-prod-weu/master')).toBe(false);
    expect(server.calls.some((c) => c.path.includes('/databases/master/'))).toBe(false);

    const results = await evaluate([collected.source], collected.resources);
    const evidence = results.evidence.find((e) => e.ruleId === 'database.encryption_at_rest')!;
    const failed = results.findings
      .filter((f) => f.ruleId === 'database.encryption_at_rest')
      .map((f) => f.resource.name);
    expect(failed).toEqual(['sql-prod-weu/legacy']);
    expect(evidence.passed).toEqual(
      expect.arrayContaining([uid('Microsoft.Sql/servers/sql-prod-weu/databases/orders')]),
    );
    expect(evidence.passed).not.toContain(reports.uid);
    expect(evidence.notEvaluated).toEqual([reports.uid]);
    expect(evidence.notEvaluatedReasons[reports.uid]?.[0]).toMatch(/transparent data encryption state not read/);
    const gap = collected.source.gaps.find((g) => g.permission?.includes('transparentDataEncryption'))!;
    expect(gap).toMatchObject({ reason: 'permission-denied', kinds: ['database.instance'] });
  });

  it("keeps Azure Policy's compliance states beside our result, and names the assigned regulatory initiatives", async () => {
    const { collected } = await collect({ subscription: [A] });
    const byName = (name: string) => collected.resources.find((r) => r.name === name)!;
    expect(byName('stpublicassets').corroboration).toEqual([
      {
        assessor: 'azure-policy',
        rule: 'transport.tls_required',
        check: 'Secure transfer to storage accounts should be enabled',
        checkId: '404c3081-a854-4457-ae30-26a93ef643f9',
        state: 'NonCompliant',
        passed: false,
        context: `PCI DSS v4 (/subscriptions/${A}/providers/Microsoft.Authorization/policyAssignments/pci-dss-v4)`,
        at: '2026-12-04T21:14:03.000Z',
      },
    ]);
    // Azure Policy's last evaluation says non-compliant; the account now requires HTTPS: the two disagree.
    expect(byName('stauditlogs').corroboration?.[0]).toMatchObject({ passed: false, rule: 'transport.tls_required' });
    expect(byName('stauditlogs').props).toMatchObject({ tls: { required: true } });
    // A state of a definition no rule of ours checks is not attached.
    expect(byName('sql-prod-weu').corroboration).toBeUndefined();
    expect(collected.source.method).toContain(
      `subscription ${A}: PCI DSS v4 assigned at /subscriptions/${A} (3 non-compliant resources)`,
    );
    // Evaluated, each verdict stands beside ours; where they differ, the results and the reports say so.
    const results = await evaluate([collected.source], collected.resources);
    expect(
      results.corroboration?.map((c) => `${c.name} ${c.ruleId} ours=${c.ours} theirs=${c.theirs} ${c.disagrees}`),
    ).toEqual([
      'stauditlogs transport.tls_required ours=passed theirs=NonCompliant true',
      'stpublicassets transport.tls_required ours=failed theirs=NonCompliant false',
    ]);
    expect(renderTable(results, { color: false })).toContain(
      '≠ stauditlogs [transport.tls_required]: passed here, azure-policy says NonCompliant (Secure transfer to storage accounts should be enabled)',
    );
    expect(renderMarkdown(results)).toContain('### Other assessors disagree (1)');
  });

  it('records a refused Azure Policy read as a gap that hides none of our resources', async () => {
    const rules = loadRules('estate.json');
    const states = rules.find((r) => r.path?.endsWith('/policyStates/latest/queryResults'))!;
    states.replies = [
      {
        status: 403,
        body: {
          error: {
            code: 'AuthorizationFailed',
            message: `The client does not have authorization to perform action 'Microsoft.PolicyInsights/policyStates/queryResults/read' over scope '/subscriptions/${A}'.`,
          },
        },
      },
    ];
    server = await new AzureReplayServer(rules, ca).start();
    process.env.AZURE_AUTHORITY_HOST = server.url;
    const { source, resources } = await runCollector(azureCollector, {
      subscription: [A],
      'arm-endpoint': server.url,
      'ca-file': ca.caFile,
    });
    const gap = source.gaps.find((g) => g.reason === 'permission-denied' && g.permission?.includes('Policy'))!;
    expect(gap).toMatchObject({
      permission: 'Microsoft.PolicyInsights/policyStates/queryResults/read',
      endpoint: `/subscriptions/${A}/providers/Microsoft.PolicyInsights/policyStates/latest/queryResults`,
      kinds: [],
    });
    expect(resources).toHaveLength(18);
    expect(resources.some((r) => r.corroboration)).toBe(false);
    // The summary was still read.
    expect(source.method).toContain('(3 non-compliant resources)');
  });

  it('lists the subscriptions the credential sees when none is given', async () => {
    const { collected } = await collect({});
    expect(collected.source.target).toBe(`Azure subscriptions ${A}, ${B}`);
    expect(server.calls.some((c) => c.action === 'Microsoft.Resources/subscriptions/read')).toBe(true);
  });

  it('reads a management group at its scope, then each subscription its rows name', async () => {
    const { collected } = await collect({ 'management-group': 'contoso-prod' });
    expect(collected.source.target).toBe(`Azure management group contoso-prod (subscriptions ${A})`);
    expect(collected.resources).toHaveLength(18);
    const graphCalls = server.calls.filter((c) => c.action === 'Microsoft.ResourceGraph/resources/read');
    expect(graphCalls.map((c) => (c.body as { managementGroups?: string[] }).managementGroups)).toEqual([
      ['contoso-prod'],
    ]);
  });

  it('stops with a clear error when the client secret is expired, without printing it', async () => {
    server = await new AzureReplayServer(loadRules('estate.json'), ca).start();
    server.tokenReply = {
      status: 401,
      body: {
        error: 'invalid_client',
        error_description:
          "AADSTS7000222: The provided client secret keys for app '44444444-4444-4444-4444-444444444444' are expired. Visit the Azure portal to create new keys for your app.",
        error_codes: [7000222],
        timestamp: '2026-12-05 00:00:00Z',
      },
    };
    process.env.AZURE_AUTHORITY_HOST = server.url;
    const collected = await runCollector(azureCollector, {
      subscription: [A],
      'arm-endpoint': server.url,
      'ca-file': ca.caFile,
    });
    expect(collected.source.status).toBe('failed');
    expect(collected.failure).toMatch(/Azure credential was refused .*AADSTS7000222/s);
    expect(collected.failure).not.toContain(SECRET);
    expect(server.calls).toEqual([]);
    expect(server.tokenRequests[0]).toMatchObject({
      grant_type: 'client_credentials',
      client_id: process.env.AZURE_CLIENT_ID,
    });
  });

  it('asks for nothing outside docs/azure-reader-role.json, which the server enforces', async () => {
    await collect();
    expect(server.refused).toEqual([]);
    const used = new Set([...server.calls.map((c) => c.action.toLowerCase()), ...server.graphChecked]);
    // Every documented action is used (none is granted for nothing) but listing subscriptions, which --subscription skips.
    expect([...allowedActions()].filter((a) => !used.has(a)).sort()).toEqual([
      'microsoft.resources/subscriptions/read',
    ]);
    // An action outside the role (reading a storage account's keys) is refused.
    const pipeline = createPipelineFromOptions({ tlsOptions: { ca: ca.caPem }, retryOptions: { maxRetries: 0 } });
    const url = `${server.url}${RG}/Microsoft.Storage/storageAccounts/stpublicassets/listKeys?api-version=2023-05-01`;
    const request = createPipelineRequest({
      url,
      method: 'POST',
      headers: createHttpHeaders({ authorization: `Bearer ${TOKEN}` }),
    });
    const response = await pipeline.sendRequest(createDefaultHttpClient(), request);
    expect(response.status).toBe(403);
    expect(server.refused.map((c) => c.action)).toEqual(['Microsoft.Storage/storageAccounts/listKeys/action']);
  });
});
