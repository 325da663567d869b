// azurerm_network_security_group (inline security_rule blocks) joined with the separate
// azurerm_network_security_rule resources that name it -> network.firewall, one FirewallRule per rule.
// A separate rule whose group is not among the scanned records becomes a network.firewall of its
// own, so a file holding only rules is still evaluated.
//
// Every NSG ends with Azure's default rules (AllowVnetInBound, AllowAzureLoadBalancerInBound,
// DenyAllInBound): traffic from the internet that no rule allows is denied, so
// defaultIngressAction = "deny", listed in `defaulted`.

import { isUnknown } from '../../../../../kit/unknown.ts';
import { num, str } from '../../../../../kit/values.ts';
import type { FirewallRule, NetworkFirewallProps } from '../../../../../model/kinds.ts';
import type { Resource } from '../../../../../model/resource.ts';
import type { TfResourceRecord } from '../../records.ts';
import { blocks, buildResource, gapAt, type Values } from '../common.ts';
import { isAbsent, linkedRecord, pointerText, type Scan } from './scan.ts';

const DIRECTIONS: Record<string, FirewallRule['direction']> = { inbound: 'ingress', outbound: 'egress' };
const ACTIONS: Record<string, FirewallRule['action']> = { allow: 'allow', deny: 'deny' };
const ALL_PORTS = { from: 0, to: 65535 };

/**
 * "22", "20-25", "*" and lists of them. Comma-separated text ("22, 3389") is not valid for
 * Azure but appears in real files; it is read as the list it means.
 */
export function parsePorts(items: string[]): { from: number; to: number }[] | string {
  const ports: { from: number; to: number }[] = [];
  for (const item of items.flatMap((text) => text.split(','))) {
    const text = item.trim();
    if (text === '*') return [ALL_PORTS];
    const match = /^(\d{1,5})(?:\s*-\s*(\d{1,5}))?$/.exec(text);
    const from = Number(match?.[1]);
    const to = match?.[2] === undefined ? from : Number(match[2]);
    if (!match || from > to || to > 65535) return `port "${text}" is not a port, a range or "*"`;
    ports.push({ from, to });
  }
  return ports;
}

function protocolOf(value: string): string {
  const text = value.toLowerCase();
  return text === '*' || text === 'any' ? 'all' : text;
}

/** One value and its list form (source_address_prefix + source_address_prefixes); '' and [] mean unset (plans). */
function listOf(values: Values, single: string, plural: string): { items: string[]; unknown: boolean } {
  const items: string[] = [];
  let unknown = false;
  for (const value of [values[single], ...(Array.isArray(values[plural]) ? values[plural] : [values[plural]])]) {
    if (isAbsent(value) || value === '') continue;
    if (typeof value === 'string') items.push(value);
    else unknown = true;
  }
  return { items, unknown };
}

export interface RuleProblem {
  reason: 'parse-error' | 'unresolved-reference';
  message: string;
}

function problem(rule: Values, attr: string): RuleProblem {
  const value = rule[attr];
  return isUnknown(value) || isAbsent(value)
    ? { reason: 'unresolved-reference', message: `${attr} is not known before apply` }
    : { reason: 'parse-error', message: `${attr} "${String(value)}" is not recognised` };
}

/** A rule as FirewallRule, or why it cannot be read (unknown before apply, malformed). */
export function firewallRuleOf(
  rule: Values,
  line: number | undefined,
  scan: Scan,
  from: TfResourceRecord,
): FirewallRule | RuleProblem {
  const direction = DIRECTIONS[str(rule.direction)?.toLowerCase() ?? ''];
  if (!direction) return problem(rule, 'direction');
  const action = ACTIONS[str(rule.access)?.toLowerCase() ?? ''];
  if (!action) return problem(rule, 'access');
  const protocol = str(rule.protocol);
  if (protocol === undefined) return problem(rule, 'protocol');
  const portText = listOf(rule, 'destination_port_range', 'destination_port_ranges');
  const sourceText = listOf(rule, 'source_address_prefix', 'source_address_prefixes');
  const destinationText = listOf(rule, 'destination_address_prefix', 'destination_address_prefixes');
  if (portText.unknown || sourceText.unknown || destinationText.unknown) {
    return { reason: 'unresolved-reference', message: 'ports or addresses are not known before apply' };
  }
  const ports = parsePorts(portText.items);
  if (typeof ports === 'string') return { reason: 'parse-error', message: ports };
  // Application security groups stand in for addresses when no prefix is written.
  const groups = scan.ofType('azurerm_application_security_group');
  const asgs = (value: unknown): string[] =>
    (Array.isArray(value) ? value : []).flatMap((id) => pointerText(id, linkedRecord(id, from, groups, 'id')) ?? []);
  const sources = sourceText.items.length > 0 ? sourceText.items : asgs(rule.source_application_security_group_ids);
  const destinations =
    destinationText.items.length > 0 ? destinationText.items : asgs(rule.destination_application_security_group_ids);
  const out: FirewallRule = { direction, action, protocol: protocolOf(protocol), ports, sources };
  const name = str(rule.name);
  if (name !== undefined) out.name = name;
  if (destinations.length > 0) out.destinations = destinations;
  const priority = num(rule.priority);
  if (priority !== undefined) out.priority = priority;
  if (line !== undefined) out.line = line;
  return out;
}

function groupOfRule(rule: TfResourceRecord, scan: Scan): TfResourceRecord | undefined {
  return linkedRecord(
    rule.values.network_security_group_name,
    rule,
    scan.ofType('azurerm_network_security_group'),
    'name',
  );
}

function collectRule(
  rule: Values,
  line: number | undefined,
  owner: TfResourceRecord,
  gapRecord: TfResourceRecord,
  scan: Scan,
  into: FirewallRule[],
): void {
  const parsed = firewallRuleOf(rule, line, scan, owner);
  if ('direction' in parsed) {
    into.push(parsed);
    return;
  }
  const name = str(rule.name) ?? '(unnamed)';
  const gap = gapAt(gapRecord, parsed.reason, `security rule ${name}: ${parsed.message}; rule not evaluated`);
  scan.gaps.push(line === undefined ? gap : { ...gap, line });
}

function firewallResource(record: TfResourceRecord, scan: Scan, rules: FirewallRule[]): Resource<'network.firewall'> {
  const props: NetworkFirewallProps = { rules, defaultIngressAction: 'deny' };
  return buildResource(record, scan.sourceId, 'network.firewall', props, { defaulted: ['defaultIngressAction'] });
}

export function mapSecurityGroup(record: TfResourceRecord, scan: Scan): Resource<'network.firewall'> {
  const rules: FirewallRule[] = [];
  const inlineLine = record.attrLines?.security_rule;
  if (isUnknown(record.values.security_rule)) {
    scan.gaps.push(
      gapAt(record, 'unresolved-reference', 'security_rule is not known before apply; inline rules not evaluated'),
    );
  }
  for (const rule of blocks(record.values.security_rule)) collectRule(rule, inlineLine, record, record, scan, rules);
  for (const separate of scan.ofType('azurerm_network_security_rule')) {
    if (groupOfRule(separate, scan) !== record) continue;
    // A line only means something in the group's own file.
    const line = separate.file === record.file ? separate.line : undefined;
    collectRule(separate.values, line, record, separate, scan, rules);
  }
  return firewallResource(record, scan, rules);
}

/** A separate rule whose group is not in the scan: evaluated on its own. */
export function mapOrphanSecurityRule(record: TfResourceRecord, scan: Scan): Resource<'network.firewall'> | undefined {
  if (groupOfRule(record, scan)) return undefined;
  const rules: FirewallRule[] = [];
  collectRule(record.values, record.line, record, record, scan, rules);
  return firewallResource(record, scan, rules);
}
