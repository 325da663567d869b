// Shadowed rules of an ordered (first-match) rulebase: a rule every packet of which an earlier
// rule already matches never applies. Computed where the whole rulebase is known (the firewall
// collector for devices, the AWS normalizer for network ACLs), so Rego only reports `shadowedBy`.
import type { FirewallRule } from '../model/kinds.ts';

interface Cidr {
  v6: boolean;
  bits: bigint;
  prefix: number;
}

function parseCidr(text: string): Cidr | undefined {
  const [ip, p] = text.split('/') as [string, string | undefined];
  const v6 = ip.includes(':');
  const width = v6 ? 128 : 32;
  const prefix = p === undefined ? width : Number(p);
  if (!Number.isInteger(prefix) || prefix < 0 || prefix > width) return undefined;
  const bits = v6 ? parseV6(ip) : parseV4(ip);
  return bits === undefined ? undefined : { v6, bits, prefix };
}

function parseV4(ip: string): bigint | undefined {
  const parts = ip.split('.').map(Number);
  if (parts.length !== 4 || parts.some((n) => !Number.isInteger(n) || n < 0 || n > 255)) return undefined;
  return parts.reduce((acc, n) => (acc << 8n) | BigInt(n), 0n);
}

function parseV6(ip: string): bigint | undefined {
  const [head, tail] = ip.split('::') as [string, string | undefined];
  const h = head ? head.split(':') : [];
  const t = tail ? tail.split(':') : [];
  const groups = ip.includes('::') ? [...h, ...Array(8 - h.length - t.length).fill('0'), ...t] : h;
  if (groups.length !== 8 || groups.some((g) => !/^[0-9a-f]{1,4}$/i.test(g))) return undefined;
  return groups.reduce((acc, g) => (acc << 16n) | BigInt(Number.parseInt(g, 16)), 0n);
}

/** `outer` contains every address of `inner` (both CIDRs of the same family). */
export function cidrCovers(outer: string, inner: string): boolean {
  const o = parseCidr(outer);
  const i = parseCidr(inner);
  if (!o || !i || o.v6 !== i.v6 || o.prefix > i.prefix) return false;
  const width = o.v6 ? 128n : 32n;
  const shift = width - BigInt(o.prefix);
  return o.bits >> shift === i.bits >> shift;
}

const peersCover = (outer: string[], inner: string[]) =>
  inner.every((a) => outer.some((b) => b === a || cidrCovers(b, a)));

type Ranges = { from: number; to: number }[];

function rangesCover(outer: Ranges, inner: Ranges): boolean {
  return inner.every((i) => outer.some((o) => o.from <= i.from && i.to <= o.to));
}

const everyProtocol = (p: string) => p === 'all';

function protocolCovers(outer: FirewallRule, inner: FirewallRule): boolean {
  return everyProtocol(outer.protocol) || outer.protocol === inner.protocol;
}

function portsCover(outer: FirewallRule, inner: FirewallRule): boolean {
  if (everyProtocol(outer.protocol) && outer.ports.length === 0) return true;
  if (outer.protocol !== inner.protocol) return false;
  if (outer.ports.length === 0 && inner.ports.length === 0) return true;
  if (!rangesCover(outer.ports, inner.ports.length ? inner.ports : [{ from: 0, to: 65535 }])) return false;
  if (!outer.sourcePorts) return true;
  return inner.sourcePorts !== undefined && rangesCover(outer.sourcePorts, inner.sourcePorts);
}

// A rule can cover another only when all of its match is in its fields.
const fullyKnown = (r: FirewallRule) => r.enabled !== false && !r.conditions?.length && !r.unresolved?.length;

/** Sets `shadowedBy` on each rule an earlier rule of the same direction covers; `rules` are in order. */
export function markShadowed(rules: FirewallRule[]): void {
  rules.forEach((rule, j) => {
    if (rule.enabled === false || rule.unresolved?.length) return;
    for (const earlier of rules.slice(0, j)) {
      if (!fullyKnown(earlier) || earlier.direction !== rule.direction) continue;
      if (!protocolCovers(earlier, rule) || !portsCover(earlier, rule)) continue;
      if (!peersCover(earlier.sources, rule.sources)) continue;
      if (!peersCover(earlier.destinations ?? [], rule.destinations ?? [])) continue;
      const label = (r: FirewallRule) => `rule ${r.priority}${r.name ? ` "${r.name}"` : ''}`;
      const outcome =
        earlier.action === rule.action
          ? `both ${rule.action}, so it is redundant`
          : `the earlier rule ${earlier.action === 'deny' ? 'denies' : 'allows'} that traffic first, so this ${rule.action} never takes effect`;
      rule.shadowedBy = {
        priority: earlier.priority ?? 0,
        ...(earlier.name ? { name: earlier.name } : {}),
        ...(earlier.text ? { text: earlier.text } : {}),
        reason:
          `${label(earlier)} matches every packet ${label(rule)} matches (protocol ${earlier.protocol} covers ${rule.protocol}, ` +
          `sources ${earlier.sources.join(', ')} cover ${rule.sources.join(', ')}, ` +
          `destinations ${(earlier.destinations ?? []).join(', ')} cover ${(rule.destinations ?? []).join(', ')}, and its ports cover this rule's); ${outcome}`,
      };
      return;
    }
  });
}
