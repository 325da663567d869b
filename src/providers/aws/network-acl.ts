// Network ACL entries -> one ordered network.firewall, whoever states them: Terraform
// (aws_network_acl / aws_default_network_acl blocks, aws_network_acl_rule), CloudFormation
// (AWS::EC2::NetworkAclEntry) and AWS Config (a NetworkAcl item's entries). A NACL is stateless
// and first-match: entries are evaluated by rule number, lowest first, per direction; the first
// that matches allows or denies, and what none matches meets the final `*` deny. So the rules
// come sorted by number with `firstMatch`, and an entry an earlier one covers is marked shadowed
// (an SSH allow behind a lower-numbered deny of the same traffic never applies). An allow that an
// entry not known enough to evaluate (its number, action, protocol, ports or CIDR) may deny first
// has an unknown effect: it is left out with the reason, so it is neither a failure nor a pass.
import { cidrCovers, markShadowed } from '../../kit/firewall-shadow.ts';
import { isUnknown } from '../../kit/unknown.ts';
import { num } from '../../kit/values.ts';
import type { FirewallRule, NetworkFirewallProps } from '../../model/kinds.ts';
import { type AwsFirewallEntry, firewallRule, isProblem, protocolName } from './firewall.ts';

export interface NaclEntry extends Omit<AwsFirewallEntry, 'action' | 'priority'> {
  /** "allow" or "deny" in any case, as the source writes it (RuleAction, rule_action, action). */
  action: unknown;
  /** The rule number as written: 1-32766, or 32767 for the `*` entry Config lists. */
  ruleNumber: unknown;
}

/** Why an entry was left out; `path` is the props path a rule deciding on it reads. */
export interface NaclProblem {
  entry: NaclEntry;
  path: string;
  message: string;
  /** The value is stated but not known (a variable, an intrinsic): the NACL is not evaluated on it. */
  unknown: boolean;
}

const peerPath = (entry: NaclEntry) => (entry.direction === 'ingress' ? 'rules[].sources' : 'rules[].destinations');

const actionOf = (entry: NaclEntry) => (typeof entry.action === 'string' ? entry.action.toLowerCase() : undefined);

/**
 * Whether the entry's place in the order can change what the ACL does: only when another entry of
 * its direction may act otherwise (first match between entries that all allow, or all deny,
 * decides nothing different whichever comes first).
 */
function orderMatters(entry: NaclEntry, entries: NaclEntry[]): boolean {
  const action = actionOf(entry);
  return entries.some((other) => other !== entry && other.direction === entry.direction && actionOf(other) !== action);
}

/**
 * The entry as a rule with its number as priority, or why it cannot be evaluated. An entry whose
 * number is not known is kept, without a number and evaluated last, only where its place cannot matter.
 */
function naclRule(entry: NaclEntry, entries: NaclEntry[]): FirewallRule | NaclProblem {
  const number = num(entry.ruleNumber);
  const stated = entry.ruleNumber !== undefined && !isUnknown(entry.ruleNumber);
  const invalid = number !== undefined && (!Number.isInteger(number) || number < 1 || number > 32767);
  if (invalid || (number === undefined && (stated || orderMatters(entry, entries)))) {
    return {
      entry,
      path: 'rules[].priority',
      message: stated ? `an invalid rule number ${JSON.stringify(entry.ruleNumber)}` : 'an unknown rule number',
      // AWS refuses an invalid number, so that entry never exists; an unknown one may come first.
      unknown: !stated,
    };
  }
  const action = actionOf(entry);
  if (action !== 'allow' && action !== 'deny')
    return { entry, path: 'rules[].action', message: 'an unknown action', unknown: true };
  const rule = firewallRule({ ...entry, action, priority: number });
  if (!isProblem(rule)) return rule;
  const path = {
    protocol: 'rules[].protocol',
    ports: 'rules[].ports',
    'port-range': 'rules[].ports',
    peers: peerPath(entry),
  };
  return { entry, path: path[rule.problem], message: rule.message, unknown: rule.problem !== 'port-range' };
}

const label = (entry: NaclEntry) => {
  const number = num(entry.ruleNumber);
  return `${entry.direction} entry${number === undefined ? '' : ` ${number}`}`;
};

/** The port ranges an entry states, when known: none for protocols without ports, all for -1. */
function knownPorts(entry: NaclEntry): { from: number; to: number }[] | undefined {
  const protocol = protocolName(entry.protocol);
  if (protocol === undefined) return undefined;
  if (protocol !== 'tcp' && protocol !== 'udp') return [{ from: 0, to: 65535 }];
  const from = num(entry.fromPort);
  const to = num(entry.toPort);
  if (from === -1 || to === -1) return [{ from: 0, to: 65535 }];
  return from === undefined || to === undefined ? undefined : [{ from, to }];
}

const isCidr = (peer: string) => cidrCovers(peer, peer);

/** Two peers may share an address; a peer named by reference (its CIDR not known here) may share any. */
const mayOverlap = (a: string, b: string) =>
  a === b || !isCidr(a) || !isCidr(b) || cidrCovers(a, b) || cidrCovers(b, a);

/**
 * Whether an entry left out as unknown (its number, action, protocol, ports or CIDR) may match
 * some packet of `allow` before it and deny it: it may deny, may come first (its number unknown,
 * or lower), and what it states that is known overlaps the allow's match.
 */
function mayDenyFirst(entry: NaclEntry, allow: FirewallRule): boolean {
  if (allow.action !== 'allow' || entry.direction !== allow.direction || actionOf(entry) === 'allow') return false;
  const number = num(entry.ruleNumber);
  if (number !== undefined && allow.priority !== undefined && number >= allow.priority) return false;
  const protocol = protocolName(entry.protocol);
  if (protocol !== undefined && protocol !== 'all' && allow.protocol !== 'all' && protocol !== allow.protocol)
    return false;
  const ports = knownPorts(entry);
  const allowPorts = allow.ports.length > 0 ? allow.ports : [{ from: 0, to: 65535 }];
  if (ports && !ports.some((p) => allowPorts.some((a) => p.from <= a.to && a.from <= p.to))) return false;
  const peers = allow.direction === 'ingress' ? allow.sources : (allow.destinations ?? []);
  if (entry.unknownPeers || entry.peers.length === 0) return true;
  return entry.peers.some((p) => peers.some((q) => mayOverlap(p, q)));
}

/** An allow whose effect is unknown: an entry not known enough to evaluate may deny its traffic first. */
function blockedProblem(entry: NaclEntry, blocker: NaclProblem): NaclProblem {
  return {
    entry,
    path: blocker.path,
    message: `an unknown effect: ${label(blocker.entry)}, which has ${blocker.message}, may deny its traffic first`,
    unknown: true,
  };
}

/**
 * The NACL as a network.firewall: its rules in evaluation order (by number; an ingress and an
 * egress entry may share a number), shadowed entries marked, the final `*` deny as the default.
 * `attachedTo` lists the subnets (or, where the source names none, the VPC) it filters.
 */
export function networkAcl(
  entries: NaclEntry[],
  attachedTo: string[],
): { props: NetworkFirewallProps; problems: NaclProblem[] } {
  const evaluated: { rule: FirewallRule; entry: NaclEntry }[] = [];
  const problems: NaclProblem[] = [];
  for (const entry of entries) {
    const rule = naclRule(entry, entries);
    if ('path' in rule) problems.push(rule);
    else evaluated.push({ rule, entry });
  }
  const rules: FirewallRule[] = [];
  for (const { rule, entry } of evaluated) {
    const blocker = problems.find((p) => p.unknown && mayDenyFirst(p.entry, rule));
    if (blocker) problems.push(blockedProblem(entry, blocker));
    else rules.push(rule);
  }
  rules.sort((a, b) => (a.priority ?? Number.POSITIVE_INFINITY) - (b.priority ?? Number.POSITIVE_INFINITY));
  // An entry without a number has no known place, so it neither shadows nor is shadowed.
  markShadowed(rules.filter((rule) => rule.priority !== undefined));
  return {
    props: {
      rules,
      defaultIngressAction: 'deny',
      firstMatch: true,
      ...(attachedTo.length > 0 ? { attachedTo } : {}),
    },
    problems,
  };
}
