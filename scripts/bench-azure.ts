// npm run bench (Azure part) — a replayed 50,000-item Azure estate: the HTTPS replay server of the
// tests (test CA, loopback token endpoint) answers Resource Graph with generated rows over two
// subscriptions (storage accounts, network security groups, managed disks), 1,000 a page, and
// Resource Manager with each account's containers; a child process runs the azure collector and
// evaluates the snapshot, so its peak RSS is the collector's own. Reports items per second.
import { spawn } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { AzureReplayServer, type ReplayRule } from '../test/collectors/azure/replay-server.ts';
import { makeTestCa } from '../test/collectors/azure/test-ca.ts';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const SUBSCRIPTIONS = ['aaaaaaaa-0000-0000-0000-000000000001', 'aaaaaaaa-0000-0000-0000-000000000002'];
/** Rows per subscription, by type: 25,000 a subscription, 50,000 in all. */
const COUNTS: [string, number][] = [
  ['microsoft.storage/storageaccounts', 2_500],
  ['microsoft.network/networksecuritygroups', 10_000],
  ['microsoft.compute/disks', 12_500],
];
const PER_SUBSCRIPTION = COUNTS.reduce((n, [, c]) => n + c, 0);
const PAGE = 1000;

if (process.argv[2] === '--child') await child(process.argv[3]!, process.argv[4]!);
else await parent();

function row(subscription: string, n: number) {
  let type = COUNTS[0]![0];
  for (let offset = n, i = 0; i < COUNTS.length; offset -= COUNTS[i]![1], i++) {
    if (offset < COUNTS[i]![1]) {
      type = COUNTS[i]![0];
      break;
    }
  }
  const rg = `/subscriptions/${subscription}/resourceGroups/rg-${n % 50}/providers`;
  const base = {
    location: 'westeurope',
    resourceGroup: `rg-${n % 50}`,
    subscriptionId: subscription,
    tags: { n: String(n) },
  };
  if (type === 'microsoft.storage/storageaccounts') {
    return {
      ...base,
      id: `${rg}/Microsoft.Storage/storageAccounts/st${n}`,
      name: `st${n}`,
      type,
      properties: {
        supportsHttpsTrafficOnly: n % 3 !== 0,
        minimumTlsVersion: n % 4 ? 'TLS1_2' : 'TLS1_0',
        allowBlobPublicAccess: n % 7 === 0,
        encryption: { keySource: 'Microsoft.Storage' },
      },
    };
  }
  if (type === 'microsoft.network/networksecuritygroups') {
    const port = n % 2 ? '22' : '443';
    return {
      ...base,
      id: `${rg}/Microsoft.Network/networkSecurityGroups/nsg-${n}`,
      name: `nsg-${n}`,
      type,
      properties: {
        securityRules: [
          {
            name: 'in',
            properties: {
              protocol: 'Tcp',
              sourcePortRange: '*',
              destinationPortRange: port,
              sourceAddressPrefix: n % 5 ? '10.0.0.0/8' : '*',
              destinationAddressPrefix: '*',
              access: 'Allow',
              priority: 100,
              direction: 'Inbound',
            },
          },
        ],
      },
    };
  }
  return {
    ...base,
    id: `${rg}/Microsoft.Compute/disks/disk-${n}`,
    name: `disk-${n}`,
    type,
    properties: { diskSizeGB: 64, encryption: { type: 'EncryptionAtRestWithPlatformKey' } },
  };
}

async function parent(): Promise<void> {
  const ca = makeTestCa();
  const rules: ReplayRule[] = [
    {
      method: 'POST',
      path: '/providers/Microsoft.ResourceGraph/resources',
      replies: [],
      generate: (body) => {
        const subscription = (body.subscriptions as string[])[0]!;
        const start = Number((body.options as Record<string, unknown>).$skipToken ?? 0);
        const end = Math.min(start + PAGE, PER_SUBSCRIPTION);
        const data = [];
        for (let n = start; n < end; n++) data.push(row(subscription, n));
        return {
          totalRecords: PER_SUBSCRIPTION,
          count: data.length,
          data,
          ...(end < PER_SUBSCRIPTION ? { $skipToken: String(end) } : {}),
        };
      },
    },
    { method: 'GET', pattern: '/blobServices/default/containers$', replies: [{ body: { value: [] } }] },
    { method: 'GET', pattern: '/providers/Microsoft.Insights/diagnosticSettings$', replies: [{ body: { value: [] } }] },
    {
      method: 'GET',
      pattern: '/providers/Microsoft.Authorization/policyAssignments$',
      replies: [{ body: { value: [] } }],
    },
  ];
  const server = await new AzureReplayServer(rules, ca).start();
  const started = process.hrtime.bigint();
  const result = await new Promise<{ status: number | null; stdout: string; stderr: string }>((resolve) => {
    // Asynchronous, so the server in this process keeps answering.
    const run = spawn(
      process.execPath,
      ['--import', 'tsx', fileURLToPath(import.meta.url), '--child', server.url, ca.caFile],
      {
        cwd: repoRoot,
        env: {
          ...process.env,
          AZURE_TENANT_ID: 'bench-tenant',
          AZURE_CLIENT_ID: 'bench-client',
          AZURE_CLIENT_SECRET: 'bench-secret',
          AZURE_AUTHORITY_HOST: server.url,
          AZURE_TOKEN_CREDENTIALS: 'EnvironmentCredential',
        },
      },
    );
    let stdout = '';
    let stderr = '';
    run.stdout.on('data', (d) => (stdout += d));
    run.stderr.on('data', (d) => (stderr += d));
    run.on('close', (status) => resolve({ status, stdout, stderr }));
  });
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  await server.stop();
  ca.remove();
  if (result.status !== 0) throw new Error(`Azure bench failed (${result.status}): ${result.stderr}`);
  const m = JSON.parse(result.stdout.trim().split('\n').at(-1)!) as Record<string, number>;
  console.log(
    `Azure replayed estate: ${m.items} of ${PER_SUBSCRIPTION * SUBSCRIPTIONS.length} rows over ${SUBSCRIPTIONS.length} subscriptions, ${m.resources} resources, ${m.gaps} gaps, ${m.findings} findings; ` +
      `collect ${m.collectSeconds!.toFixed(1)} s (${Math.round(m.items! / m.collectSeconds!)} items/s), evaluate ${m.evaluateSeconds!.toFixed(1)} s, ` +
      `total ${seconds.toFixed(1)} s (target < 60 s), peak RSS ${(m.maxRss! / 1024 / 1024).toFixed(0)} MB (target < 1024 MB)`,
  );
}

async function child(url: string, caFile: string): Promise<void> {
  const { azureCollector } = await import('../src/collectors/azure/collector.ts');
  const { runCollector } = await import('../src/collectors/run.ts');
  const { makeSnapshot, sha256 } = await import('../src/model/snapshot.ts');
  const { evaluateSnapshots } = await import('../src/pipeline/evaluate.ts');
  const t0 = process.hrtime.bigint();
  const collected = await runCollector(azureCollector, {
    subscription: SUBSCRIPTIONS,
    'arm-endpoint': url,
    'ca-file': caFile,
  });
  const t1 = process.hrtime.bigint();
  if (collected.failure) throw new Error(collected.failure);
  const snapshot = makeSnapshot('bench', [collected.source], collected.resources);
  const results = await evaluateSnapshots([{ snapshot, sha256: sha256(JSON.stringify(snapshot)), file: 'bench.json' }]);
  const t2 = process.hrtime.bigint();
  console.log(
    JSON.stringify({
      collectSeconds: Number(t1 - t0) / 1e9,
      evaluateSeconds: Number(t2 - t1) / 1e9,
      maxRss: process.resourceUsage().maxRSS * 1024,
      items: collected.source.itemCount ?? 0,
      resources: collected.resources.length,
      findings: results.findings.length,
      gaps: collected.source.gaps.length,
    }),
  );
}
