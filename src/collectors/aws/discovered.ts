// One account and region read through Config: the recorders first (./recorders.ts), then per
// recorded type ListDiscoveredResources and BatchGetResourceConfig (100 keys a call, unprocessed
// keys retried a bounded number of times, each left over a gap naming it).
import {
  BatchGetResourceConfigCommand,
  type ConfigServiceClient,
  ListDiscoveredResourcesCommand,
  type ResourceKey,
  type ResourceType,
} from '@aws-sdk/client-config-service';
import type { Gap } from '../../model/resource.ts';
import { ADAPTERS, type ConfigItem } from '../../providers/aws/config-items/index.ts';
import { failure } from './calls.ts';
import { readItem } from './items.ts';
import { ALL_KINDS, type RecorderState, readRecorder } from './recorders.ts';

const BATCH = 100;
const UNPROCESSED_ROUNDS = 5;

export interface RegionResult {
  items: ConfigItem[];
  gaps: Gap[];
  recorder: string;
  flowLogsRecorded: boolean;
}

export async function readRegion(
  client: ConfigServiceClient,
  where: string,
  queries: Set<string>,
  progress: (m: string) => void,
): Promise<RegionResult> {
  const gaps: Gap[] = [];
  let recorder: RecorderState;
  try {
    recorder = await readRecorder(client, where, gaps, queries);
  } catch (error) {
    gaps.push({
      ...failure(error, 'config:DescribeConfigurationRecorders', where),
      kinds: ALL_KINDS,
    });
    return { items: [], gaps, recorder: `${where}: unknown`, flowLogsRecorded: false };
  }
  const items: ConfigItem[] = [];
  for (const type of recorder.recorded) {
    const keys: ResourceKey[] = [];
    try {
      queries.add('config:ListDiscoveredResources');
      let token: string | undefined;
      do {
        const page = await client.send(
          new ListDiscoveredResourcesCommand({ resourceType: type as ResourceType, nextToken: token }),
        );
        for (const r of page.resourceIdentifiers ?? [])
          if (r.resourceId) keys.push({ resourceType: type as ResourceType, resourceId: r.resourceId });
        token = page.nextToken;
      } while (token);
    } catch (error) {
      gaps.push({ ...failure(error, 'config:ListDiscoveredResources', where), kinds: ADAPTERS[type]?.kinds });
      continue;
    }
    try {
      items.push(...(await batchGet(client, keys, where, gaps, queries)));
    } catch (error) {
      gaps.push({ ...failure(error, 'config:BatchGetResourceConfig', where), kinds: ADAPTERS[type]?.kinds });
    }
  }
  progress(`${where}: ${items.length} configuration items`);
  return {
    items,
    gaps,
    recorder: `${where}: ${recorder.state}`,
    flowLogsRecorded: recorder.recorded.has('AWS::EC2::FlowLog'),
  };
}

async function batchGet(
  client: ConfigServiceClient,
  keys: ResourceKey[],
  where: string,
  gaps: Gap[],
  queries: Set<string>,
): Promise<ConfigItem[]> {
  queries.add('config:BatchGetResourceConfig');
  const items: ConfigItem[] = [];
  for (let start = 0; start < keys.length; start += BATCH) {
    let pending = keys.slice(start, start + BATCH);
    for (let round = 0; pending.length > 0 && round < UNPROCESSED_ROUNDS; round++) {
      const out = await client.send(new BatchGetResourceConfigCommand({ resourceKeys: pending }));
      for (const raw of out.baseConfigurationItems ?? []) {
        const read = readItem(raw);
        if (read.status === 'ok') items.push(read.item);
        else if (read.status === 'error')
          gaps.push({ reason: 'parse-error', message: `${read.name} ${read.message}`, endpoint: where });
      }
      pending = out.unprocessedResourceKeys ?? [];
    }
    for (const key of pending) {
      gaps.push({
        reason: 'unreadable',
        message: `${key.resourceType} ${key.resourceId} in ${where} stayed unprocessed after ${UNPROCESSED_ROUNDS} calls`,
        endpoint: where,
        permission: 'config:BatchGetResourceConfig',
      });
    }
  }
  return items;
}
