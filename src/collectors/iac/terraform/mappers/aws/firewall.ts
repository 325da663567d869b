// Security groups -> network.firewall: inline ingress/egress blocks joined with the standalone
// rule resources that name the group in `security_group_id`. A standalone rule whose group is not
// in the scanned files still describes real traffic, so it becomes a network.firewall of its own.
// What each rule means is decided by the AWS firewall normalizer (src/providers/aws/firewall.ts).

import { isUnknown, markUnknown, unknownReason } from '../../../../../kit/unknown.ts';
import { str } from '../../../../../kit/values.ts';
import type { FirewallRule } from '../../../../../model/kinds.ts';
import type { Resource } from '../../../../../model/resource.ts';
import { type AwsFirewallEntry, firewallRule, isProblem } from '../../../../../providers/aws/firewall.ts';
import type { TfResourceRecord } from '../../records.ts';
import { blocks, buildResource, gapAt, type Values } from '../common.ts';
import type { AwsContext } from './context.ts';

const GROUP_TYPES = ['aws_security_group', 'aws_default_security_group'];
const RULE_TYPES = [
  'aws_security_group_rule',
  'aws_vpc_security_group_ingress_rule',
  'aws_vpc_security_group_egress_rule',
];
/** Peers as written; an unknown value keeps its reference text so it is never read as "anywhere". */
export function peers(...values: unknown[]): string[] {
  const out: string[] = [];
  const add = (value: unknown) => {
    if (value === undefined || value === null) return;
    if (isUnknown(value)) out.push(value.ref ?? '(known after apply)');
    else if (typeof value === 'string') out.push(value);
    else if (Array.isArray(value)) for (const item of value) add(item);
  };
  for (const value of values) add(value);
  return out;
}

/** Peers that are address ranges; the others name a group or prefix list, known or not. */
const CIDR_ATTRS = ['cidr_blocks', 'ipv6_cidr_blocks', 'cidr_ipv4', 'cidr_ipv6'];

/**
 * Peers whose value is unknown and that do not name another resource (a variable without value,
 * a data source): the address range they stand for is not known, so the rules cannot be judged.
 */
function markUnknownPeers(resource: Resource, records: TfResourceRecord[]): void {
  const entries = records.flatMap((r) => [r.values, ...blocks(r.values.ingress), ...blocks(r.values.egress)]);
  for (const entry of entries) {
    for (const attr of CIDR_ATTRS) {
      const values = Array.isArray(entry[attr]) ? (entry[attr] as unknown[]) : [entry[attr]];
      for (const value of values) {
        if (!isUnknown(value) || namesResource(value.ref)) continue;
        markUnknown(resource, 'rules[].sources', unknownReason(attr, value));
      }
    }
  }
}

/** `aws_security_group.x.id` names a group; `var.x`, `local.x`, `data.x` stand for any address. */
export function namesResource(ref: string | undefined): boolean {
  return ref !== undefined && /^(module\.[^.]+\.)*aws_[a-z0-9_]+\./.test(ref);
}

/**
 * A dynamic ingress block over a collection known only at deployment expands to an unknown element
 * among the blocks: which rules exist is not known, so the rules cannot pass (security groups and
 * NACLs). Egress is left alone (the rules judge ingress), and so is a plan's wholly unknown block
 * list: the provider computes `ingress` when the configuration writes none (rules come as separate resources).
 */
export function markHiddenBlocks(resource: Resource, record: TfResourceRecord): void {
  const value = record.values.ingress;
  const hidden = Array.isArray(value) ? value.filter(isUnknown) : [];
  for (const item of hidden) markUnknown(resource, 'rules', unknownReason('ingress blocks', item));
}

function inlineRules(ctx: AwsContext, group: TfResourceRecord): FirewallRule[] {
  const out: FirewallRule[] = [];
  for (const direction of ['ingress', 'egress'] as const) {
    for (const block of blocks(group.values[direction])) {
      const rule = ruleOf(ctx, group, direction, {
        direction,
        protocol: block.protocol,
        fromPort: block.from_port,
        toPort: block.to_port,
        peers: peers(
          block.cidr_blocks,
          block.ipv6_cidr_blocks,
          block.security_groups,
          block.prefix_list_ids,
          block.self === true ? 'self' : undefined,
        ),
        name: str(block.description),
        line: group.attrLines?.[direction] ?? group.line,
      });
      if (rule) out.push(rule);
    }
  }
  return out;
}

/** The entry of a standalone rule resource; undefined when its direction is not known. */
function standaloneEntry(r: TfResourceRecord): AwsFirewallEntry | undefined {
  const v: Values = r.values;
  const entry = (direction: AwsFirewallEntry['direction'], protocol: unknown, list: string[]): AwsFirewallEntry => ({
    direction,
    protocol,
    fromPort: v.from_port,
    toPort: v.to_port,
    peers: list,
    name: r.name,
    line: r.line,
  });
  if (r.type === 'aws_security_group_rule') {
    const type = str(v.type);
    if (type !== 'ingress' && type !== 'egress') return undefined;
    const self = v.self === true ? 'self' : undefined;
    return entry(
      type,
      v.protocol,
      peers(v.cidr_blocks, v.ipv6_cidr_blocks, v.source_security_group_id, v.prefix_list_ids, self),
    );
  }
  const direction = r.type === 'aws_vpc_security_group_ingress_rule' ? 'ingress' : 'egress';
  return entry(
    direction,
    v.ip_protocol,
    peers(v.cidr_ipv4, v.cidr_ipv6, v.referenced_security_group_id, v.prefix_list_id),
  );
}

/** The rule, or undefined with a gap saying why it was not evaluated (`what`: "ingress", "egress", "rule"). */
function ruleOf(
  ctx: AwsContext,
  r: TfResourceRecord,
  what: string,
  entry: AwsFirewallEntry | undefined,
): FirewallRule | undefined {
  const rule = entry ? firewallRule(entry) : undefined;
  if (rule && !isProblem(rule)) return rule;
  const message = !rule || rule.problem === 'protocol' ? 'an unknown protocol or direction' : rule.message;
  const reason = rule?.problem === 'port-range' ? 'other' : 'unresolved-reference';
  ctx.gaps.push(gapAt(r, reason, `${what} has ${message}; it was not evaluated`));
  return undefined;
}

export function mapFirewalls(ctx: AwsContext): Resource[] {
  const groups = ctx.index.ofType(...GROUP_TYPES);
  const rulesByGroup = new Map<TfResourceRecord, FirewallRule[]>(groups.map((g) => [g, inlineRules(ctx, g)]));
  const recordsByGroup = new Map<TfResourceRecord, TfResourceRecord[]>(groups.map((g) => [g, [g]]));
  const out: Resource[] = [];
  for (const r of ctx.index.ofType(...RULE_TYPES)) {
    const rule = ruleOf(ctx, r, 'rule', standaloneEntry(r));
    const group = ctx.index.link(r, r.values.security_group_id, GROUP_TYPES, 'id');
    if (group) recordsByGroup.get(group)?.push(r);
    if (!rule) continue;
    if (group) rulesByGroup.get(group)?.push(rule);
    else {
      const resource = buildResource(r, ctx.sourceId, 'network.firewall', {
        rules: [rule],
        defaultIngressAction: 'deny',
      });
      markUnknownPeers(resource, [r]);
      out.push(resource);
    }
  }
  for (const group of groups) {
    // Security groups deny whatever no rule allows.
    const resource = buildResource(group, ctx.sourceId, 'network.firewall', {
      rules: rulesByGroup.get(group) ?? [],
      defaultIngressAction: 'deny',
    });
    markUnknownPeers(resource, recordsByGroup.get(group) ?? []);
    markHiddenBlocks(resource, group);
    out.push(resource);
  }
  return out;
}
