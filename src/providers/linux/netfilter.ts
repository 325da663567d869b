// Linux netfilter rulesets as the normalized network.firewall model.
//
// API (self-contained; the firewall collector and the host collector both use it):
//   parseIptablesSave(text, file) -> NetfilterResult   `iptables-save` / `ip6tables-save` output
//   parseNftJson(text, file)      -> NetfilterResult   `nft -j list ruleset` output
// A NetfilterResult holds one NetfilterChain per chain that filters (every chain of the `filter`
// table, and chains of other tables that drop: a DROP policy or a DROP/REJECT rule; `nat` only
// rewrites and is not read), each with its ordered rules (first match wins), its default policy
// (base chains) and its hook, plus the gaps: every line or rule this module could not read,
// with file and line, while the rest of the input is still read.
//
// Jumps to user chains are recorded, not inlined: the calling chain keeps no rule for the jump
// and the user chain's `calledFrom` names each caller ("filter/INPUT rule 3"); its rules take the
// caller's direction. A `LOG` rule followed by a rule with the same match marks that rule logged.
// Matches the model cannot express (conntrack state, interfaces, marks, negations) are kept in a
// rule's `conditions`: such a rule matches less than its fields say.
import type { FirewallRule } from '../../model/kinds.ts';
import type { Gap } from '../../model/resource.ts';

export interface NetfilterChain {
  family: string;
  table: string;
  chain: string;
  /** Base chains: the netfilter hook (input, forward, output, prerouting, postrouting). */
  hook?: string;
  /** Base chains: what happens to packets no rule decides. */
  policy?: 'allow' | 'deny';
  /** User chains: the rules that jump here ("filter/INPUT rule 3"). */
  calledFrom: string[];
  direction: 'ingress' | 'egress';
  line: number;
  rules: NetfilterRule[];
}

export type NetfilterRule = FirewallRule;

export interface NetfilterResult {
  firewalls: NetfilterChain[];
  gaps: Gap[];
}

const BASE_CHAINS: Record<string, string> = {
  INPUT: 'input',
  FORWARD: 'forward',
  OUTPUT: 'output',
  PREROUTING: 'prerouting',
  POSTROUTING: 'postrouting',
};

/** Traffic to or through the host is ingress; traffic it sends is egress. */
export function hookDirection(hook: string | undefined): 'ingress' | 'egress' {
  return hook === 'output' || hook === 'postrouting' ? 'egress' : 'ingress';
}

/** A chain with no rules yet; `policy` as either tool writes it (ACCEPT/DROP, accept/drop). */
function newChain(
  family: string,
  table: string,
  chain: string,
  hook: string | undefined,
  policy: string | undefined,
  line: number,
): NetfilterChain {
  const p = policy?.toLowerCase();
  return {
    family,
    table,
    chain,
    ...(hook ? { hook } : {}),
    ...(p === 'accept' ? { policy: 'allow' as const } : p === 'drop' ? { policy: 'deny' as const } : {}),
    calledFrom: [],
    direction: hookDirection(hook),
    line,
    rules: [],
  };
}

const PROTOCOL_NUMBERS: Record<string, string> = { '1': 'icmp', '6': 'tcp', '17': 'udp', '58': 'icmpv6' };

export function protocolName(p: string): string {
  const lower = p.toLowerCase();
  if (lower === 'all' || lower === '0') return 'all';
  if (lower === 'ipv6-icmp' || lower === 'icmp6') return 'icmpv6';
  return PROTOCOL_NUMBERS[lower] ?? lower;
}

const ALL_PORTS = [{ from: 0, to: 65535 }];

/** Ports a protocol with no port match covers: every port for TCP/UDP/SCTP, none (not applicable) otherwise. */
export function defaultPorts(protocol: string): { from: number; to: number }[] {
  return ['tcp', 'udp', 'sctp'].includes(protocol) ? ALL_PORTS : [];
}

/** iptables port syntax: "22", "1000:2000", ":1024", "80,443" (multiport). Undefined when not a port list. */
export function parsePortList(text: string, rangeSeparator = ':'): { from: number; to: number }[] | undefined {
  const out: { from: number; to: number }[] = [];
  for (const part of text.split(',')) {
    const [a, b] = part.includes(rangeSeparator) ? part.split(rangeSeparator) : [part, part];
    const from = a === '' ? 0 : Number(a);
    const to = b === '' ? 65535 : Number(b);
    if (!Number.isInteger(from) || !Number.isInteger(to) || from < 0 || to > 65535 || from > to) return undefined;
    out.push({ from, to });
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// iptables-save

/** Splits a line into words, keeping double-quoted strings (comments) whole. */
function words(line: string): string[] {
  const out: string[] = [];
  const re = /"((?:[^"\\]|\\.)*)"|(\S+)/g;
  for (const m of line.matchAll(re)) out.push(m[1] !== undefined ? m[1].replace(/\\(.)/g, '$1') : m[2]!);
  return out;
}

const TERMINAL: Record<string, 'allow' | 'deny'> = { ACCEPT: 'allow', DROP: 'deny', REJECT: 'deny' };

// Options whose value(s) only narrow the match: kept as conditions. Count = words after the option.
const CONDITION_OPTIONS: Record<string, number> = {
  '-i': 1,
  '--in-interface': 1,
  '-o': 1,
  '--out-interface': 1,
  '--state': 1,
  '--ctstate': 1,
  '--tcp-flags': 2,
  '--syn': 0,
  '--icmp-type': 1,
  '--icmpv6-type': 1,
  '--mark': 1,
  '--uid-owner': 1,
  '--gid-owner': 1,
  '--src-type': 1,
  '--dst-type': 1,
  '--limit': 1,
  '--limit-burst': 1,
  '--match-set': 2,
  '-f': 0,
  '--fragment': 0,
  '--src-range': 1,
  '--dst-range': 1,
};

// Condition names as rules read them: `in-interface lo`, `ctstate RELATED,ESTABLISHED`.
const OPTION_NAMES: Record<string, string> = { '-i': 'in-interface', '-o': 'out-interface', '-f': 'fragment' };

// Options that carry no match (the match module name, counters, target arguments, comments).
const IGNORED_OPTIONS: Record<string, number> = {
  '-m': 1,
  '--match': 1,
  '--comment': 1,
  '--reject-with': 1,
  '--log-prefix': 1,
  '--log-level': 1,
  '--log-uid': 0,
  '--log-tcp-options': 0,
  '--log-ip-options': 0,
  '--log-tcp-sequence': 0,
  '-c': 2,
  '--set-counters': 2,
};

interface ParsedIptablesRule {
  chain: string;
  target?: string;
  goto: boolean;
  protocol: string;
  sources: string[];
  destinations: string[];
  ports?: { from: number; to: number }[];
  sourcePorts?: { from: number; to: number }[];
  conditions: string[];
  comment?: string;
}

class LineError extends Error {}

function parseAppend(tokens: string[]): ParsedIptablesRule {
  const chain = tokens[1];
  if (!chain) throw new LineError('-A without a chain name');
  const rule: ParsedIptablesRule = {
    chain,
    goto: false,
    protocol: 'all',
    sources: [],
    destinations: [],
    conditions: [],
  };
  let negate = false;
  for (let i = 2; i < tokens.length; i++) {
    const t = tokens[i]!;
    const value = () => {
      const v = tokens[++i];
      if (v === undefined) throw new LineError(`${t} without a value`);
      return v;
    };
    if (t === '!') {
      negate = true;
      continue;
    }
    const negated = negate;
    negate = false;
    const narrowing = (what: string) => rule.conditions.push(`not ${what}`);
    switch (t) {
      case '-p':
      case '--protocol': {
        const p = protocolName(value());
        if (negated) narrowing(`protocol ${p}`);
        else rule.protocol = p;
        break;
      }
      case '-s':
      case '--source':
      case '--src':
      case '-d':
      case '--destination':
      case '--dst': {
        const v = value();
        const side = ['-s', '--source', '--src'].includes(t) ? 'source' : 'destination';
        if (negated) narrowing(`${side} ${v}`);
        else rule[side === 'source' ? 'sources' : 'destinations'].push(...v.split(',').map(toCidr));
        break;
      }
      case '--dport':
      case '--dports':
      case '--destination-port':
      case '--destination-ports':
      case '--sport':
      case '--sports':
      case '--source-port':
      case '--source-ports': {
        const v = value();
        const ports = parsePortList(v);
        if (!ports) throw new LineError(`${t} ${v} is not a port or port range`);
        const isSource = t.startsWith('--s');
        if (negated) narrowing(`${isSource ? 'source' : 'destination'} port ${v}`);
        else if (isSource) rule.sourcePorts = ports;
        else rule.ports = ports;
        break;
      }
      case '-j':
      case '--jump':
        rule.target = value();
        break;
      case '-g':
      case '--goto':
        rule.target = value();
        rule.goto = true;
        break;
      default: {
        if (t in CONDITION_OPTIONS) {
          const n = CONDITION_OPTIONS[t]!;
          const args = tokens.slice(i + 1, i + 1 + n);
          if (args.length < n) throw new LineError(`${t} without a value`);
          i += n;
          const name = OPTION_NAMES[t] ?? t.replace(/^-+/, '');
          rule.conditions.push(`${negated ? 'not ' : ''}${name} ${args.join(' ')}`.trim());
        } else if (t in IGNORED_OPTIONS) {
          const n = IGNORED_OPTIONS[t]!;
          if (t === '--comment') rule.comment = tokens[i + 1];
          i += n;
        } else {
          throw new LineError(`unknown option ${t}`);
        }
      }
    }
  }
  return rule;
}

function toCidr(address: string): string {
  if (address.includes('/')) {
    const [ip, mask] = address.split('/') as [string, string];
    // iptables-save writes prefixes; older tools a dotted netmask.
    if (mask.includes('.')) return `${ip}/${netmaskPrefix(mask) ?? mask}`;
    return address;
  }
  return address.includes(':') ? `${address}/128` : `${address}/32`;
}

/** 255.255.255.0 -> 24; undefined for a non-contiguous mask. */
export function netmaskPrefix(mask: string): number | undefined {
  const parts = mask.split('.').map(Number);
  if (parts.length !== 4 || parts.some((p) => !Number.isInteger(p) || p < 0 || p > 255)) return undefined;
  const bits = parts.map((p) => p.toString(2).padStart(8, '0')).join('');
  return /^1*0*$/.test(bits) ? (bits.indexOf('0') === -1 ? 32 : bits.indexOf('0')) : undefined;
}

function sameMatch(a: ParsedIptablesRule, b: ParsedIptablesRule): boolean {
  const key = (r: ParsedIptablesRule) =>
    JSON.stringify([r.protocol, r.sources, r.destinations, r.ports, r.sourcePorts, r.conditions]);
  return key(a) === key(b);
}

/** Parses `iptables-save` (or `ip6tables-save`) output. */
export function parseIptablesSave(text: string, file: string): NetfilterResult {
  const gaps: Gap[] = [];
  const gap = (line: number, message: string) =>
    gaps.push({ reason: 'parse-error', message, file, line, kinds: ['network.firewall'] });
  const family = /ip6tables-save/.test(text) ? 'ipv6' : 'ipv4';
  const chains = new Map<string, NetfilterChain>();
  const parsed = new Map<string, { rule: ParsedIptablesRule; line: number; text: string }[]>();
  let table: string | undefined;
  const lines = text.split(/\r?\n/);
  for (const [index, raw] of lines.entries()) {
    const lineNo = index + 1;
    const line = raw.trim();
    if (line === '' || line.startsWith('#')) continue;
    if (line.startsWith('*')) {
      table = line.slice(1).trim();
      continue;
    }
    if (line === 'COMMIT') {
      table = undefined;
      continue;
    }
    if (!table) {
      gap(lineNo, `"${line}" is outside a table (no *filter/*nat/... line before it)`);
      continue;
    }
    if (line.startsWith(':')) {
      const m = /^:(\S+)\s+(\S+)(?:\s+\[\d+:\d+\])?$/.exec(line);
      if (!m) {
        gap(lineNo, `malformed chain declaration "${line}"`);
        continue;
      }
      const [, name, policy] = m as unknown as [string, string, string];
      const hook = policy === '-' ? undefined : BASE_CHAINS[name];
      chains.set(`${table}/${name}`, newChain(family, table, name, hook, policy, lineNo));
      continue;
    }
    if (!line.startsWith('-A ')) {
      gap(lineNo, `unknown line "${line}"`);
      continue;
    }
    try {
      const rule = parseAppend(words(line));
      const key = `${table}/${rule.chain}`;
      // Built-in chains exist whether or not the file declares them (their policy is then unstated).
      const hook = BASE_CHAINS[rule.chain];
      if (!chains.has(key) && hook) chains.set(key, newChain(family, table, rule.chain, hook, undefined, lineNo));
      if (!chains.has(key)) {
        gap(lineNo, `rule for chain ${rule.chain}, which table ${table} does not declare`);
        continue;
      }
      const list = parsed.get(key) ?? [];
      list.push({ rule, line: lineNo, text: line });
      parsed.set(key, list);
    } catch (error) {
      if (!(error instanceof LineError)) throw error;
      gap(lineNo, `cannot read rule "${line}": ${error.message}`);
    }
  }

  // Normalize each chain's rules; jumps make the callee inherit the caller's direction.
  for (const [key, chain] of chains) {
    const entries = parsed.get(key) ?? [];
    let position = 0;
    entries.forEach((entry, i) => {
      const { rule } = entry;
      const target = rule.target;
      position++;
      if (target && chains.has(`${chain.table}/${target}`)) {
        const callee = chains.get(`${chain.table}/${target}`)!;
        callee.calledFrom.push(`${chain.table}/${chain.chain} rule ${position}`);
        callee.direction = chain.direction;
        return;
      }
      const action = target ? TERMINAL[target] : undefined;
      if (!action) {
        // LOG, RETURN, MARK, NAT targets and rules with no target decide nothing here.
        if (target === 'LOG' || target === 'NFLOG' || target === 'ULOG' || target === undefined || target === 'RETURN')
          return;
        if (chain.table === 'filter')
          gap(entry.line, `target ${target} is not modelled; rule "${entry.text}" is not read`);
        return;
      }
      const previous = entries[i - 1];
      const logged =
        previous !== undefined &&
        ['LOG', 'NFLOG', 'ULOG'].includes(previous.rule.target ?? '') &&
        sameMatch(previous.rule, rule);
      const normalized: NetfilterRule = {
        ...(rule.comment ? { name: rule.comment } : {}),
        direction: chain.direction,
        action,
        protocol: rule.protocol,
        ports: rule.ports ?? defaultPorts(rule.protocol),
        ...(rule.sourcePorts ? { sourcePorts: rule.sourcePorts } : {}),
        sources: rule.sources.length ? rule.sources : [family === 'ipv6' ? '::/0' : '0.0.0.0/0'],
        destinations: rule.destinations.length ? rule.destinations : [family === 'ipv6' ? '::/0' : '0.0.0.0/0'],
        priority: position,
        line: entry.line,
        logging: logged,
        enabled: true,
        text: entry.text,
        ...(rule.conditions.length ? { conditions: rule.conditions } : {}),
      };
      chain.rules.push(normalized);
    });
  }
  return { firewalls: [...chains.values()].filter(filters), gaps };
}

// A chain filters when it is in the filter table or it drops something.
function filters(chain: NetfilterChain): boolean {
  if (chain.table === 'nat') return false;
  return chain.table === 'filter' || chain.policy === 'deny' || chain.rules.some((r) => r.action === 'deny');
}

// ---------------------------------------------------------------------------------------------
// nft -j list ruleset (libnftables JSON: {"nftables": [{metainfo}, {table}, {chain}, {rule}, ...]})

type Json = unknown;
const isObject = (v: Json): v is Record<string, Json> => typeof v === 'object' && v !== null && !Array.isArray(v);

// A JSON document has no lines; each object of the `nftables` array is found by its position in
// the text, so a gap can name the line where the rule starts.
function objectLines(text: string): number[] {
  const lines: number[] = [];
  let depth = 0;
  let line = 1;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === '\n') line++;
    if (inString) {
      if (c === '\\') i++;
      else if (c === '"') inString = false;
      continue;
    }
    if (c === '"') inString = true;
    else if (c === '{' || c === '[') {
      depth++;
      if (depth === 3 && c === '{') lines.push(line);
    } else if (c === '}' || c === ']') depth--;
  }
  return lines;
}

const ADDRESS_FIELDS: Record<string, 'sources' | 'destinations'> = { saddr: 'sources', daddr: 'destinations' };

function nftAddress(right: Json): string[] | undefined {
  if (typeof right === 'string') return right.startsWith('@') ? undefined : [toCidr(right)];
  if (isObject(right) && isObject(right.prefix)) return [`${right.prefix.addr}/${right.prefix.len}`];
  if (isObject(right) && Array.isArray(right.set)) {
    const all = right.set.map(nftAddress);
    return all.every(Boolean) ? (all.flat() as string[]) : undefined;
  }
  if (isObject(right) && Array.isArray(right.range)) return undefined;
  return undefined;
}

function nftPorts(right: Json): { from: number; to: number }[] | undefined {
  if (typeof right === 'number') return [{ from: right, to: right }];
  if (isObject(right) && Array.isArray(right.range)) {
    const [from, to] = right.range;
    return typeof from === 'number' && typeof to === 'number' ? [{ from, to }] : undefined;
  }
  if (isObject(right) && Array.isArray(right.set)) {
    const all = right.set.map(nftPorts);
    return all.every(Boolean) ? (all.flat() as { from: number; to: number }[]) : undefined;
  }
  return undefined;
}

interface NftRuleMatch {
  protocol: string;
  sources: string[];
  destinations: string[];
  ports?: { from: number; to: number }[];
  sourcePorts?: { from: number; to: number }[];
  conditions: string[];
  logging: boolean;
  verdict?: string;
  jumpTarget?: string;
}

function describe(v: Json): string {
  return JSON.stringify(v);
}

const NFT_META_NAMES: Record<string, string> = {
  iifname: 'in-interface',
  oifname: 'out-interface',
  iif: 'in-interface',
  oif: 'out-interface',
};

// A condition in the words iptables uses where one exists (`ctstate established,related`,
// `in-interface lo`), so policies read both alike; otherwise the expression as JSON.
function nftCondition(left: Json, op: Json, right: Json): string {
  const values = Array.isArray(right)
    ? right.join(',')
    : isObject(right) && Array.isArray(right.set)
      ? right.set.join(',')
      : String(right);
  const negation = op === '!=' ? 'not ' : '';
  const plain = op === '==' || op === 'in' || op === '!=';
  if (plain && isObject(left) && isObject(left.ct) && left.ct.key === 'state') return `${negation}ctstate ${values}`;
  if (
    plain &&
    isObject(left) &&
    isObject(left.meta) &&
    typeof left.meta.key === 'string' &&
    NFT_META_NAMES[left.meta.key]
  )
    return `${negation}${NFT_META_NAMES[left.meta.key]} ${values}`;
  return `${describe(left)} ${String(op)} ${describe(right)}`;
}

function readNftExpr(exprs: Json[]): NftRuleMatch {
  const m: NftRuleMatch = { protocol: 'all', sources: [], destinations: [], conditions: [], logging: false };
  for (const e of exprs) {
    if (!isObject(e)) throw new LineError(`expression ${describe(e)} is not an object`);
    const [key] = Object.keys(e);
    const body = e[key!];
    if (key === 'match' && isObject(body)) {
      const { op, left, right } = body;
      const equal = op === '==' || op === 'in';
      if (isObject(left) && isObject(left.payload) && equal) {
        const { protocol, field } = left.payload as { protocol?: string; field?: string };
        if ((protocol === 'ip' || protocol === 'ip6') && field && ADDRESS_FIELDS[field]) {
          const addresses = nftAddress(right);
          if (addresses) {
            m[ADDRESS_FIELDS[field]].push(...addresses);
            continue;
          }
        }
        if (protocol && ['tcp', 'udp', 'sctp'].includes(protocol) && (field === 'dport' || field === 'sport')) {
          const ports = nftPorts(right);
          if (ports) {
            m.protocol = protocol;
            if (field === 'dport') m.ports = ports;
            else m.sourcePorts = ports;
            continue;
          }
        }
        if ((protocol === 'ip' && field === 'protocol') || (protocol === 'ip6' && field === 'nexthdr')) {
          if (typeof right === 'string') {
            m.protocol = protocolName(right);
            continue;
          }
        }
      }
      if (isObject(left) && isObject(left.meta) && left.meta.key === 'l4proto' && equal && typeof right === 'string') {
        m.protocol = protocolName(right);
        continue;
      }
      // Anything else narrows the match (ct state, interfaces, marks, negations).
      m.conditions.push(nftCondition(left, op, right));
      continue;
    }
    if (key === 'log') m.logging = true;
    else if (['accept', 'drop', 'reject', 'return', 'continue'].includes(key!)) m.verdict = key;
    else if ((key === 'jump' || key === 'goto') && isObject(body) && typeof body.target === 'string') {
      m.verdict = key;
      m.jumpTarget = body.target;
    } else if (['counter', 'limit', 'comment', 'meta', 'mangle', 'notrack'].includes(key!)) {
      // Statements that decide nothing; a `limit` narrows the match.
      if (key === 'limit') m.conditions.push(`limit ${describe(body)}`);
    } else {
      throw new LineError(`statement "${key}" is not modelled`);
    }
  }
  return m;
}

/** Parses `nft -j list ruleset` output. */
export function parseNftJson(text: string, file: string): NetfilterResult {
  const gaps: Gap[] = [];
  const gap = (line: number | undefined, message: string) =>
    gaps.push({ reason: 'parse-error', message, file, ...(line ? { line } : {}), kinds: ['network.firewall'] });
  let doc: Json;
  try {
    doc = JSON.parse(text);
  } catch (error) {
    gap(1, `not valid JSON: ${(error as Error).message}`);
    return { firewalls: [], gaps };
  }
  const items = isObject(doc) && Array.isArray(doc.nftables) ? doc.nftables : undefined;
  if (!items) {
    gap(1, 'no "nftables" array at the top level');
    return { firewalls: [], gaps };
  }
  const lines = objectLines(text);
  const chains = new Map<string, NetfilterChain>();
  const positions = new Map<string, number>();
  const pending: { chainKey: string; match: NftRuleMatch; line: number | undefined; comment?: string; text: string }[] =
    [];
  for (const [i, item] of items.entries()) {
    const line = lines[i];
    if (!isObject(item)) {
      gap(line, 'an entry of "nftables" that is not an object');
      continue;
    }
    const [kind] = Object.keys(item);
    const body = item[kind!];
    if (!isObject(body)) {
      gap(line, `"${kind}" entry that is not an object`);
      continue;
    }
    if (kind === 'chain') {
      const { family, table, name, hook, policy } = body as Record<string, string | undefined>;
      if (!family || !table || !name) {
        gap(line, 'chain without family, table or name');
        continue;
      }
      chains.set(`${family}/${table}/${name}`, newChain(family, table, name, hook, policy, line ?? 1));
      continue;
    }
    if (kind === 'rule') {
      const { family, table, chain, expr, comment } = body as Record<string, Json>;
      const key = `${family}/${table}/${chain}`;
      if (!chains.has(key)) {
        gap(line, `rule for chain ${String(chain)}, which is not declared before it`);
        continue;
      }
      if (!Array.isArray(expr)) {
        gap(line, 'rule without an "expr" array');
        continue;
      }
      try {
        pending.push({
          chainKey: key,
          match: readNftExpr(expr),
          line,
          ...(typeof comment === 'string' ? { comment } : {}),
          text: JSON.stringify(expr),
        });
      } catch (error) {
        if (!(error instanceof LineError)) throw error;
        gap(line, `cannot read rule in ${table}/${chain}: ${error.message}`);
      }
    }
    // metainfo, table, set, map, element, flowtable, counter...: no rule of their own.
  }
  for (const { chainKey, match, line, comment, text: ruleText } of pending) {
    const chain = chains.get(chainKey)!;
    const position = (positions.get(chainKey) ?? 0) + 1;
    positions.set(chainKey, position);
    if (match.jumpTarget) {
      const callee = chains.get(`${chain.family}/${chain.table}/${match.jumpTarget}`);
      if (callee) {
        callee.calledFrom.push(`${chain.table}/${chain.chain} rule ${position}`);
        callee.direction = chain.direction;
      } else gap(line, `jump to chain ${match.jumpTarget}, which is not declared`);
      continue;
    }
    const action =
      match.verdict === 'accept'
        ? 'allow'
        : match.verdict === 'drop' || match.verdict === 'reject'
          ? 'deny'
          : undefined;
    if (!action) continue; // counters, logs and returns decide nothing
    const any = chain.family === 'ip6' ? '::/0' : '0.0.0.0/0';
    chain.rules.push({
      ...(comment ? { name: comment } : {}),
      direction: chain.direction,
      action,
      protocol: match.protocol,
      ports: match.ports ?? defaultPorts(match.protocol),
      ...(match.sourcePorts ? { sourcePorts: match.sourcePorts } : {}),
      sources: match.sources.length ? match.sources : chain.family === 'inet' ? ['0.0.0.0/0', '::/0'] : [any],
      destinations: match.destinations.length
        ? match.destinations
        : chain.family === 'inet'
          ? ['0.0.0.0/0', '::/0']
          : [any],
      priority: position,
      ...(line ? { line } : {}),
      logging: match.logging,
      enabled: true,
      text: ruleText,
      ...(match.conditions.length ? { conditions: match.conditions } : {}),
    });
  }
  return { firewalls: [...chains.values()].filter(filters), gaps };
}
