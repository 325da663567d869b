// azurerm_network_security_group (inline security_rule blocks) joined with the separate
// azurerm_network_security_rule resources that name it -> network.firewall, one FirewallRule per rule.
// A separate rule whose group is not among the scanned records becomes a network.firewall of its
// own, so a file holding only rules is still evaluated.
//
// What each rule means is decided by the Azure provider (src/providers/azure/security-rule.ts),
// from the rule's attributes translated into an ARM security rule's properties.
//
// Every NSG ends with Azure's default rules (AllowVnetInBound, AllowAzureLoadBalancerInBound,
// DenyAllInBound): traffic from the internet that no rule allows is denied, so
// defaultIngressAction = "deny", listed in `defaulted`.

import { isUnknown } from '../../../../../kit/unknown.ts';
import { str } from '../../../../../kit/values.ts';
import type { FirewallRule, NetworkFirewallProps } from '../../../../../model/kinds.ts';
import type { Resource } from '../../../../../model/resource.ts';
import { isProblem, securityRule } from '../../../../../providers/azure/security-rule.ts';
import type { TfResourceRecord } from '../../records.ts';
import { blocks, buildResource, gapAt, type Values } from '../common.ts';
import { linkedRecord, pointerText, type Scan } from './scan.ts';

/** A rule's attributes as the properties of an ARM security rule, which the Azure provider reads. */
function armProperties(rule: Values, scan: Scan, from: TfResourceRecord): Values {
  const groups = scan.ofType('azurerm_application_security_group');
  const asgs = (value: unknown) =>
    (Array.isArray(value) ? value : []).flatMap((id) => {
      const text = pointerText(id, linkedRecord(id, from, groups, 'id'));
      return text === undefined ? [] : [{ id: text }];
    });
  return {
    direction: rule.direction,
    access: rule.access,
    protocol: rule.protocol,
    priority: rule.priority,
    destinationPortRange: rule.destination_port_range,
    destinationPortRanges: rule.destination_port_ranges,
    sourceAddressPrefix: rule.source_address_prefix,
    sourceAddressPrefixes: rule.source_address_prefixes,
    destinationAddressPrefix: rule.destination_address_prefix,
    destinationAddressPrefixes: rule.destination_address_prefixes,
    sourceApplicationSecurityGroups: asgs(rule.source_application_security_group_ids),
    destinationApplicationSecurityGroups: asgs(rule.destination_application_security_group_ids),
  };
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
  const name = str(rule.name);
  const parsed = securityRule(armProperties(rule, scan, owner), name, line);
  if (!isProblem(parsed)) {
    into.push(parsed);
    return;
  }
  const unknown = parsed.reason === 'unknown';
  const message = `security rule ${name ?? '(unnamed)'}: ${parsed.message}${unknown ? ' before apply' : ''}; rule not evaluated`;
  const gap = gapAt(gapRecord, unknown ? 'unresolved-reference' : 'parse-error', message);
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
  const separates = scan.pointingAt(record, 'security rules', ['azurerm_network_security_rule'], (rule) => [
    groupOfRule(rule, scan),
  ]);
  for (const separate of separates) {
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
