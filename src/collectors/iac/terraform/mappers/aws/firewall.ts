// Security groups -> network.firewall: inline ingress/egress blocks joined with the standalone
// rule resources that name the group in `security_group_id`. A standalone rule whose group is not
// in the scanned files still describes real traffic, so it becomes a network.firewall of its own.

import { isUnknown } from '../../../../../kit/unknown.ts';
import { num, str } from '../../../../../kit/values.ts';
import type { FirewallRule } from '../../../../../model/kinds.ts';
import type { Gap, Resource } from '../../../../../model/resource.ts';
import type { TfResourceRecord } from '../../records.ts';
import { blocks, buildResource, gapAt, type Values } from '../common.ts';
import type { AwsContext } from './context.ts';

const GROUP_TYPES = ['aws_security_group', 'aws_default_security_group'];
const RULE_TYPES = [
  'aws_security_group_rule',
  'aws_vpc_security_group_ingress_rule',
  'aws_vpc_security_group_egress_rule',
];
const PROTOCOL_NUMBERS: Record<string, string> = { '-1': 'all', '6': 'tcp', '17': 'udp', '1': 'icmp', '58': 'icmpv6' };
const ALL_PORTS = [{ from: 0, to: 65535 }];

function protocolName(value: unknown): string | undefined {
  const raw = typeof value === 'number' ? String(value) : str(value);
  if (raw === undefined) return undefined;
  const lower = raw.toLowerCase();
  return PROTOCOL_NUMBERS[lower] ?? lower;
}

/** Port ranges: every port for protocol "all" (AWS ignores from/to then); none known for ICMP or unknown values. */
function portsOf(protocol: string, from: unknown, to: unknown): FirewallRule['ports'] {
  if (protocol === 'all') return ALL_PORTS;
  if (protocol !== 'tcp' && protocol !== 'udp') return [];
  const lo = num(from);
  const hi = num(to);
  if (lo === undefined || hi === undefined) return [];
  if (lo === -1 && hi === -1) return ALL_PORTS;
  return [{ from: lo, to: hi }];
}

/** Peers as written; an unknown value keeps its reference text so it is never read as "anywhere". */
function peers(...values: unknown[]): string[] {
  const out: string[] = [];
  for (const value of values) {
    if (value === undefined || value === null) continue;
    if (isUnknown(value)) out.push(value.ref ?? '(known after apply)');
    else if (typeof value === 'string') out.push(value);
    else if (Array.isArray(value)) out.push(...peers(...value));
  }
  return out;
}

function ruleFrom(
  direction: FirewallRule['direction'],
  protocolValue: unknown,
  from: unknown,
  to: unknown,
  peerList: string[],
  line: number | undefined,
  name?: string,
): FirewallRule | undefined {
  const protocol = protocolName(protocolValue);
  if (protocol === undefined) return undefined;
  const rule: FirewallRule = { direction, action: 'allow', protocol, ports: portsOf(protocol, from, to), sources: [] };
  // For egress rules the peers are destinations; sources stay empty.
  if (direction === 'ingress') rule.sources = peerList;
  else rule.destinations = peerList;
  if (name) rule.name = name;
  if (line !== undefined) rule.line = line;
  return rule;
}

function inlineRules(ctx: AwsContext, group: TfResourceRecord): FirewallRule[] {
  const out: FirewallRule[] = [];
  for (const direction of ['ingress', 'egress'] as const) {
    for (const block of blocks(group.values[direction])) {
      const list = peers(
        block.cidr_blocks,
        block.ipv6_cidr_blocks,
        block.security_groups,
        block.prefix_list_ids,
        block.self === true ? 'self' : undefined,
      );
      const rule = ruleFrom(
        direction,
        block.protocol,
        block.from_port,
        block.to_port,
        list,
        group.attrLines?.[direction] ?? group.line,
        str(block.description),
      );
      if (rule) out.push(rule);
      else ctx.gaps.push(unknownProtocolGap(group, direction));
    }
  }
  return out;
}

function standaloneRule(r: TfResourceRecord): FirewallRule | undefined {
  const v: Values = r.values;
  if (r.type === 'aws_security_group_rule') {
    const type = str(v.type);
    if (type !== 'ingress' && type !== 'egress') return undefined;
    const list = peers(
      v.cidr_blocks,
      v.ipv6_cidr_blocks,
      v.source_security_group_id,
      v.prefix_list_ids,
      v.self === true ? 'self' : undefined,
    );
    return ruleFrom(type, v.protocol, v.from_port, v.to_port, list, r.line, r.name);
  }
  const direction = r.type === 'aws_vpc_security_group_ingress_rule' ? 'ingress' : 'egress';
  const list = peers(v.cidr_ipv4, v.cidr_ipv6, v.referenced_security_group_id, v.prefix_list_id);
  return ruleFrom(direction, v.ip_protocol, v.from_port, v.to_port, list, r.line, r.name);
}

function unknownProtocolGap(r: TfResourceRecord, what: string): Gap {
  return gapAt(r, 'unresolved-reference', `${what} has an unknown protocol or direction; it was not evaluated`);
}

export function mapFirewalls(ctx: AwsContext): Resource[] {
  const groups = ctx.index.ofType(...GROUP_TYPES);
  const rulesByGroup = new Map<TfResourceRecord, FirewallRule[]>(groups.map((g) => [g, inlineRules(ctx, g)]));
  const out: Resource[] = [];
  for (const r of ctx.index.ofType(...RULE_TYPES)) {
    const rule = standaloneRule(r);
    const group = ctx.index.link(r, r.values.security_group_id, GROUP_TYPES, 'id');
    if (!rule) {
      ctx.gaps.push(unknownProtocolGap(r, 'rule'));
      continue;
    }
    if (group) rulesByGroup.get(group)?.push(rule);
    else {
      out.push(buildResource(r, ctx.sourceId, 'network.firewall', { rules: [rule], defaultIngressAction: 'deny' }));
    }
  }
  for (const group of groups) {
    // Security groups deny whatever no rule allows.
    out.push(
      buildResource(group, ctx.sourceId, 'network.firewall', {
        rules: rulesByGroup.get(group) ?? [],
        defaultIngressAction: 'deny',
      }),
    );
  }
  return out;
}
