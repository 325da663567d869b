// What a Linux host does with inbound traffic that no narrower rule decides, judged on the chains
// netfilter.ts reads (the model the firewall collector builds from the same outputs) with the test
// network.firewall_default_deny applies to one chain: the first enabled rule that matches every
// packet decides; without one, the chain's policy does.
import type { NetfilterChain, NetfilterResult, NetfilterRule } from './netfilter.ts';

export type Action = 'allow' | 'deny';

/** A base chain on the input or prerouting hook and what it does with traffic no narrower rule decides. */
export interface InputChainDefault {
  /** The command whose output the chain was read from. */
  tool: 'nft' | 'iptables-save';
  /** family/table/chain, e.g. inet/filter/input or ipv4/filter/INPUT. */
  chain: string;
  policy?: Action;
  /** "policy", or the deciding rule: "rule 5 (line 9)". */
  decidedBy: string;
  /** Undefined when the chain states no policy and no rule decides. */
  action?: Action;
}

export interface InputDefault {
  chains: InputChainDefault[];
  /** Undefined: not read, or a deny that rests on a ruleset with lines that could not be read. */
  action?: Action;
}

// Families whose chains never see IP traffic addressed to the host.
const NOT_IP = new Set(['arp', 'bridge', 'netdev']);
// Traffic addressed to the host passes prerouting, then input: a drop in either keeps it out.
const INBOUND_HOOKS = new Set(['input', 'prerouting']);
const EVERY_PROTOCOL = new Set(['all', '*', '-1', 'any']);

/** The same test as policies/lib/network.rego firewall_matches_everything. */
export function matchesEverything(rule: NetfilterRule): boolean {
  const anyPeer = (peers: string[] | undefined) =>
    peers !== undefined && peers.length > 0 && peers.every((p) => p.trim().endsWith('/0'));
  return (
    rule.enabled !== false &&
    EVERY_PROTOCOL.has(rule.protocol.toLowerCase()) &&
    anyPeer(rule.sources) &&
    anyPeer(rule.destinations ?? ['0.0.0.0/0']) &&
    (rule.conditions ?? []).length === 0 &&
    (rule.unresolved ?? []).length === 0
  );
}

function chainDefault(tool: InputChainDefault['tool'], chain: NetfilterChain): InputChainDefault {
  const name = `${chain.family}/${chain.table}/${chain.chain}`;
  const policy = chain.policy ? { policy: chain.policy } : {};
  const catchAll = chain.rules.find(matchesEverything);
  if (catchAll) {
    const where = catchAll.line ? ` (line ${catchAll.line})` : '';
    return { tool, chain: name, ...policy, decidedBy: `rule ${catchAll.priority}${where}`, action: catchAll.action };
  }
  return { tool, chain: name, ...policy, decidedBy: 'policy', ...(chain.policy ? { action: chain.policy } : {}) };
}

/** One tool's answer: deny when an inbound chain drops what it does not accept (any drop is final). */
function toolDefault(tool: InputChainDefault['tool'], result: NetfilterResult) {
  const chains = result.firewalls
    .filter((c) => INBOUND_HOOKS.has(c.hook ?? '') && !NOT_IP.has(c.family))
    .map((c) => chainDefault(tool, c));
  let action: Action | undefined = chains.some((c) => c.action === 'deny')
    ? 'deny'
    : chains.every((c) => c.action === 'allow')
      ? 'allow'
      : undefined;
  // A line that could not be read may be an accept-everything rule ahead of the drop.
  if (action === 'deny' && result.gaps.length > 0) action = undefined;
  return { chains, action };
}

/**
 * The host's answer from every ruleset read (nft and iptables-save see the same kernel tables
 * under iptables-nft, separate ones under iptables-legacy): deny when one of them denies, allow
 * when all allow, else not known.
 */
export function inputDefault(readings: { tool: InputChainDefault['tool']; result: NetfilterResult }[]): InputDefault {
  const answers = readings.map((r) => toolDefault(r.tool, r.result));
  const chains = answers.flatMap((a) => a.chains);
  if (answers.length === 0) return { chains };
  if (answers.some((a) => a.action === 'deny')) return { chains, action: 'deny' };
  if (answers.every((a) => a.action === 'allow')) return { chains, action: 'allow' };
  return { chains };
}
