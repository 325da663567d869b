// Security-group rules (inline in a group or standalone resources) and network ACL entries ->
// network.firewall rules, whoever states them: Terraform, CloudFormation, and next AWS Config
// (a group's ipPermissions, a NACL's entries). The source only translates its syntax into an
// AwsFirewallEntry; what protocols and ports mean is decided here, once.
import { compact, num } from '../../kit/values.ts';
import type { FirewallRule } from '../../model/kinds.ts';

export interface AwsFirewallEntry {
  direction: FirewallRule['direction'];
  /** A security group rule always allows; a NACL entry allows or denies. */
  action?: FirewallRule['action'];
  /** IpProtocol as written: "tcp", "6", -1, "-1", "all"...; anything else is not known. */
  protocol: unknown;
  fromPort: unknown;
  toPort: unknown;
  /** The peers as the source shows them: CIDRs, group and prefix-list ids, references as text. */
  peers: string[];
  /** Some peer is written but not known, and not among `peers`. */
  unknownPeers?: boolean;
  name?: string;
  /** A NACL entry's rule number: lower numbers are evaluated first. */
  priority?: number;
  line?: number;
}

/** Why an entry cannot be evaluated; `message` completes "the rule has ...". */
export interface EntryProblem {
  problem: 'protocol' | 'ports' | 'port-range' | 'peers';
  message: string;
}

const PROTOCOL_NUMBERS: Record<string, string> = { '-1': 'all', '6': 'tcp', '17': 'udp', '1': 'icmp', '58': 'icmpv6' };
const ALL_PORTS = { from: 0, to: 65535 };

/** "tcp", "TCP", 6 and "6" are one protocol; -1 is every protocol. */
export function protocolName(value: unknown): string | undefined {
  if (typeof value !== 'number' && typeof value !== 'string') return undefined;
  const text = String(value).toLowerCase();
  return PROTOCOL_NUMBERS[text] ?? text;
}

/**
 * The entry as a FirewallRule, or why it cannot be evaluated. Ports follow EC2: every port for
 * protocol "all" and for protocols other than TCP, UDP and ICMP (EC2 ignores the range then);
 * none for ICMP, whose FromPort and ToPort are a type and a code; -1 as a TCP/UDP port means all.
 */
export function firewallRule(entry: AwsFirewallEntry): FirewallRule | EntryProblem {
  const protocol = protocolName(entry.protocol);
  if (protocol === undefined) return { problem: 'protocol', message: 'an unknown protocol' };
  let ports: FirewallRule['ports'];
  if (protocol === 'icmp' || protocol === 'icmpv6') ports = [];
  else if (protocol !== 'tcp' && protocol !== 'udp') ports = [ALL_PORTS];
  else {
    const from = num(entry.fromPort);
    const to = num(entry.toPort);
    if (from === -1 || to === -1) ports = [ALL_PORTS];
    else if (from === undefined || to === undefined) return { problem: 'ports', message: 'unknown ports' };
    // EC2 refuses such a rule (InvalidParameterValue), so it never exists.
    else if (from > to) {
      return { problem: 'port-range', message: `an invalid port range ${from}-${to} (FromPort above ToPort)` };
    } else ports = [{ from, to }];
  }
  // A rule that names no peer admits no one; one whose only peers are unknown cannot be judged.
  if (entry.peers.length === 0 && entry.unknownPeers) return { problem: 'peers', message: 'no known peer' };
  return compact<FirewallRule>({
    name: entry.name || undefined,
    direction: entry.direction,
    action: entry.action ?? 'allow',
    protocol,
    ports,
    // For egress the peers are destinations and sources stay empty.
    sources: entry.direction === 'ingress' ? entry.peers : [],
    destinations: entry.direction === 'egress' ? entry.peers : undefined,
    priority: entry.priority,
    line: entry.line,
  });
}

export function isProblem(result: FirewallRule | EntryProblem): result is EntryProblem {
  return 'problem' in result;
}
