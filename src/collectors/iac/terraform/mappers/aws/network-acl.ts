// Network ACLs -> network.firewall: aws_network_acl and aws_default_network_acl with their inline
// ingress/egress blocks, joined with the aws_network_acl_rule resources that name them in
// `network_acl_id` and the subnets of `subnet_ids` and aws_network_acl_association. What the
// entries mean (order by rule number, first match, shadowing) is decided by the AWS normalizer
// (src/providers/aws/network-acl.ts). aws_default_network_acl removes every entry its blocks do
// not state, so without blocks it denies everything.

import { isUnknown, markUnknown, unknownReason } from '../../../../../kit/unknown.ts';
import { num } from '../../../../../kit/values.ts';
import type { Resource } from '../../../../../model/resource.ts';
import { type NaclEntry, networkAcl } from '../../../../../providers/aws/network-acl.ts';
import type { TfResourceRecord } from '../../records.ts';
import { blocks, bool, buildResource, gapAt, refOf, type Values } from '../common.ts';
import type { AwsContext } from './context.ts';
import { markHiddenBlocks, namesResource, peers } from './firewall.ts';

const ACL_TYPES = ['aws_network_acl', 'aws_default_network_acl'];

interface Located {
  entry: NaclEntry;
  /** The record that states the entry and its CIDR attributes, for gaps and unknown reasons. */
  record: TfResourceRecord;
  values: Values;
}

/** An entry from a block or rule resource; peers that are neither CIDRs nor resource references are unknown. */
function entryOf(
  values: Values,
  direction: NaclEntry['direction'],
  ruleNumber: unknown,
  action: unknown,
  line: number | undefined,
): NaclEntry {
  const stated = [values.cidr_block, values.ipv6_cidr_block].filter((v) => v !== undefined && v !== null && v !== '');
  const known = stated.filter((v) => !isUnknown(v) || namesResource(v.ref));
  return {
    direction,
    action,
    ruleNumber,
    protocol: values.protocol,
    fromPort: values.from_port,
    toPort: values.to_port,
    peers: peers(...known),
    unknownPeers: known.length < stated.length || stated.length === 0,
    line,
  };
}

function inlineEntries(acl: TfResourceRecord): Located[] {
  return (['ingress', 'egress'] as const).flatMap((direction) =>
    blocks(acl.values[direction]).map((block) => ({
      entry: entryOf(block, direction, block.rule_no, block.action, acl.attrLines?.[direction] ?? acl.line),
      record: acl,
      values: block,
    })),
  );
}

function ruleEntry(r: TfResourceRecord): Located {
  const egress = bool(r.values.egress);
  const direction = egress === true ? 'egress' : 'ingress';
  return {
    entry: entryOf(r.values, direction, r.values.rule_number, r.values.rule_action, r.line),
    record: r,
    values: r.values,
  };
}

/** A subnet or VPC as written: its id, or the reference text of an unknown. */
function idText(value: unknown): string | undefined {
  if (typeof value === 'string' && value !== '') return value;
  return refOf(value) ?? (isUnknown(value) ? '(known after apply)' : undefined);
}

function build(ctx: AwsContext, owner: TfResourceRecord, located: Located[], attachedTo: string[]): Resource {
  const { props, problems } = networkAcl(
    located.map((l) => l.entry),
    attachedTo,
  );
  const resource = buildResource(owner, ctx.sourceId, 'network.firewall', props, {
    defaulted: ['defaultIngressAction'],
  });
  for (const problem of problems) {
    const from = located.find((l) => l.entry === problem.entry);
    if (!from) continue;
    const number = num(problem.entry.ruleNumber);
    const what = `${problem.entry.direction} entry${number === undefined ? '' : ` ${number}`}`;
    ctx.gaps.push(
      gapAt(
        from.record,
        problem.unknown ? 'unresolved-reference' : 'other',
        `${what} has ${problem.message}; it was not evaluated`,
      ),
    );
    if (!problem.unknown) continue;
    const attr = [
      'rule_no',
      'rule_number',
      'action',
      'rule_action',
      'protocol',
      'from_port',
      'to_port',
      'cidr_block',
      'ipv6_cidr_block',
    ].find((a) => isUnknown(from.values[a]));
    const value = attr ? from.values[attr] : undefined;
    markUnknown(
      resource,
      problem.path,
      attr && isUnknown(value) ? unknownReason(attr, value) : `${from.record.address} ${what} has ${problem.message}`,
    );
  }
  return resource;
}

export function mapNetworkAcls(ctx: AwsContext): Resource[] {
  const acls = ctx.index.ofType(...ACL_TYPES);
  const entries = new Map<TfResourceRecord, Located[]>(acls.map((a) => [a, inlineEntries(a)]));
  const subnets = new Map<TfResourceRecord, string[]>(
    acls.map((a) => [
      a,
      [a.values.subnet_ids]
        .flat()
        .map(idText)
        .filter((s): s is string => s !== undefined),
    ]),
  );
  const out: Resource[] = [];
  for (const r of ctx.index.ofType('aws_network_acl_rule')) {
    const acl = ctx.index.link(r, r.values.network_acl_id, ACL_TYPES, 'id');
    if (acl) entries.get(acl)?.push(ruleEntry(r));
    // An entry of an ACL outside the scanned files still filters traffic (network_acl_id is
    // required, so it belongs to some ACL): judge it on its own.
    else out.push(build(ctx, r, [ruleEntry(r)], [idText(r.values.network_acl_id) ?? '(network ACL not stated)']));
  }
  for (const assoc of ctx.index.ofType('aws_network_acl_association')) {
    const acl = ctx.index.link(assoc, assoc.values.network_acl_id, ACL_TYPES, 'id');
    const subnet = idText(assoc.values.subnet_id);
    if (acl && subnet) subnets.get(acl)?.push(subnet);
  }
  for (const acl of acls) {
    const built = buildAcl(ctx, acl, entries.get(acl) ?? [], subnets.get(acl) ?? []);
    markHiddenBlocks(built, acl);
    out.push(built);
  }
  return out;
}

/**
 * Without subnets named here, the ACL filters its VPC's subnets that associate it elsewhere (the
 * default ACL: every subnet without another ACL).
 */
function buildAcl(ctx: AwsContext, acl: TfResourceRecord, located: Located[], subnets: string[]): Resource {
  const fallback = idText(acl.values.vpc_id) ?? idText(acl.values.default_network_acl_id);
  return build(ctx, acl, located, subnets.length > 0 ? [...new Set(subnets)] : fallback ? [fallback] : []);
}
