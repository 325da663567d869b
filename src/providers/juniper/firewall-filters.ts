// Junos stateless firewall filters (`firewall filter F` and `firewall family inet|inet6 filter F`,
// terms with `from` match conditions and `then` actions) as network.firewall rulebases: one per
// filter (or `input-list`/`output-list` chain of filters) and direction it is bound in under
// `interfaces IF unit U family inet|inet6 filter`, one without binding for a filter nothing uses.
//
// Facts this follows (Junos "Firewall Filter Terms" and "Actions"): terms are evaluated in order
// and the first term whose `from` conditions all match decides; a term without a terminating
// action accepts (`count`, `log`, `policer` alone do not stop the packet); `next term` makes the
// term decide nothing; traffic no term matches is discarded (the implicit discard at the end of a
// filter, or of the last filter of a list). A term logs with `then log` or `then syslog`; `count`
// only counts. Match conditions the model has no field for (icmp-type, tcp-flags, interface,
// `except` entries) are kept as conditions; `tcp-established` is kept as an established-state
// condition. A term that references another filter (`term T filter F2`) takes F2's terms there.
import type { DeviceRulebase, FirewallRule } from '../../model/kinds.ts';
import type { Gap } from '../../model/resource.ts';
import { everyPort, type JunosObjects, junosPorts, junosProtocol, prefixOf, type Range } from './objects.ts';
import { type JunosStatement, systemLabel } from './statements.ts';

interface Term {
  name: string;
  line: number;
  enabled: boolean;
  from: [string, string[]][];
  /** The `then` statements. */
  actions: string[][];
  /** `term T filter OTHER`: the other filter's terms are evaluated here. */
  filter?: string;
}

interface Filter {
  family: string;
  name: string;
  line: number;
  terms: Map<string, Term>;
}

interface Binding {
  family: string;
  direction: 'input' | 'output';
  filters: string[];
  where: string;
  line: number;
  /** Bound with `input-list`/`output-list`: each statement adds a filter. */
  list: boolean;
}

const TERMINATING_ALLOW = new Set([
  'accept',
  'routing-instance',
  'next-interface',
  'next-ip',
  'next-ip6',
  'decapsulate',
]);
const TERMINATING_DENY = new Set(['discard', 'reject']);
const LOG_ACTIONS = new Set(['log', 'syslog']);
// Actions that do not end evaluation; a term with only these accepts the packet.
const NON_TERMINATING = new Set([
  'count',
  'log',
  'syslog',
  'policer',
  'three-color-policer',
  'sample',
  'port-mirror',
  'port-mirror-instance',
  'forwarding-class',
  'loss-priority',
  'dscp',
  'traffic-class',
  'service-accounting',
  'analyzer',
  'prefix-action',
  'hierarchical-policer',
]);

function collectFilters(statements: JunosStatement[], file: string, gaps: Gap[]): Map<string, Filter> {
  const filters = new Map<string, Filter>();
  const unread = new Set<string>();
  for (const s of statements) {
    const w = s.words;
    if (w[0] !== 'firewall') continue;
    let family: string;
    let at: number;
    if (w[1] === 'filter' && w[2]) [family, at] = ['inet', 2];
    else if (w[1] === 'family' && w[2] && w[3] === 'filter' && w[4]) [family, at] = [w[2], 4];
    else continue;
    const name = w[at]!;
    if (family !== 'inet' && family !== 'inet6') {
      if (!unread.has(`${family}/${name}`))
        gaps.push({
          reason: 'other',
          file,
          line: s.line,
          message: `firewall family ${family} filter "${name}" is not an IP filter assay reads; its terms are not judged`,
          kinds: ['network.firewall'],
        });
      unread.add(`${family}/${name}`);
      continue;
    }
    const key = `${family}/${name}`;
    const filter = filters.get(key) ?? { family, name, line: s.wordLines[at] ?? s.line, terms: new Map() };
    filters.set(key, filter);
    if (w[at + 1] !== 'term' || !w[at + 2]) continue;
    const termName = w[at + 2]!;
    const term = filter.terms.get(termName) ?? {
      name: termName,
      line: s.wordLines[at + 2] ?? s.line,
      enabled: true,
      from: [],
      actions: [],
    };
    filter.terms.set(termName, term);
    if (s.inactiveAt !== undefined && s.inactiveAt <= at + 3) term.enabled = false;
    else if (s.inactiveAt !== undefined) continue;
    const [section, key2, ...value] = w.slice(at + 3);
    if (section === 'from' && key2) term.from.push([key2, value]);
    else if (section === 'then' && key2) term.actions.push([key2, ...value]);
    else if (section === 'filter' && key2) term.filter = key2;
  }
  return filters;
}

function collectBindings(statements: JunosStatement[]): Binding[] {
  const bindings = new Map<string, Binding>();
  for (const s of statements) {
    if (s.inactiveAt !== undefined) continue;
    const w = s.words;
    let where: string;
    let rest: string[];
    if (w[0] === 'interfaces' && w[2] === 'unit' && w[4] === 'family' && w[6] === 'filter') {
      where = `${w[1]}.${w[3]}`;
      rest = w.slice(5);
    } else if (w[0] === 'forwarding-options' && w[1] === 'family' && w[3] === 'filter') {
      where = 'forwarding-options';
      rest = w.slice(2);
    } else continue;
    const [family, , kind, name] = rest as [string, string, string, string | undefined];
    if (!name) continue;
    const direction = kind.startsWith('input') ? 'input' : kind.startsWith('output') ? 'output' : undefined;
    if (!direction) continue;
    const key = `${where}/${family}/${direction}`;
    const existing = bindings.get(key);
    // `input` and `input-list` replace each other; a list grows with each item.
    const list = kind.endsWith('-list');
    if (existing?.list && list) existing.filters.push(name);
    else bindings.set(key, { family, direction, filters: [name], where, line: s.line, list });
  }
  return [...bindings.values()];
}

type Match = { sources: string[]; destinations: string[]; protocols: string[]; ports?: Range[]; sourcePorts?: Range[] };

function termRules(term: Term, filter: Filter, objects: JunosObjects): { rules: FirewallRule[]; unresolved: string[] } {
  const unresolved: string[] = [];
  const conditions: string[] = [];
  const match: Match = { sources: [], destinations: [], protocols: [] };
  // A side the term names but no value of which resolves matches unknown peers, never "any".
  const named = { sources: false, destinations: false };
  const peers = (target: string[], values: string[], key: string) => {
    named[key.startsWith('source') ? 'sources' : 'destinations'] = true;
    if (values.includes('except')) {
      conditions.push(`${key} except ${values[0]}`);
      return;
    }
    const v = values[0] ?? '';
    if (key.endsWith('prefix-list')) {
      const r = objects.resolvePrefixList(v);
      target.push(...r.values);
      unresolved.push(...r.unresolved);
    } else {
      const prefix = prefixOf(v);
      if (prefix) target.push(prefix);
      else unresolved.push(`${key} ${v}`);
    }
  };
  const ports = (key: 'ports' | 'sourcePorts', values: string[]) => {
    for (const v of values) {
      const r = junosPorts(v);
      if (r) match[key] = [...(match[key] ?? []), r];
      else unresolved.push(`${key === 'ports' ? 'destination-port' : 'source-port'} ${v}`);
    }
  };
  for (const [key, values] of term.from) {
    if (key === 'source-address' || key === 'source-prefix-list') peers(match.sources, values, key);
    else if (key === 'destination-address' || key === 'destination-prefix-list') peers(match.destinations, values, key);
    else if (key === 'protocol' || key === 'next-header' || key === 'payload-protocol')
      match.protocols.push(...values.map(junosProtocol));
    else if (key === 'destination-port') ports('ports', values);
    else if (key === 'source-port') ports('sourcePorts', values);
    else if (key === 'tcp-established') conditions.push('state established (tcp-established)');
    else conditions.push(`${key} ${values.join(' ')}`.trim());
  }
  const actions = term.actions.map((t) => t[0]!);
  for (const a of actions)
    if (!TERMINATING_ALLOW.has(a) && !TERMINATING_DENY.has(a) && !NON_TERMINATING.has(a))
      unresolved.push(`then ${a} (an action assay does not know)`);
  const allow = actions.find((a) => TERMINATING_ALLOW.has(a));
  const deny = actions.find((a) => TERMINATING_DENY.has(a));
  const action: 'allow' | 'deny' = deny && !allow ? 'deny' : 'allow';
  const every = ['0.0.0.0/0', '::/0'].filter((p) => (filter.family === 'inet6' ? p === '::/0' : p === '0.0.0.0/0'));
  const protocols = match.protocols.length
    ? [...new Set(match.protocols)]
    : match.ports || match.sourcePorts
      ? ['tcp', 'udp']
      : ['all'];
  const text = `term ${term.name}: from ${term.from.map(([k, v]) => `${k} ${v.join(' ')}`).join('; ') || '(any)'} then ${term.actions.map((t) => t.join(' ')).join('; ') || '(accept)'}`;
  const rules = protocols.map(
    (protocol): FirewallRule => ({
      name: term.name,
      direction: 'ingress',
      action,
      protocol,
      ports: match.ports ?? everyPort(protocol),
      ...(match.sourcePorts ? { sourcePorts: match.sourcePorts } : {}),
      sources: match.sources.length || named.sources ? [...new Set(match.sources)] : every,
      destinations: match.destinations.length || named.destinations ? [...new Set(match.destinations)] : every,
      line: term.line,
      logging: actions.some((a) => LOG_ACTIONS.has(a)),
      enabled: term.enabled,
      text,
      ...(conditions.length ? { conditions } : {}),
      ...(unresolved.length ? { unresolved: [...new Set(unresolved)] } : {}),
    }),
  );
  return { rules, unresolved };
}

export function readFirewallFilters(
  statements: JunosStatement[],
  objects: JunosObjects,
  file: string,
  idPrefix: string,
): { rulebases: DeviceRulebase[]; gaps: Gap[] } {
  const gaps: Gap[] = [];
  const filters = collectFilters(statements, file, gaps);
  const reported = new Set<string>();
  const rulesOf = (filter: Filter, seen: Set<string>): FirewallRule[] => {
    const out: FirewallRule[] = [];
    for (const term of filter.terms.values()) {
      if (term.filter) {
        const nested = filters.get(`${filter.family}/${term.filter}`);
        if (nested && !seen.has(nested.name)) out.push(...rulesOf(nested, new Set([...seen, nested.name])));
        else if (!reported.has(`${filter.name}/${term.name}`)) {
          reported.add(`${filter.name}/${term.name}`);
          gaps.push({
            reason: 'unresolved-reference',
            file,
            line: term.line,
            message: `term "${term.name}" of filter "${filter.name}" refers to filter "${term.filter}", which is ${nested ? 'already being evaluated (a loop)' : 'not defined'}; its terms are not read`,
            kinds: ['network.firewall'],
          });
        }
        continue;
      }
      if (term.actions.some((t) => t[0] === 'next' && t[1] === 'term')) continue;
      const { rules, unresolved } = termRules(term, filter, objects);
      const key = `${filter.name}/${term.name}`;
      if (!reported.has(key))
        for (const u of new Set(unresolved))
          gaps.push({
            reason: 'unresolved-reference',
            file,
            line: term.line,
            message: `term "${term.name}" of filter "${filter.name}": "${u}" cannot be resolved to addresses or ports; the term's match is unknown`,
            kinds: ['network.firewall'],
          });
      reported.add(key);
      out.push(...rules);
    }
    return out;
  };
  const rulebases: DeviceRulebase[] = [];
  const used = new Set<string>();
  const grouped = new Map<string, { bindings: Binding[]; filters: Filter[] }>();
  for (const b of collectBindings(statements)) {
    const found = b.filters.map((n) => filters.get(`${b.family}/${n}`));
    const missing = b.filters.filter((_, i) => !found[i]);
    if (missing.length) {
      gaps.push({
        reason: 'unresolved-reference',
        file,
        line: b.line,
        message: `${b.where} family ${b.family} filter ${b.direction} names filter ${missing.map((m) => `"${m}"`).join(', ')}, which is not defined; what it filters is unknown`,
        kinds: ['network.firewall'],
      });
      continue;
    }
    const key = `${b.family}/${b.filters.join('+')}/${b.direction}`;
    const group = grouped.get(key) ?? { bindings: [], filters: found as Filter[] };
    group.bindings.push(b);
    grouped.set(key, group);
  }
  for (const [key, group] of grouped) {
    const first = group.bindings[0]!;
    for (const f of group.filters) used.add(`${f.family}/${f.name}`);
    const direction = first.direction === 'input' ? 'ingress' : 'egress';
    const rules = group.filters.flatMap((f) => rulesOf(f, new Set([f.name])));
    rulebases.push(
      filterRulebase(
        `${idPrefix}filter/${key}`,
        `${systemLabel(idPrefix)}${first.family} filter ${first.filters.join(', ')} (${first.direction})`,
        group.filters[0]!.line,
        rules,
        direction,
        {
          attachedTo: group.bindings.map((b) => `${b.where} ${b.direction}`),
          binding: group.bindings.map((b) => ({
            interface: b.where,
            direction: b.direction === 'input' ? 'in' : 'out',
          })),
        },
      ),
    );
  }
  for (const filter of filters.values()) {
    if (used.has(`${filter.family}/${filter.name}`)) continue;
    const rules = rulesOf(filter, new Set([filter.name]));
    rulebases.push(
      filterRulebase(
        `${idPrefix}filter/${filter.family}/${filter.name}`,
        `${systemLabel(idPrefix)}${filter.family} filter ${filter.name}`,
        filter.line,
        rules,
        'ingress',
        {
          attachedTo: [],
          binding: [],
        },
      ),
    );
  }
  return { rulebases, gaps };
}

function filterRulebase(
  id: string,
  name: string,
  line: number,
  rules: FirewallRule[],
  direction: 'ingress' | 'egress',
  where: Pick<DeviceRulebase, 'attachedTo' | 'binding'>,
): DeviceRulebase {
  let position = 0;
  let last: string | undefined;
  const numbered = rules.map((r) => {
    const key = `${r.name}@${r.line}`;
    if (key !== last) position++;
    last = key;
    return { ...r, direction, priority: position };
  });
  return {
    id,
    name,
    nativeType: 'junos firewall filter',
    line,
    rules: numbered,
    direction,
    defaultAction: 'deny',
    ...where,
  };
}
