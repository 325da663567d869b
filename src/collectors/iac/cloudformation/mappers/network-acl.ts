// Network ACLs -> network.firewall: AWS::EC2::NetworkAcl joined with the AWS::EC2::NetworkAclEntry
// resources that name it and the subnets of AWS::EC2::SubnetNetworkAclAssociation. What the
// entries mean (order by rule number, first match, shadowing) is decided by the AWS normalizer
// (src/providers/aws/network-acl.ts). An entry of an ACL outside the template is judged on its own.

import { isUnknown, markUnknown, unknownReason } from '../../../../kit/unknown.ts';
import { num } from '../../../../kit/values.ts';
import type { Resource } from '../../../../model/resource.ts';
import { type NaclEntry, networkAcl } from '../../../../providers/aws/network-acl.ts';
import { bool, type CfnResource, type MapContext, obj } from '../context.ts';

const ENTRY_KEYS = ['RuleNumber', 'RuleAction', 'Protocol', 'PortRange', 'CidrBlock', 'Ipv6CidrBlock'];

function entryOf(ctx: MapContext, r: CfnResource): NaclEntry {
  const p = r.props;
  const stated = [p.CidrBlock, p.Ipv6CidrBlock].filter((v) => v !== undefined);
  const peers = stated.map((v) => ctx.idText(v)).filter((v): v is string => v !== undefined);
  const range = obj(p.PortRange);
  return {
    // Egress defaults to false.
    direction: bool(p.Egress) === true ? 'egress' : 'ingress',
    action: p.RuleAction,
    ruleNumber: p.RuleNumber,
    protocol: p.Protocol,
    // Without a PortRange (every protocol, ICMP) the entry covers every port.
    fromPort: range ? range.From : p.PortRange === undefined ? -1 : undefined,
    toPort: range ? range.To : p.PortRange === undefined ? -1 : undefined,
    peers,
    unknownPeers: peers.length < stated.length || stated.length === 0,
    line: r.line,
  };
}

function build(ctx: MapContext, owner: CfnResource, entries: CfnResource[], attachedTo: string[]): Resource {
  const located = entries.map((r) => ({ r, entry: entryOf(ctx, r) }));
  const { props, problems } = networkAcl(
    located.map((l) => l.entry),
    attachedTo,
  );
  const built = ctx.build(owner, 'network.firewall', props, { defaulted: ['defaultIngressAction'] });
  for (const problem of problems) {
    const from = located.find((l) => l.entry === problem.entry);
    if (!from) continue;
    const number = num(problem.entry.ruleNumber);
    const what = `${problem.entry.direction} entry${number === undefined ? '' : ` ${number}`}`;
    ctx.gap(
      from.r,
      problem.unknown ? 'unresolved-reference' : 'other',
      `${what} has ${problem.message}; not evaluated`,
    );
    if (!problem.unknown) continue;
    const key = ENTRY_KEYS.find((k) => isUnknown(from.r.props[k]));
    const value = key ? from.r.props[key] : undefined;
    markUnknown(
      built,
      problem.path,
      key && isUnknown(value) ? unknownReason(key, value) : `${from.r.logicalId} ${what} has ${problem.message}`,
    );
  }
  return built;
}

export function mapNetworkAcls(ctx: MapContext): Resource[] {
  const entries = ctx.ofType('AWS::EC2::NetworkAclEntry');
  const associations = ctx.ofType('AWS::EC2::SubnetNetworkAclAssociation');
  const claimed = new Set<CfnResource>();
  const out: Resource[] = [];
  for (const acl of ctx.ofType('AWS::EC2::NetworkAcl')) {
    const mine = entries.filter((e) => ctx.refersTo(e.props.NetworkAclId, acl));
    for (const e of mine) claimed.add(e);
    const subnets = associations
      .filter((a) => ctx.refersTo(a.props.NetworkAclId, acl))
      .map((a) => ctx.idText(a.props.SubnetId) ?? '(unresolved SubnetId)');
    // Without an association here the ACL filters the subnets that associate it elsewhere, in its VPC.
    const vpc = ctx.idText(acl.props.VpcId) ?? '(unresolved VpcId)';
    out.push(build(ctx, acl, mine, subnets.length > 0 ? [...new Set(subnets)] : [vpc]));
  }
  for (const entry of entries) {
    if (claimed.has(entry)) continue;
    out.push(build(ctx, entry, [entry], [ctx.idText(entry.props.NetworkAclId) ?? '(unresolved NetworkAclId)']));
  }
  return out;
}
