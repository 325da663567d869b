// EC2 items: security groups and network ACLs -> network.firewall (through the shared firewall
// rules), volumes -> compute.disk, VPCs -> network.vpc, flow logs -> network.flow_log. Whether a VPC has flow logs is
// resolved across the items of a collection (resolveFlowLogs).
import { num, str } from '../../../kit/values.ts';
import type { FirewallRule } from '../../../model/kinds.ts';
import { firewallRule, isProblem } from '../firewall.ts';
import { type NaclEntry, networkAcl } from '../network-acl.ts';
import { arr, bool, type ConfigItem, type MapResult, obj, single } from './item.ts';

/** Every peer Config lists for a permission: IPv4 and IPv6 ranges, groups and prefix lists. */
function peersOf(permission: Record<string, unknown>): string[] {
  const texts = (list: unknown, key: string) =>
    arr(list).flatMap((entry) => {
      const text = typeof entry === 'string' ? entry : str(obj(entry)?.[key]);
      return text ? [text] : [];
    });
  const ranges = [...texts(permission.ipRanges, 'cidrIp'), ...texts(permission.ipv4Ranges, 'cidrIp')];
  return [
    ...new Set([
      ...ranges,
      ...texts(permission.ipv6Ranges, 'cidrIpv6'),
      ...texts(permission.userIdGroupPairs, 'groupId'),
      ...texts(permission.prefixListIds, 'prefixListId'),
    ]),
  ];
}

export function mapSecurityGroup(item: ConfigItem): MapResult {
  const c = item.configuration;
  const problems: string[] = [];
  const rules: FirewallRule[] = [];
  for (const [key, direction] of [
    ['ipPermissions', 'ingress'],
    ['ipPermissionsEgress', 'egress'],
  ] as const) {
    arr(c[key]).forEach((entry, index) => {
      const permission = obj(entry) ?? {};
      const rule = firewallRule({
        direction,
        protocol: permission.ipProtocol,
        fromPort: permission.fromPort,
        toPort: permission.toPort,
        peers: peersOf(permission),
      });
      if (isProblem(rule)) problems.push(`${direction} rule ${index + 1} has ${rule.message}; not evaluated`);
      else rules.push(rule);
    });
  }
  const vpc = str(c.vpcId);
  return {
    // A security group denies whatever no rule allows.
    resources: [
      {
        kind: 'network.firewall',
        props: { rules, defaultIngressAction: 'deny', attachedTo: vpc ? [vpc] : undefined },
        name: str(c.groupName),
      },
    ],
    problems,
  };
}

/**
 * A network ACL: numbered allow/deny entries evaluated lowest first (src/providers/aws/network-acl.ts).
 * Config lists the `*` entry (32767) among the others; where it is missing the ACL still ends in
 * AWS's implicit deny. It filters the subnets it is associated with.
 */
export function mapNetworkAcl(item: ConfigItem): MapResult {
  const c = item.configuration;
  const entries = arr(c.entries).map((raw): NaclEntry => {
    const entry = obj(raw) ?? {};
    const range = obj(entry.portRange);
    const peer = str(entry.cidrBlock) ?? str(entry.ipv6CidrBlock);
    return {
      direction: bool(entry.egress) === true ? 'egress' : 'ingress',
      action: entry.ruleAction,
      ruleNumber: entry.ruleNumber,
      protocol: entry.protocol,
      // An entry for every protocol or ICMP has no port range.
      fromPort: range ? range.from : -1,
      toPort: range ? range.to : -1,
      peers: peer ? [peer] : [],
      unknownPeers: peer === undefined,
    };
  });
  const subnets = arr(c.associations)
    .map((assoc) => str(obj(assoc)?.subnetId))
    .filter((id): id is string => id !== undefined);
  const vpc = str(c.vpcId);
  const { props, problems } = networkAcl(entries, subnets.length > 0 ? subnets : vpc ? [vpc] : []);
  const messages = problems.map(
    (p) => `${p.entry.direction} entry ${entries.indexOf(p.entry) + 1} has ${p.message}; not evaluated`,
  );
  const unknown: Record<string, string> = {};
  problems.forEach((p, i) => {
    if (p.unknown) unknown[p.path] = messages[i] as string;
  });
  return {
    resources: [
      {
        kind: 'network.firewall',
        props: { ...props },
        name: str(c.networkAclId) ?? item.resourceId,
        ...(Object.keys(unknown).length > 0 ? { unknown } : {}),
      },
    ],
    problems: messages,
  };
}

export function mapVolume(item: ConfigItem): MapResult {
  const c = item.configuration;
  const encrypted = bool(c.encrypted);
  const attachment = str(obj(arr(c.attachments)[0])?.instanceId);
  return single('compute.disk', {
    encryption: encrypted === undefined ? undefined : { enabled: encrypted, kmsKeyId: str(c.kmsKeyId) },
    sizeGb: num(c.size),
    attachedTo: attachment,
  });
}

export function mapVpc(item: ConfigItem): MapResult {
  const c = item.configuration;
  const cidrs = [str(c.cidrBlock), ...arr(c.cidrBlockAssociationSet).map((assoc) => str(obj(assoc)?.cidrBlock))].filter(
    (cidr): cidr is string => cidr !== undefined,
  );
  return single('network.vpc', { cidrBlocks: [...new Set(cidrs)] });
}

export function mapFlowLog(item: ConfigItem): MapResult {
  const c = item.configuration;
  const status = str(c.flowLogStatus);
  return single('network.flow_log', {
    enabled: status === undefined ? undefined : status === 'ACTIVE',
    trafficType: str(c.trafficType),
    target: str(c.resourceId),
  });
}

/** A resource of a collection: its Config resourceId, uid and props. */
export interface Collected {
  resourceId: string;
  uid: string;
  props: Record<string, unknown>;
}

/**
 * A VPC has flow logs when an active flow log of the same collection targets it. Only meaningful
 * when flow logs were recorded too, so the caller resolves it only then.
 */
export function resolveFlowLogs(vpcs: Collected[], flowLogs: Collected[]): void {
  for (const vpc of vpcs) {
    const ids = flowLogs
      .filter((log) => log.props.target === vpc.resourceId && log.props.enabled !== false)
      .map((log) => log.uid);
    vpc.props.flowLogsEnabled = ids.length > 0;
    if (ids.length > 0) vpc.props.flowLogs = ids;
  }
}
