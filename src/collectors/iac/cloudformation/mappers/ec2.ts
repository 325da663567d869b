// EC2: volumes -> compute.disk; security groups (+ standalone ingress/egress) -> network.firewall;
// VPCs (+ flow logs pointing at them) -> network.vpc; flow logs -> network.flow_log.

import { isUnknown, markUnknown, type Unknown, unknownReason } from '../../../../kit/unknown.ts';
import { num, str, strList } from '../../../../kit/values.ts';
import type { FirewallRule } from '../../../../model/kinds.ts';
import type { Resource } from '../../../../model/resource.ts';
import { firewallRule, isProblem } from '../../../../providers/aws/firewall.ts';
import { arr, bool, type CfnResource, type MapContext, type Obj, obj, stated } from '../context.ts';

export function mapVolumes(ctx: MapContext): Resource[] {
  return ctx.ofType('AWS::EC2::Volume').map((volume) => {
    const p = volume.props;
    const defaulted: string[] = [];
    let enabled = bool(p.Encrypted);
    if (!stated(p, 'Encrypted')) {
      // Encrypted defaults to false (unless the account turns on EBS encryption by default).
      enabled = false;
      defaulted.push('encryption.enabled');
    }
    return ctx.build(
      volume,
      'compute.disk',
      {
        encryption: enabled === undefined ? undefined : { enabled, kmsKeyId: ctx.idText(p.KmsKeyId) },
        sizeGb: num(p.Size),
      },
      { defaulted, propLines: { 'encryption.enabled': ctx.lineOf(p, 'Encrypted'), sizeGb: ctx.lineOf(p, 'Size') } },
    );
  });
}

/** Device names an instance's root volume has on the usual AMIs (Amazon Linux, Ubuntu, Windows). */
const ROOT_DEVICES = new Set(['/dev/xvda', '/dev/sda1']);

/**
 * The EBS volumes an instance or a launch template declares in BlockDeviceMappings, and the root
 * volume it gets from its image when no mapping names a root device: `Encrypted` defaults to
 * false (unless the account turns on EBS encryption by default, which a template cannot show),
 * as the Terraform mapper says of an implicit root_block_device.
 */
export function mapInstanceDisks(ctx: MapContext): Resource[] {
  const out: Resource[] = [];
  for (const owner of ctx.ofTypes(['AWS::EC2::Instance', 'AWS::EC2::LaunchTemplate'])) {
    const p = owner.type === 'AWS::EC2::Instance' ? owner.props : (obj(owner.props.LaunchTemplateData) ?? {});
    const mappings = arr(p.BlockDeviceMappings).map(obj);
    const attachedTo = ctx.uidOf(owner.logicalId);
    mappings.forEach((mapping, i) => {
      const ebs = obj(mapping?.Ebs);
      if (!mapping || !ebs) return;
      const defaulted: string[] = [];
      let enabled = bool(ebs.Encrypted);
      // A volume restored from a snapshot is encrypted as the snapshot is: unknown here.
      if (!stated(ebs, 'Encrypted') && !stated(ebs, 'SnapshotId')) {
        enabled = false;
        defaulted.push('encryption.enabled');
      }
      const device = str(mapping.DeviceName) ?? String(i);
      const disk = ctx.build(
        owner,
        'compute.disk',
        {
          encryption: enabled === undefined ? undefined : { enabled, kmsKeyId: ctx.idText(ebs.KmsKeyId) },
          sizeGb: num(ebs.VolumeSize),
          attachedTo,
        },
        {
          part: `BlockDeviceMappings[${device}]`,
          nativeType: 'AWS::EC2::Volume',
          line: ctx.lineOf(p, 'BlockDeviceMappings'),
          defaulted,
          propLines: { 'encryption.enabled': ctx.lineOf(ebs, 'Encrypted') },
        },
      );
      if (enabled === undefined)
        markUnknown(disk, 'encryption.enabled', 'the volume is restored from a snapshot and encrypted as it is');
      out.push(disk);
    });
    if (p.BlockDeviceMappings !== undefined && !Array.isArray(p.BlockDeviceMappings)) {
      ctx.gap(
        owner,
        'parse-error',
        'BlockDeviceMappings is not a list; its volumes were not read',
        ctx.lineOf(p, 'BlockDeviceMappings'),
      );
      continue;
    }
    if (mappings.some((m) => ROOT_DEVICES.has(str(m?.DeviceName) ?? ''))) continue;
    // An instance launched from a template gets the template's root volume, reported there.
    if (owner.type === 'AWS::EC2::Instance' && p.LaunchTemplate !== undefined && mappings.length === 0) continue;
    out.push(
      ctx.build(
        owner,
        'compute.disk',
        { encryption: { enabled: false }, attachedTo },
        { part: 'root (image default)', nativeType: 'AWS::EC2::Volume', defaulted: ['encryption.enabled'] },
      ),
    );
  }
  return out;
}

type Direction = FirewallRule['direction'];

/** One security group rule entry (inline or standalone) -> FirewallRule; undefined (with a gap) when it cannot be evaluated. */
function ruleOf(
  ctx: MapContext,
  owner: CfnResource,
  entry: Obj,
  direction: Direction,
  line: number | undefined,
  unknowns: string[],
): FirewallRule | undefined {
  const peerKeys =
    direction === 'ingress'
      ? ['CidrIp', 'CidrIpv6', 'SourceSecurityGroupId', 'SourceSecurityGroupName', 'SourcePrefixListId']
      : ['CidrIp', 'CidrIpv6', 'DestinationSecurityGroupId', 'DestinationPrefixListId'];
  const peers: string[] = [];
  let unknownPeers = false;
  for (const key of peerKeys) {
    const text = ctx.idText(entry[key]);
    if (text !== undefined) peers.push(text);
    // A group or prefix list outside the template: which one is unknown, but it is not an address range.
    else if (entry[key] !== undefined && !key.startsWith('CidrIp')) peers.push(`(unresolved ${key})`);
    else if (entry[key] !== undefined) unknownPeers = true;
  }
  const rule = firewallRule({
    direction,
    protocol: entry.IpProtocol,
    fromPort: entry.FromPort,
    toPort: entry.ToPort,
    peers,
    unknownPeers,
    name: str(entry.Description),
    line,
  });
  if (!isProblem(rule)) return rule;
  if (rule.problem === 'port-range') ctx.gap(owner, 'other', `${direction} rule has ${rule.message}`, line);
  else {
    // The group's rules are incomplete: a rule deciding on them cannot pass it.
    const keys = ['IpProtocol', 'FromPort', 'ToPort', ...peerKeys].filter((key) => isUnknown(entry[key]));
    unknowns.push(
      ...(keys.length > 0
        ? keys.map((key) => unknownReason(`${direction} ${key}`, entry[key] as Unknown))
        : [`${direction} rule has an unknown protocol, ports or peer`]),
    );
    ctx.gap(
      owner,
      'unresolved-reference',
      `${direction} rule with unknown protocol, ports or peer; not evaluated`,
      line,
    );
  }
  return undefined;
}

export function mapSecurityGroups(ctx: MapContext): Resource[] {
  const out: Resource[] = [];
  const standalone = [
    ...ctx.ofType('AWS::EC2::SecurityGroupIngress').map((r) => ({ r, direction: 'ingress' as const })),
    ...ctx.ofType('AWS::EC2::SecurityGroupEgress').map((r) => ({ r, direction: 'egress' as const })),
  ];
  const claimed = new Set<CfnResource>();
  for (const group of ctx.ofType('AWS::EC2::SecurityGroup')) {
    const p = group.props;
    const rules: FirewallRule[] = [];
    const unknowns: string[] = [];
    for (const [key, direction] of [
      ['SecurityGroupIngress', 'ingress'],
      ['SecurityGroupEgress', 'egress'],
    ] as const) {
      const list = p[key];
      arr(list).forEach((item, index) => {
        const entry = obj(item);
        const rule = entry && ruleOf(ctx, group, entry, direction, ctx.itemLine(list, index), unknowns);
        if (rule) rules.push(rule);
      });
    }
    for (const { r, direction } of standalone) {
      const target = r.props.GroupId ?? r.props.GroupName;
      if (!ctx.refersTo(target, group, 'GroupName')) continue;
      claimed.add(r);
      const rule = ruleOf(ctx, r, r.props, direction, r.line, unknowns);
      if (rule) rules.push(rule);
    }
    const built = ctx.build(
      group,
      'network.firewall',
      { rules, defaultIngressAction: 'deny' },
      {
        // A security group denies whatever no rule allows.
        defaulted: ['defaultIngressAction'],
        propLines: { rules: ctx.lineOf(p, 'SecurityGroupIngress') },
      },
    );
    for (const reason of unknowns) markUnknown(built, 'rules', reason);
    out.push(built);
  }
  // Rules for a group outside this template: evaluate them on their own.
  for (const { r, direction } of standalone) {
    if (claimed.has(r)) continue;
    const unknowns: string[] = [];
    const rule = ruleOf(ctx, r, r.props, direction, r.line, unknowns);
    const built = ctx.build(r, 'network.firewall', {
      rules: rule ? [rule] : [],
      attachedTo: strList(ctx.idText(r.props.GroupId)),
    });
    for (const reason of unknowns) markUnknown(built, 'rules', reason);
    out.push(built);
  }
  return out;
}

export function mapVpcs(ctx: MapContext): Resource[] {
  const flowLogs = ctx.ofType('AWS::EC2::FlowLog');
  const out: Resource[] = ctx.ofType('AWS::EC2::VPC').map((vpc) => {
    const attached = flowLogs.filter((log) =>
      [log.props.ResourceId, ...arr(log.props.ResourceIds)].some((id) => ctx.refersTo(id, vpc)),
    );
    return ctx.build(
      vpc,
      'network.vpc',
      {
        cidrBlocks: strList(vpc.props.CidrBlock),
        flowLogsEnabled: attached.length > 0,
        flowLogs: attached.length > 0 ? attached.map((log) => ctx.uidOf(log.logicalId)) : undefined,
      },
      { propLines: { cidrBlocks: ctx.lineOf(vpc.props, 'CidrBlock') } },
    );
  });
  for (const log of flowLogs) {
    const p = log.props;
    out.push(
      ctx.build(log, 'network.flow_log', {
        enabled: true,
        trafficType: str(p.TrafficType),
        target: ctx.idText(p.LogDestination) ?? ctx.idText(p.LogGroupName),
      }),
    );
  }
  return out;
}
