// azurerm_network_watcher_flow_log -> network.flow_log, azurerm_virtual_network -> network.vpc.
//
// Flow log retention (retention_policy is required by the provider):
// - enabled = true, days = N -> retentionDays N; days = 0 keeps records forever -> 0;
// - enabled = false -> Azure deletes nothing, records are kept forever -> 0 as well.
// A virtual network's flow logs are those targeting it (v4 target_resource_id) or targeting an NSG
// associated with one of its subnets. flowLogsEnabled is resolved within the scanned files: false
// when they hold no flow log at all, absent when flow logs exist but none can be tied to it.

import { compact, num } from '../../../../../kit/values.ts';
import type { NetworkFlowLogProps, NetworkVpcProps } from '../../../../../model/kinds.ts';
import type { Resource } from '../../../../../model/resource.ts';
import type { TfResourceRecord } from '../../records.ts';
import { blocks, bool, buildResource, firstBlock, resourceUid } from '../common.ts';
import { isAbsent, linkedRecord, pointerText, type Scan } from './scan.ts';

const FLOW_LOG = 'azurerm_network_watcher_flow_log';
const TARGET_TYPES = [
  'azurerm_network_security_group',
  'azurerm_virtual_network',
  'azurerm_subnet',
  'azurerm_network_interface',
];

function targetValue(record: TfResourceRecord): unknown {
  const values = record.values;
  return isAbsent(values.target_resource_id) ? values.network_security_group_id : values.target_resource_id;
}

function flowLogTarget(record: TfResourceRecord, scan: Scan): TfResourceRecord | undefined {
  return linkedRecord(targetValue(record), record, scan.ofType(...TARGET_TYPES), 'id');
}

function retentionDaysOf(values: Record<string, unknown>): number | undefined {
  const policy = firstBlock(values.retention_policy);
  if (!policy) return undefined;
  const enabled = bool(policy.enabled);
  if (enabled === false) return 0;
  if (enabled === true) return num(policy.days);
  return undefined;
}

export function mapFlowLog(record: TfResourceRecord, scan: Scan): Resource<'network.flow_log'> {
  const target = targetValue(record);
  const props: NetworkFlowLogProps = compact({
    enabled: bool(record.values.enabled),
    retentionDays: retentionDaysOf(record.values),
    target: pointerText(target, flowLogTarget(record, scan)),
  });
  return buildResource(record, scan.sourceId, 'network.flow_log', props, {
    propAttrs: { enabled: 'enabled', retentionDays: 'retention_policy' },
  });
}

/** NSGs attached to the network's subnets: inline subnet blocks or azurerm_subnet + association. */
function associatedGroups(vnet: TfResourceRecord, scan: Scan): Set<TfResourceRecord> {
  const groups = scan.ofType('azurerm_network_security_group');
  const found = new Set<TfResourceRecord>();
  for (const subnet of blocks(vnet.values.subnet)) {
    const group = linkedRecord(subnet.security_group, vnet, groups, 'id');
    if (group) found.add(group);
  }
  const subnets = scan
    .ofType('azurerm_subnet')
    .filter((subnet) => linkedRecord(subnet.values.virtual_network_name, subnet, [vnet], 'name') === vnet);
  for (const association of scan.ofType('azurerm_subnet_network_security_group_association')) {
    if (!linkedRecord(association.values.subnet_id, association, subnets, 'id')) continue;
    const group = linkedRecord(association.values.network_security_group_id, association, groups, 'id');
    if (group) found.add(group);
  }
  return found;
}

function flowLogsOf(vnet: TfResourceRecord, scan: Scan): Pick<NetworkVpcProps, 'flowLogsEnabled' | 'flowLogs'> {
  const flowLogs = scan.ofType(FLOW_LOG);
  if (flowLogs.length === 0) return { flowLogsEnabled: false };
  const groups = associatedGroups(vnet, scan);
  const linked = flowLogs.filter((log) => {
    const target = flowLogTarget(log, scan);
    return target !== undefined && (target === vnet || groups.has(target));
  });
  if (linked.length === 0) return {};
  const states = linked.map((log) => bool(log.values.enabled));
  const enabled = states.includes(true) ? true : states.every((state) => state === false) ? false : undefined;
  return compact({ flowLogsEnabled: enabled, flowLogs: linked.map(resourceUid) });
}

export function mapVirtualNetwork(record: TfResourceRecord, scan: Scan): Resource<'network.vpc'> {
  const space = record.values.address_space;
  const cidrBlocks =
    Array.isArray(space) && space.every((item) => typeof item === 'string') ? (space as string[]) : undefined;
  const props: NetworkVpcProps = compact({ cidrBlocks, ...flowLogsOf(record, scan) });
  return buildResource(record, scan.sourceId, 'network.vpc', props, { propAttrs: { cidrBlocks: 'address_space' } });
}
