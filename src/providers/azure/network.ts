// Microsoft.Network: network security groups (+ securityRules children) -> network.firewall;
// virtual networks (+ Network Watcher flow logs targeting them) -> network.vpc; flow logs -> network.flow_log.
import { isUnknown, markUnknown, type Unknown, unknownReason } from '../../kit/unknown.ts';
import { num } from '../../kit/values.ts';
import type { FirewallRule } from '../../model/kinds.ts';
import type { Resource } from '../../model/resource.ts';
import { type AzureResource, type AzureResources, bool, idText, obj } from './resources.ts';
import { isProblem, securityRule } from './security-rule.ts';

const NSG = 'Microsoft.Network/networkSecurityGroups';
const NSG_RULE = 'Microsoft.Network/networkSecurityGroups/securityRules';
const VNET = 'Microsoft.Network/virtualNetworks';
const FLOW_LOG = 'Microsoft.Network/networkWatchers/flowLogs';

type Obj = Record<string, unknown>;

export function mapNetwork<R extends AzureResource>(source: AzureResources<R>): Resource[] {
  const out: Resource[] = [];
  const vnets = source.ofType(VNET);
  const childRules = source.ofType(NSG_RULE);
  const claimed = new Set<R>();
  /** Why rules of the firewall being built were left out: its rules cannot be judged. */
  let unknowns: string[] = [];
  const withUnknowns = (resource: Resource): Resource => {
    for (const reason of unknowns) markUnknown(resource, 'rules', reason);
    unknowns = [];
    return resource;
  };
  /** A rule, or undefined with a gap when it cannot be evaluated. */
  const ruleOf = (owner: R, name: string | undefined, p: Obj, line: number | undefined): FirewallRule | undefined => {
    const rule = securityRule(p, name, line);
    if (!isProblem(rule)) return rule;
    const keys = Object.keys(p).filter((key) => isUnknown(p[key]));
    unknowns.push(
      ...(keys.length > 0
        ? keys.map((key) => unknownReason(`security rule ${name ?? ''} ${key}`, p[key] as Unknown))
        : [`security rule ${name ?? ''} has an unknown direction, access, protocol, port or source`]),
    );
    source.gap(
      owner,
      'unresolved-reference',
      `security rule ${name ?? ''} has an unknown direction, access, protocol, port or source; not evaluated`,
      line,
    );
    return undefined;
  };
  const childRule = (child: R) =>
    ruleOf(
      child,
      child.name.split('/').pop(),
      child.properties,
      source.startLine(child.properties) ?? source.lineOfResource(child),
    );

  for (const nsg of source.ofType(NSG)) {
    const list = nsg.properties.securityRules;
    const rules: FirewallRule[] = [];
    (Array.isArray(list) ? list : []).forEach((item, index) => {
      const rule = obj(item);
      const p = obj(rule?.properties);
      if (!rule || !p) return;
      const built = ruleOf(
        nsg,
        typeof rule.name === 'string' ? rule.name : undefined,
        p,
        source.startLine(p) ?? source.itemLine(list, index),
      );
      if (built) rules.push(built);
    });
    for (const child of childRules.filter((c) => source.ancestor(c, NSG) === nsg)) {
      claimed.add(child);
      const built = childRule(child);
      if (built) rules.push(built);
    }
    // Subnets of virtual networks in the same source that use this NSG.
    const attachedTo = vnets
      .filter((vnet) =>
        subnets(vnet).some((subnet) => source.refersTo(obj(obj(subnet.properties)?.networkSecurityGroup)?.id, nsg)),
      )
      .map((vnet) => source.uid(vnet));
    out.push(
      withUnknowns(
        source.build(
          nsg,
          'network.firewall',
          { rules, defaultIngressAction: 'deny', attachedTo: attachedTo.length > 0 ? attachedTo : undefined },
          {
            // The NSG's built-in DenyAllInBound rule rejects what no rule allows.
            defaulted: ['defaultIngressAction'],
            propLines: { rules: source.lineOf(nsg.properties, 'securityRules') },
          },
        ),
      ),
    );
  }
  // Rules of an NSG the source does not hold: one firewall per NSG, so they are evaluated.
  const orphans = new Map<string, R[]>();
  for (const child of childRules.filter((c) => !claimed.has(c))) {
    const parent = source.parentKey(child);
    orphans.set(parent, [...(orphans.get(parent) ?? []), child]);
  }
  for (const children of orphans.values()) {
    const rules = children.flatMap((child) => childRule(child) ?? []);
    out.push(withUnknowns(source.buildParent(children[0] as R, NSG, 'network.firewall', { rules })));
  }

  const flowLogs = source.ofType(FLOW_LOG);
  for (const vnet of vnets) {
    const p = vnet.properties;
    const prefixes = obj(p.addressSpace)?.addressPrefixes;
    const logs = flowLogs.filter((log) => source.refersTo(log.properties.targetResourceId, vnet));
    out.push(
      source.build(
        vnet,
        'network.vpc',
        {
          cidrBlocks: Array.isArray(prefixes) ? prefixes.filter((x): x is string => typeof x === 'string') : undefined,
          flowLogsEnabled: logs.length > 0 && logs.some((log) => bool(log.properties.enabled) !== false),
          flowLogs: logs.length > 0 ? logs.map((log) => source.uid(log)) : undefined,
        },
        { propLines: { cidrBlocks: source.lineOf(p, 'addressSpace') } },
      ),
    );
  }
  for (const log of flowLogs) {
    const p = log.properties;
    const retention = obj(p.retentionPolicy);
    const kept = bool(retention?.enabled);
    out.push(
      source.build(
        log,
        'network.flow_log',
        {
          enabled: bool(p.enabled),
          // Retention disabled, or 0 days, keeps flow logs indefinitely.
          retentionDays: kept === false ? 0 : kept ? num(retention?.days) : undefined,
          target: idText(p.targetResourceId),
        },
        { propLines: { enabled: source.lineOf(p, 'enabled'), retentionDays: source.lineOf(p, 'retentionPolicy') } },
      ),
    );
  }
  return out;
}

function subnets(vnet: AzureResource): Obj[] {
  const list = vnet.properties.subnets;
  return Array.isArray(list)
    ? list.flatMap((item): Obj[] => {
        const o = obj(item);
        return o ? [o] : [];
      })
    : [];
}
