// `assay collect azure` online. Per subscription (concurrently, with a bound): one Resource Graph
// query for the types we evaluate, paged with skip tokens; then what Resource Graph does not
// hold, read from Resource Manager under each parent (firewall rules, containers, keys, server
// settings) and the subscription's activity-log diagnostic settings; then Azure Policy's
// assignments and compliance states (./policy.ts). With a management group, the query runs at
// its scope and the subscriptions are those its rows name. Every call made is listed.
import { ResourceGraphClient } from '@azure/arm-resourcegraph';
import type { Gap } from '../../model/resource.ts';
import { isSystemDatabase } from '../../providers/azure/sql-database.ts';
import type { CollectContext } from '../contract.ts';
import { CollectorError } from '../contract.ts';
import { ArmReader } from './arm.ts';
import type { Connection } from './connection.ts';
import { ALL_KINDS, KINDS_OF } from './declared.ts';

export { ALL_KINDS, KINDS_OF };

import { failure } from './faults.ts';
import { type PolicyEvidence, readPolicy } from './policy.ts';
import TYPES from './resource-types.json' with { type: 'json' };
import { type GraphResource, readRow } from './rows.ts';

const SQL_DATABASE = 'microsoft.sql/servers/databases';

export interface OnlineOptions {
  subscriptions: string[];
  managementGroup?: string;
  /** Subscriptions read at the same time. */
  concurrency?: number;
  /** Rows per Resource Graph page (the service allows up to 1,000). */
  pageSize?: number;
}

export interface OnlineCollection {
  resources: GraphResource[];
  gaps: Gap[];
  subscriptions: string[];
  rows: number;
  queries: string[];
  policy: PolicyEvidence;
}

export const GRAPH_QUERY = [
  'resources',
  `| where type in~ (${TYPES.graphTypes.map((t) => `'${t}'`).join(', ')})`,
  '| project id, name, type, location, resourceGroup, subscriptionId, tags, properties',
  '| order by id asc',
].join(' ');

const GRAPH_PERMISSION = 'Microsoft.ResourceGraph/resources/read';

async function pool<T>(items: T[], limit: number, work: (item: T) => Promise<void>): Promise<void> {
  const queue = [...items];
  const runners = Array.from({ length: Math.min(limit, queue.length) }, async () => {
    for (let next = queue.shift(); next !== undefined; next = queue.shift()) await work(next);
  });
  await Promise.all(runners);
}

/** Every row of the query at one scope, page after page; a malformed row is a gap, the rest is kept. */
async function queryGraph(
  graph: ResourceGraphClient,
  scope: { subscriptions?: string[]; managementGroups?: string[] },
  endpoint: string,
  pageSize: number,
  gaps: Gap[],
  signal: AbortSignal,
): Promise<{ resources: GraphResource[]; rows: number }> {
  const resources: GraphResource[] = [];
  let skipToken: string | undefined;
  let rows = 0;
  do {
    if (signal.aborted) break;
    const page = await graph.resources(
      { ...scope, query: GRAPH_QUERY, options: { top: pageSize, skipToken, resultFormat: 'objectArray' } },
      { abortSignal: signal },
    );
    const data = Array.isArray(page.data) ? page.data : [];
    if (!Array.isArray(page.data)) {
      gaps.push({
        reason: 'parse-error',
        message: `Resource Graph at ${endpoint} answered without a data array`,
        endpoint,
      });
    }
    rows += data.length;
    for (const value of data) {
      const read = readRow(value, { endpoint });
      if (read.ok) resources.push(read.resource);
      else gaps.push({ reason: 'parse-error', message: `Resource Graph at ${endpoint}: ${read.message}`, endpoint });
    }
    skipToken = page.skipToken;
  } while (skipToken);
  return { resources, rows };
}

/** What lives under each parent and Resource Graph does not hold. */
async function readChildren(
  arm: ArmReader,
  parents: GraphResource[],
  gaps: Gap[],
  queries: Set<string>,
  signal: AbortSignal,
): Promise<GraphResource[]> {
  const found: GraphResource[] = [];
  const work = parents
    // master's encryption and backups are the service's: not read, not mapped.
    .filter(
      (parent) => !(parent.type.toLowerCase() === SQL_DATABASE && isSystemDatabase(parent.name.split('/').pop()!)),
    )
    .flatMap((parent) =>
      TYPES.children.filter((c) => c.parent === parent.type.toLowerCase()).map((child) => ({ parent, child })),
    );
  await pool(work, 8, async ({ parent, child }) => {
    if (signal.aborted) return;
    const type = `${parent.type}/${child.path
      .split('/')
      .filter((_, i) => i % 2 === 0)
      .join('/')}`;
    const permission = `${type}/read`;
    queries.add(`GET {${parent.type}}/${child.path}?api-version=${child.apiVersion}`);
    const endpoint = `${parent.id}/${child.path}`;
    try {
      const url = `${parent.id}/${child.path}?api-version=${child.apiVersion}`;
      const items = child.list ? await arm.list(url) : [await arm.get(url)];
      for (const item of items) {
        const read = readRow(item, { endpoint });
        if (read.ok) found.push(read.resource);
        else gaps.push({ reason: 'parse-error', message: `GET ${endpoint}: ${read.message}`, endpoint });
      }
    } catch (error) {
      // A setting the server does not have (404) states nothing: the documented default applies.
      if ((error as { statusCode?: number }).statusCode === 404 && !child.list) return;
      gaps.push(failure(error, permission, endpoint, KINDS_OF[parent.type.toLowerCase()]));
    }
  });
  return found;
}

export async function collectOnline(
  connection: Connection,
  options: OnlineOptions,
  context: CollectContext,
): Promise<OnlineCollection> {
  const queries = new Set<string>();
  const gaps: Gap[] = [];
  const arm = new ArmReader(connection);
  const graph = new ResourceGraphClient(connection.credential, {
    endpoint: connection.endpoint,
    ...connection.clientOptions,
  });
  const pageSize = options.pageSize ?? 1000;
  const resources: GraphResource[] = [];
  let rows = 0;
  let subscriptions = options.subscriptions;

  if (options.managementGroup !== undefined) {
    const endpoint = `management group ${options.managementGroup}`;
    queries.add(
      `POST /providers/Microsoft.ResourceGraph/resources (managementGroups: ${options.managementGroup}): ${GRAPH_QUERY}`,
    );
    try {
      const read = await queryGraph(
        graph,
        { managementGroups: [options.managementGroup] },
        endpoint,
        pageSize,
        gaps,
        context.signal,
      );
      resources.push(...read.resources);
      rows += read.rows;
    } catch (error) {
      const gap = failure(error, GRAPH_PERMISSION, endpoint, ALL_KINDS);
      throw new CollectorError(gap.reason, gap.message);
    }
    subscriptions = [...new Set([...subscriptions, ...resources.flatMap((r) => r.subscriptionId ?? [])])].sort();
  } else if (subscriptions.length === 0) {
    queries.add(`GET /subscriptions?api-version=${TYPES.subscriptions.apiVersion}`);
    try {
      const listed = await arm.list(`/subscriptions?api-version=${TYPES.subscriptions.apiVersion}`);
      subscriptions = listed.flatMap((s) => {
        const id = (s as { subscriptionId?: unknown }).subscriptionId;
        return typeof id === 'string' ? [id] : [];
      });
    } catch (error) {
      const gap = failure(error, 'Microsoft.Resources/subscriptions/read', '/subscriptions');
      throw new CollectorError(gap.reason, gap.message);
    }
    if (subscriptions.length === 0) {
      throw new CollectorError(
        'permission-denied',
        'the credential sees no subscription: give --subscription or grant Reader on one',
      );
    }
  }

  const policy: PolicyEvidence = { assignments: [], states: [] };
  let done = 0;
  await pool(subscriptions, options.concurrency ?? 4, async (subscription) => {
    if (context.signal.aborted) return;
    const where = `subscription ${subscription}`;
    const mine: GraphResource[] = [];
    if (options.managementGroup === undefined) {
      queries.add(`POST /providers/Microsoft.ResourceGraph/resources (subscriptions): ${GRAPH_QUERY}`);
      try {
        const read = await queryGraph(graph, { subscriptions: [subscription] }, where, pageSize, gaps, context.signal);
        mine.push(...read.resources);
        rows += read.rows;
      } catch (error) {
        gaps.push(failure(error, GRAPH_PERMISSION, where, ALL_KINDS));
        done++;
        context.progress(`${where}: not read (${done}/${subscriptions.length})`);
        return;
      }
    } else {
      mine.push(...resources.filter((r) => r.subscriptionId === subscription));
    }
    const children = await readChildren(arm, mine, gaps, queries, context.signal);
    const settings = await readActivityLog(arm, subscription, gaps, queries);
    if (options.managementGroup === undefined) resources.push(...mine);
    resources.push(...children, ...settings);
    const read = await readPolicy(connection, subscription, gaps, queries);
    policy.assignments.push(...read.assignments);
    policy.states.push(...read.states);
    done++;
    context.progress(
      `${where}: ${mine.length} resources, ${children.length} child items (${done}/${subscriptions.length})`,
    );
  });
  return { resources, gaps, subscriptions, rows, queries: [...queries].sort(), policy };
}

/** The subscription's diagnostic settings: where its activity log is kept. */
async function readActivityLog(
  arm: ArmReader,
  subscription: string,
  gaps: Gap[],
  queries: Set<string>,
): Promise<GraphResource[]> {
  const path = `/subscriptions/${subscription}/providers/Microsoft.Insights/diagnosticSettings`;
  queries.add(
    `GET /subscriptions/{id}/providers/Microsoft.Insights/diagnosticSettings?api-version=${TYPES.activityLogSettings.apiVersion}`,
  );
  try {
    const items = await arm.list(`${path}?api-version=${TYPES.activityLogSettings.apiVersion}`);
    return items.flatMap((item) => {
      const read = readRow(item, { endpoint: path });
      if (read.ok) return [read.resource];
      gaps.push({ reason: 'parse-error', message: `GET ${path}: ${read.message}`, endpoint: path });
      return [];
    });
  } catch (error) {
    gaps.push(failure(error, 'Microsoft.Insights/diagnosticSettings/read', path, ['logging.trail']));
    return [];
  }
}
