// An organisation read through one AWS Config aggregator: the aggregator's per-source status first
// (an account and region whose copy failed to update or is outdated is a gap: its items may be
// missing), then per evaluated type ListAggregateDiscoveredResources and
// BatchGetAggregateResourceConfig (100 identifiers a call, unprocessed ones retried, bounded).
import {
  type AggregateResourceIdentifier,
  BatchGetAggregateResourceConfigCommand,
  type ConfigServiceClient,
  DescribeConfigurationAggregatorSourcesStatusCommand,
  ListAggregateDiscoveredResourcesCommand,
  type ResourceType,
} from '@aws-sdk/client-config-service';
import type { Gap } from '../../model/resource.ts';
import { ADAPTERS, type ConfigItem, EVALUATED_TYPES } from '../../providers/aws/config-items/index.ts';
import { failure } from './calls.ts';
import { readItem } from './items.ts';
import { ALL_KINDS } from './recorders.ts';

const BATCH = 100;
const UNPROCESSED_ROUNDS = 5;

export interface AggregateCollection {
  items: { item: ConfigItem; where: { endpoint: string } }[];
  gaps: Gap[];
  /** Every account and region the aggregator aggregates (within the regions asked for). */
  sources: { account: string; region: string }[];
}

const whereOf = (account: string | undefined, region: string | undefined) =>
  `account ${account ?? '?'} region ${region ?? '?'}`;

/** The aggregator's accounts and regions, and a gap for each whose copy is not current. */
async function readSources(
  client: ConfigServiceClient,
  name: string,
  inRegion: (region: string) => boolean,
  gaps: Gap[],
  queries: Set<string>,
): Promise<AggregateCollection['sources']> {
  queries.add('config:DescribeConfigurationAggregatorSourcesStatus');
  const sources: AggregateCollection['sources'] = [];
  let token: string | undefined;
  do {
    const page = await client.send(
      new DescribeConfigurationAggregatorSourcesStatusCommand({ ConfigurationAggregatorName: name, NextToken: token }),
    );
    for (const status of page.AggregatedSourceStatusList ?? []) {
      const account = status.SourceId;
      const region = status.AwsRegion;
      if (!account || !region || !inRegion(region)) continue;
      sources.push({ account, region });
      const where = whereOf(account, region);
      if (status.LastUpdateStatus === 'SUCCEEDED') continue;
      const why =
        status.LastUpdateStatus === 'FAILED'
          ? `failed to update (${status.LastErrorCode ?? 'no error code'}: ${status.LastErrorMessage ?? 'no message'})`
          : `is ${String(status.LastUpdateStatus ?? 'in an unknown state').toLowerCase()}`;
      gaps.push({
        reason: 'unreadable',
        message: `aggregator ${name}: the copy of ${where} ${why}; its resources may be missing or stale and are not evaluated`,
        endpoint: where,
        kinds: ALL_KINDS,
      });
    }
    token = page.NextToken;
  } while (token);
  return sources;
}

async function batchGet(
  client: ConfigServiceClient,
  name: string,
  identifiers: AggregateResourceIdentifier[],
  out: AggregateCollection,
  queries: Set<string>,
): Promise<void> {
  queries.add('config:BatchGetAggregateResourceConfig');
  for (let start = 0; start < identifiers.length; start += BATCH) {
    let pending = identifiers.slice(start, start + BATCH);
    for (let round = 0; pending.length > 0 && round < UNPROCESSED_ROUNDS; round++) {
      const reply = await client.send(
        new BatchGetAggregateResourceConfigCommand({ ConfigurationAggregatorName: name, ResourceIdentifiers: pending }),
      );
      for (const raw of reply.BaseConfigurationItems ?? []) {
        const where = whereOf(raw.accountId, raw.awsRegion);
        const read = readItem(raw);
        if (read.status === 'ok') out.items.push({ item: read.item, where: { endpoint: where } });
        else if (read.status === 'error')
          out.gaps.push({ reason: 'parse-error', message: `${read.name} ${read.message}`, endpoint: where });
      }
      pending = reply.UnprocessedResourceIdentifiers ?? [];
    }
    for (const id of pending) {
      out.gaps.push({
        reason: 'unreadable',
        message: `${id.ResourceType} ${id.ResourceId} of ${whereOf(id.SourceAccountId, id.SourceRegion)} stayed unprocessed after ${UNPROCESSED_ROUNDS} calls to aggregator ${name}`,
        endpoint: whereOf(id.SourceAccountId, id.SourceRegion),
        permission: 'config:BatchGetAggregateResourceConfig',
      });
    }
  }
}

/** Every evaluated type through the aggregator, limited to `regions` when given. */
export async function collectAggregate(
  client: ConfigServiceClient,
  name: string,
  regions: string[] | undefined,
  queries: Set<string>,
  progress: (message: string, step?: { done: number; total: number }) => void,
): Promise<AggregateCollection> {
  const inRegion = (region: string) => regions === undefined || regions.includes(region);
  const out: AggregateCollection = { items: [], gaps: [], sources: [] };
  const where = `aggregator ${name}`;
  try {
    out.sources = await readSources(client, name, inRegion, out.gaps, queries);
  } catch (error) {
    // Without the aggregator nothing can be read: the collection has nothing to evaluate.
    out.gaps.push({
      ...failure(error, 'config:DescribeConfigurationAggregatorSourcesStatus', where),
      kinds: ALL_KINDS,
    });
    return out;
  }
  let done = 0;
  for (const type of EVALUATED_TYPES) {
    const identifiers: AggregateResourceIdentifier[] = [];
    try {
      queries.add('config:ListAggregateDiscoveredResources');
      let token: string | undefined;
      do {
        const page = await client.send(
          new ListAggregateDiscoveredResourcesCommand({
            ConfigurationAggregatorName: name,
            ResourceType: type as ResourceType,
            NextToken: token,
          }),
        );
        for (const id of page.ResourceIdentifiers ?? []) {
          if (id.SourceAccountId && id.SourceRegion && id.ResourceId && inRegion(id.SourceRegion))
            identifiers.push({
              SourceAccountId: id.SourceAccountId,
              SourceRegion: id.SourceRegion,
              ResourceId: id.ResourceId,
              ResourceType: type as ResourceType,
            });
        }
        token = page.NextToken;
      } while (token);
      await batchGet(client, name, identifiers, out, queries);
    } catch (error) {
      out.gaps.push({
        ...failure(error, 'config:ListAggregateDiscoveredResources', where),
        kinds: ADAPTERS[type]?.kinds,
      });
    }
    done++;
    progress(`${where}: ${type}, ${identifiers.length} resources`, { done, total: EVALUATED_TYPES.length });
  }
  return out;
}
