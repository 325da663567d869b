// One network security group rule -> a network.firewall rule, from the rule's ARM `properties`
// (what Resource Graph returns too). Terraform's azurerm adapter translates its attributes into
// the same shape, so what a rule means is decided here once.
import { isUnknown } from '../../kit/unknown.ts';
import { compact, num, str } from '../../kit/values.ts';
import type { FirewallRule } from '../../model/kinds.ts';
import { idText, obj } from './resources.ts';

type Obj = Record<string, unknown>;

/** Why a rule cannot be evaluated: a deciding value is not known, or is not one Azure accepts. */
export interface RuleProblem {
  reason: 'unknown' | 'invalid';
  message: string;
}

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

/** A property and its plural form (destinationPortRange + destinationPortRanges); "" means unset. */
function listOf(p: Obj, single: string, plural: string): { items: string[]; unknown: boolean } {
  const items: string[] = [];
  let unknown = false;
  const many = p[plural];
  for (const value of [p[single], ...(Array.isArray(many) ? many : [many])]) {
    if (value === undefined || value === null || value === '') continue;
    if (typeof value === 'string' || typeof value === 'number') items.push(String(value));
    else unknown = true;
  }
  return { items, unknown };
}

/** Application security groups stand in for addresses when no prefix is written. */
function groups(value: unknown): string[] {
  return (Array.isArray(value) ? value : []).flatMap((group) => idText(obj(group)?.id) ?? []);
}

function problem(p: Obj, field: string): RuleProblem {
  const value = p[field];
  return value === undefined || value === null || isUnknown(value)
    ? { reason: 'unknown', message: `${field} is not known` }
    : { reason: 'invalid', message: `${field} "${String(value)}" is not recognised` };
}

/** The rule, or why it cannot be evaluated. `name` and `line` are the caller's to know. */
export function securityRule(p: Obj, name: string | undefined, line: number | undefined): FirewallRule | RuleProblem {
  const direction = DIRECTIONS[str(p.direction)?.toLowerCase() ?? ''];
  if (!direction) return problem(p, 'direction');
  const action = ACTIONS[str(p.access)?.toLowerCase() ?? ''];
  if (!action) return problem(p, 'access');
  const protocol = str(p.protocol)?.toLowerCase();
  if (protocol === undefined) return problem(p, 'protocol');
  const portText = listOf(p, 'destinationPortRange', 'destinationPortRanges');
  const sourceText = listOf(p, 'sourceAddressPrefix', 'sourceAddressPrefixes');
  const destinationText = listOf(p, 'destinationAddressPrefix', 'destinationAddressPrefixes');
  if (portText.unknown || sourceText.unknown || destinationText.unknown) {
    return { reason: 'unknown', message: 'ports or addresses are not known' };
  }
  const ports = parsePorts(portText.items);
  if (typeof ports === 'string') return { reason: 'invalid', message: ports };
  const sources = sourceText.items.length > 0 ? sourceText.items : groups(p.sourceApplicationSecurityGroups);
  const destinations =
    destinationText.items.length > 0 ? destinationText.items : groups(p.destinationApplicationSecurityGroups);
  return compact<FirewallRule>({
    name,
    direction,
    action,
    // "*" (and "Any", as the portal shows it) is every protocol.
    protocol: protocol === '*' || protocol === 'any' ? 'all' : protocol,
    ports,
    sources,
    destinations: destinations.length > 0 ? destinations : undefined,
    priority: num(p.priority),
    line,
  });
}

export function isProblem(result: FirewallRule | RuleProblem): result is RuleProblem {
  return 'reason' in result;
}
