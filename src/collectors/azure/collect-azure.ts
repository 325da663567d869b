// The work of the `azure` collector (./collector.ts defines it): saved files or Resource Graph and
// Azure Policy online, mapped through the Azure provider. Loaded only when Azure is collected.
import type { Gap, Resource } from '../../model/resource.ts';
import { mapAzureResources } from '../../providers/azure/index.ts';
import type { CollectContext, CollectorResult } from '../contract.ts';
import { type AzureOptions, SOURCE_ID, subscriptionsOf } from './collector.ts';
import { corroborate, describePolicy } from './corroboration.ts';
import { PUBLIC_ARM } from './declared.ts';
import { GraphResources } from './graph-resources.ts';
import { collectOffline } from './offline.ts';
import type { GraphResource } from './rows.ts';
import { missingTdeGaps } from './sql-children.ts';

/** Resources through the shared mappers; types no mapper reads are counted, not evaluated. */
function mapResources(read: GraphResource[]): { resources: Resource[]; gaps: Gap[] } {
  const source = new GraphResources(read, SOURCE_ID);
  const resources = mapAzureResources(source);
  return { resources, gaps: source.gaps };
}

export async function collectFiles(from: string, context: CollectContext): Promise<CollectorResult> {
  const startedAt = context.now().toISOString();
  context.progress(`reading ${from}`);
  const read = await collectOffline(from, context.root, SOURCE_ID);
  const mapped = mapResources(read.resources);
  mapped.resources.push(...read.templateResources);
  const gaps = [...read.gaps, ...mapped.gaps, ...missingTdeGaps(read.resources)];
  context.progress(`${mapped.resources.length} resources from ${read.rows} rows, ${gaps.length} gaps`);
  const subscriptions = [...new Set(read.resources.flatMap((r) => r.subscriptionId ?? []))].sort();
  // Azure Policy's saved verdicts stand beside ours as online; its subscriptions are said too.
  corroborate(mapped.resources, read.policy);
  const policySubscriptions = [
    ...new Set([...read.policy.assignments.map((a) => a.subscription), ...subscriptions]),
  ].sort();
  const policyNote =
    read.policyFiles > 0
      ? `. From ${read.policyFiles} files of saved az policy state output, ${read.policy.states.length} compliance states of definitions our rules match; ${describePolicy(read.policy, policySubscriptions)}`
      : '';
  const templateNote =
    read.templateFiles > 0
      ? `. ${read.templateResources.length} resources from ${read.templateFiles} exported ARM templates (az group export), their parameters and expressions resolved by the ARM template reader`
      : '';
  return {
    source: {
      id: SOURCE_ID,
      collector: 'azure',
      target: `${from} (subscriptions ${subscriptions.join(', ') || 'none'})`,
      startedAt,
      finishedAt: context.now().toISOString(),
      status: gaps.length > 0 ? 'partial' : 'ok',
      itemCount: read.rows,
      method: `Azure resources read from ${read.files - read.templateFiles - read.policyFiles} files of saved az graph query, az resource or Resource Manager list output${unmappedNote(read.resources)}${templateNote}${policyNote}`,
      queries: [`files under ${from} matching *.json`],
    },
    resources: mapped.resources,
    gaps,
  };
}

export async function collectLive(options: AzureOptions, context: CollectContext): Promise<CollectorResult> {
  const startedAt = context.now().toISOString();
  // DefaultAzureCredential reads the client secret itself: it must never leave the process either.
  for (const name of ['AZURE_CLIENT_SECRET', 'AZURE_CLIENT_CERTIFICATE_PASSWORD']) {
    const value = process.env[name];
    if (value) context.redactor.add(value);
  }
  // The Azure SDK loads only for an online collection.
  const [{ connect }, { collectOnline }] = await Promise.all([import('./connection.ts'), import('./online.ts')]);
  const connection = connect({ endpoint: options['arm-endpoint'], caFile: options['ca-file'], root: context.root });
  const online = await collectOnline(
    connection,
    {
      subscriptions: subscriptionsOf(options),
      managementGroup: options['management-group'],
      concurrency: options.concurrency,
    },
    context,
  );
  const mapped = mapResources(online.resources);
  corroborate(mapped.resources, online.policy);
  const gaps = [...online.gaps, ...mapped.gaps];
  return {
    source: {
      id: SOURCE_ID,
      collector: 'azure',
      target: options['management-group']
        ? `Azure management group ${options['management-group']} (subscriptions ${online.subscriptions.join(', ')})`
        : `Azure subscriptions ${online.subscriptions.join(', ')}`,
      startedAt,
      finishedAt: context.now().toISOString(),
      status: gaps.length > 0 ? 'partial' : 'ok',
      itemCount: online.rows,
      method:
        `Azure Resource Graph rows of the types we evaluate, with the firewall rules, containers, keys and server settings ` +
        `under them and each subscription's activity-log diagnostic settings from Resource Manager` +
        (connection.endpoint !== PUBLIC_ARM ? ` (through ${connection.endpoint})` : '') +
        `${unmappedNote(online.resources)}. ${describePolicy(online.policy, online.subscriptions)}`,
      queries: online.queries,
    },
    resources: mapped.resources,
    gaps,
  };
}

/** Types read that no mapper turns into a resource (a vault is read for its keys, a database for its server). */
function unmappedNote(read: GraphResource[]): string {
  const mapped = new Set([
    'microsoft.storage/storageaccounts',
    'microsoft.storage/storageaccounts/blobservices/containers',
    'microsoft.compute/disks',
    'microsoft.sql/servers',
    'microsoft.sql/servers/firewallrules',
    'microsoft.sql/servers/encryptionprotector',
    'microsoft.sql/servers/databases',
    'microsoft.sql/servers/databases/transparentdataencryption',
    'microsoft.sql/servers/databases/backupshorttermretentionpolicies',
    'microsoft.dbforpostgresql/flexibleservers',
    'microsoft.dbforpostgresql/flexibleservers/firewallrules',
    'microsoft.dbforpostgresql/flexibleservers/configurations',
    'microsoft.dbformysql/flexibleservers',
    'microsoft.dbformysql/flexibleservers/firewallrules',
    'microsoft.dbformysql/flexibleservers/configurations',
    'microsoft.network/networksecuritygroups',
    'microsoft.network/networksecuritygroups/securityrules',
    'microsoft.network/virtualnetworks',
    'microsoft.network/networkwatchers/flowlogs',
    'microsoft.keyvault/vaults/keys',
    'microsoft.insights/diagnosticsettings',
  ]);
  const counts = new Map<string, number>();
  for (const r of read) {
    const type = r.type.toLowerCase();
    if (!mapped.has(type)) counts.set(type, (counts.get(type) ?? 0) + 1);
  }
  const list = [...counts].sort().map(([type, n]) => `${type} (${n})`);
  return list.length > 0 ? `; read but not evaluated: ${list.join(', ')}` : '';
}
