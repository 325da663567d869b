// Microsoft.Network: network security groups (+ securityRules children) -> network.firewall;
// virtual networks (+ Network Watcher flow logs targeting them) -> network.vpc; flow logs -> network.flow_log.

import { num, str } from '../../../../kit/values.ts';
import type { FirewallRule } from '../../../../model/kinds.ts';
import type { Resource } from '../../../../model/resource.ts';
import { type ArmContext, bool, idText, obj } from '../context.ts';
import type { ArmResource, Obj } from '../template.ts';

const NSG = 'Microsoft.Network/networkSecurityGroups';
const NSG_RULE = 'Microsoft.Network/networkSecurityGroups/securityRules';
const VNET = 'Microsoft.Network/virtualNetworks';
const FLOW_LOG = 'Microsoft.Network/networkWatchers/flowLogs';

/** "*" -> every port; "22" -> 22-22; "1000-2000" -> range; undefined when not a port expression. */
function portRange(text: string): { from: number; to: number } | undefined {
  if (text === '*') return { from: 0, to: 65535 };
  const match = /^\s*(\d+)\s*(?:-\s*(\d+)\s*)?$/.exec(text);
  if (!match) return undefined;
  return { from: Number(match[1]), to: Number(match[2] ?? match[1]) };
}

function texts(single: unknown, many: unknown): string[] | undefined {
  if (single !== undefined) return typeof single === 'string' ? [single] : undefined;
  if (!Array.isArray(many)) return undefined;
  return many.every((item) => typeof item === 'string' || typeof item === 'number') ? many.map(String) : undefined;
}

/** One rule's `properties` -> FirewallRule; undefined (with a gap) when a deciding field is unknown. */
function ruleOf(
  ctx: ArmContext,
  owner: ArmResource,
  name: string | undefined,
  p: Obj,
  line: number | undefined,
): FirewallRule | undefined {
  const direction = str(p.direction)?.toLowerCase();
  const access = str(p.access)?.toLowerCase();
  const rawProtocol = str(p.protocol)?.toLowerCase();
  const protocol = rawProtocol === '*' ? 'all' : rawProtocol;
  const portTexts = texts(p.destinationPortRange, p.destinationPortRanges);
  const ports = portTexts?.map(portRange);
  const sources = texts(p.sourceAddressPrefix, p.sourceAddressPrefixes);
  const destinations = texts(p.destinationAddressPrefix, p.destinationAddressPrefixes);
  if (
    (direction !== 'inbound' && direction !== 'outbound') ||
    (access !== 'allow' && access !== 'deny') ||
    !protocol ||
    !ports ||
    ports.some((range) => range === undefined) ||
    !sources
  ) {
    ctx.gap(
      owner,
      'unresolved-reference',
      `security rule ${name ?? ''} has an unknown direction, access, protocol, port or source; not evaluated`,
      line,
    );
    return undefined;
  }
  return {
    name,
    direction: direction === 'inbound' ? 'ingress' : 'egress',
    action: access,
    protocol,
    ports: ports as FirewallRule['ports'],
    sources,
    destinations,
    priority: num(p.priority),
    line,
  };
}

export function mapNetwork(ctx: ArmContext): Resource[] {
  const out: Resource[] = [];
  const vnets = ctx.ofType(VNET);
  const childRules = ctx.ofType(NSG_RULE);
  const claimed = new Set<ArmResource>();
  const childRule = (child: ArmResource) =>
    ruleOf(ctx, child, child.name.split('/').pop(), child.props, ctx.startLine(child.props) ?? child.line);

  for (const nsg of ctx.ofType(NSG)) {
    const list = nsg.props.securityRules;
    const rules: FirewallRule[] = [];
    (Array.isArray(list) ? list : []).forEach((item, index) => {
      const rule = obj(item);
      const p = obj(rule?.properties);
      if (!rule || !p) return;
      const built = ruleOf(ctx, nsg, str(rule.name), p, ctx.startLine(p) ?? ctx.itemLine(list, index));
      if (built) rules.push(built);
    });
    for (const child of childRules.filter((c) => ctx.ancestor(c, NSG) === nsg)) {
      claimed.add(child);
      const built = childRule(child);
      if (built) rules.push(built);
    }
    // Subnets of virtual networks in the template that use this NSG.
    const attachedTo = vnets
      .filter((vnet) =>
        subnets(vnet).some((subnet) => ctx.refersTo(obj(obj(subnet.properties)?.networkSecurityGroup)?.id, nsg)),
      )
      .map((vnet) => ctx.uid(vnet));
    out.push(
      ctx.build(
        nsg,
        'network.firewall',
        { rules, defaultIngressAction: 'deny', attachedTo: attachedTo.length > 0 ? attachedTo : undefined },
        {
          // The NSG's built-in DenyAllInBound rule rejects what no rule allows.
          defaulted: ['defaultIngressAction'],
          propLines: { rules: ctx.lineOf(nsg.props, 'securityRules') },
        },
      ),
    );
  }
  // Rules of an NSG outside this template: one firewall per NSG name, so they are evaluated.
  const orphans = new Map<string, ArmResource[]>();
  for (const child of childRules.filter((c) => !claimed.has(c))) {
    const parent = ctx.parentNameExpr(child);
    orphans.set(parent, [...(orphans.get(parent) ?? []), child]);
  }
  for (const [parentExpr, children] of orphans) {
    const first = children[0] as ArmResource;
    const rules = children.flatMap((child) => childRule(child) ?? []);
    out.push(
      ctx.build(
        first,
        'network.firewall',
        { rules },
        { type: NSG, nameExpr: parentExpr, name: first.name.split('/').slice(0, -1).join('/') },
      ),
    );
  }

  const flowLogs = ctx.ofType(FLOW_LOG);
  for (const vnet of vnets) {
    const p = vnet.props;
    const prefixes = obj(p.addressSpace)?.addressPrefixes;
    const logs = flowLogs.filter((log) => ctx.refersTo(log.props.targetResourceId, vnet));
    out.push(
      ctx.build(
        vnet,
        'network.vpc',
        {
          cidrBlocks: Array.isArray(prefixes) ? prefixes.filter((x): x is string => typeof x === 'string') : undefined,
          flowLogsEnabled: logs.length > 0 && logs.some((log) => bool(log.props.enabled) !== false),
          flowLogs: logs.length > 0 ? logs.map((log) => ctx.uid(log)) : undefined,
        },
        { propLines: { cidrBlocks: ctx.lineOf(p, 'addressSpace') } },
      ),
    );
  }
  for (const log of flowLogs) {
    const p = log.props;
    const retention = obj(p.retentionPolicy);
    const kept = bool(retention?.enabled);
    out.push(
      ctx.build(
        log,
        'network.flow_log',
        {
          enabled: bool(p.enabled),
          // Retention disabled, or 0 days, keeps flow logs indefinitely.
          retentionDays: kept === false ? 0 : kept ? num(retention?.days) : undefined,
          target: idText(p.targetResourceId),
        },
        { propLines: { enabled: ctx.lineOf(p, 'enabled'), retentionDays: ctx.lineOf(p, 'retentionPolicy') } },
      ),
    );
  }
  return out;
}

function subnets(vnet: ArmResource): Obj[] {
  const list = vnet.props.subnets;
  return Array.isArray(list)
    ? list.flatMap((item): Obj[] => {
        const o = obj(item);
        return o ? [o] : [];
      })
    : [];
}
