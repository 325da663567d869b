// Junos SRX security policies (`security policies from-zone A to-zone B policy P match ... then
// ...`, global policies, the default policy) as network.firewall rulebases: one per zone pair, its
// policies in order followed by the global policies that apply to the pair (Junos evaluates zone
// policies, then global policies, then the default policy), and one for the global policies on
// their own (traffic between zones no zone policy names). The default policy is deny-all unless
// `default-policy permit-all` is set. A policy logs when `then log session-init` or
// `session-close` is set; `then count` only counts. The zone pair is the rulebase's binding, as
// the interface is for an ACL, so an any/any/any permit between two zones matches everything.
import type { DeviceRulebase, FirewallRule } from '../../model/kinds.ts';
import type { Gap } from '../../model/resource.ts';
import { ALL_PEERS, type JunosObjects, type Service } from './objects.ts';
import { type JunosStatement, systemLabel } from './statements.ts';

interface Policy {
  name: string;
  line: number;
  enabled: boolean;
  match: Map<string, string[]>;
  /** The `then` statements. */
  actions: string[][];
  /** Other statements that narrow the match (scheduler-name). */
  other: string[][];
}

interface Context {
  /** Zone pair ("A>B"), or "global". */
  key: string;
  policies: Map<string, Policy>;
  line: number;
}

const ANY_CONDITION = new Set(['any', 'any-ipv4', 'any-ipv6']);

function collect(statements: JunosStatement[]): { contexts: Map<string, Context>; defaultPolicy?: string } {
  const contexts = new Map<string, Context>();
  let defaultPolicy: string | undefined;
  for (const s of statements) {
    const w = s.words;
    if (w[0] !== 'security' || w[1] !== 'policies') continue;
    if (w[2] === 'default-policy' && s.inactiveAt === undefined) defaultPolicy = w[3];
    let key: string;
    let at: number;
    if (w[2] === 'from-zone' && w[4] === 'to-zone' && w[6] === 'policy' && w[7]) {
      key = `${w[3]}>${w[5]}`;
      at = 7;
    } else if (w[2] === 'global' && w[3] === 'policy' && w[4]) {
      key = 'global';
      at = 4;
    } else continue;
    const context = contexts.get(key) ?? { key, policies: new Map(), line: s.wordLines[2] ?? s.line };
    contexts.set(key, context);
    const name = w[at]!;
    const policy = context.policies.get(name) ?? {
      name,
      line: s.wordLines[at] ?? s.line,
      enabled: true,
      match: new Map(),
      actions: [],
      other: [],
    };
    context.policies.set(name, policy);
    if (s.inactiveAt !== undefined && s.inactiveAt <= at + 1) policy.enabled = false;
    else if (s.inactiveAt !== undefined) continue;
    const [section, key2, ...value] = w.slice(at + 1);
    if (section === 'match' && key2) policy.match.set(key2, [...(policy.match.get(key2) ?? []), ...value]);
    else if (section === 'then' && key2) policy.actions.push([key2, ...value]);
    else if (section === 'scheduler-name' && key2) policy.other.push([section, key2]);
  }
  return { contexts, ...(defaultPolicy ? { defaultPolicy } : {}) };
}

interface Built {
  rules: FirewallRule[];
  gaps: Gap[];
}

function buildRule(
  policy: Policy,
  from: string | undefined,
  to: string | undefined,
  objects: JunosObjects,
  file: string,
  label: string,
): Built {
  const gaps: Gap[] = [];
  const gap = (reason: Gap['reason'], message: string) =>
    gaps.push({
      reason,
      file,
      line: policy.line,
      message: `policy "${policy.name}" in ${label}: ${message}`,
      kinds: ['network.firewall'],
    });
  const actions = policy.actions.map((t) => t[0]);
  const action = actions.find((a) => a === 'permit' || a === 'deny' || a === 'reject');
  if (!action) {
    gap('parse-error', 'no "then permit|deny|reject" action; the policy is not read');
    return { rules: [], gaps };
  }
  const conditions: string[] = [];
  const unresolved: string[] = [];
  const list = (k: string) => policy.match.get(k) ?? [];
  for (const required of ['source-address', 'destination-address', 'application'])
    if (list(required).length === 0) unresolved.push(`no match ${required}`);
  const peers = (key: string, zone: string | undefined) => {
    const resolved = list(key).map((n) => objects.resolveAddress(n, zone));
    unresolved.push(...resolved.flatMap((r) => r.unresolved));
    return [...new Set(resolved.flatMap((r) => r.values))];
  };
  let sources = peers('source-address', from);
  let destinations = peers('destination-address', to);
  if (policy.match.has('source-address-excluded')) {
    conditions.push(`not source ${list('source-address').join(',')}`);
    sources = ALL_PEERS;
  }
  if (policy.match.has('destination-address-excluded')) {
    conditions.push(`not destination ${list('destination-address').join(',')}`);
    destinations = ALL_PEERS;
  }
  const services: Service[] = [];
  for (const name of list('application')) {
    const r = objects.resolveApplication(name);
    services.push(...r.values);
    unresolved.push(...r.unresolved);
  }
  for (const [key, values] of policy.match) {
    if (
      [
        'source-address',
        'destination-address',
        'application',
        'source-address-excluded',
        'destination-address-excluded',
      ].includes(key)
    )
      continue;
    if ((key === 'from-zone' || key === 'to-zone') && from !== undefined) continue;
    if (values.every((v) => ANY_CONDITION.has(v)) && values.length) continue;
    conditions.push(`${key} ${values.join(',')}`);
  }
  for (const extra of policy.other) conditions.push(extra.join(' '));
  for (const u of new Set(unresolved))
    gap('unresolved-reference', `"${u}" cannot be resolved to addresses or ports; the policy's match is unknown`);
  const logging = policy.actions.some((t) => t[0] === 'log' && (t[1] === 'session-init' || t[1] === 'session-close'));
  const text = `policy ${policy.name}: match source-address ${list('source-address').join(',')} destination-address ${list('destination-address').join(',')} application ${list('application').join(',')} then ${policy.actions.map((t) => t.join(' ')).join('; ')}`;
  const rules = (services.length ? services : [{ protocol: 'all', ports: [] } as Service]).map(
    (service): FirewallRule => {
      const all = [...conditions, ...(service.conditions ?? [])];
      return {
        name: policy.name,
        direction: 'ingress',
        action: action === 'permit' ? 'allow' : 'deny',
        protocol: service.protocol,
        ports: service.ports,
        ...(service.sourcePorts ? { sourcePorts: service.sourcePorts } : {}),
        sources,
        destinations,
        line: policy.line,
        logging,
        enabled: policy.enabled,
        text,
        ...(all.length ? { conditions: all } : {}),
        ...(unresolved.length ? { unresolved: [...new Set(unresolved)] } : {}),
      };
    },
  );
  return { rules, gaps };
}

/** Global policies that can match traffic from `from` to `to` (their from-zone/to-zone match). */
function appliesTo(policy: Policy, from: string, to: string): boolean {
  const zones = (k: string) => policy.match.get(k) ?? ['any'];
  return (
    zones('from-zone').some((z) => z === 'any' || z === from) && zones('to-zone').some((z) => z === 'any' || z === to)
  );
}

export function readSecurityPolicies(
  statements: JunosStatement[],
  objects: JunosObjects,
  file: string,
  idPrefix: string,
): { rulebases: DeviceRulebase[]; gaps: Gap[] } {
  const { contexts, defaultPolicy } = collect(statements);
  const gaps: Gap[] = [];
  const rulebases: DeviceRulebase[] = [];
  const defaultAction = defaultPolicy === 'permit-all' ? 'allow' : 'deny';
  const global = contexts.get('global');
  // Every rule a policy expands to (one per application) has the policy's position.
  const append = (rules: FirewallRule[], built: FirewallRule[]) => {
    const position = (rules.at(-1)?.priority ?? 0) + 1;
    for (const r of built) rules.push({ ...r, priority: position });
  };
  for (const context of contexts.values()) {
    if (context.key === 'global') continue;
    const [from, to] = context.key.split('>') as [string, string];
    const label = `from-zone ${from} to-zone ${to}`;
    const rules: FirewallRule[] = [];
    for (const policy of context.policies.values()) {
      const built = buildRule(policy, from, to, objects, file, label);
      append(rules, built.rules);
      gaps.push(...built.gaps);
    }
    for (const policy of global?.policies.values() ?? []) {
      if (!appliesTo(policy, from, to)) continue;
      // Gaps of global policies are reported once, with the global rulebase below.
      append(rules, buildRule(policy, from, to, objects, file, 'global').rules);
    }
    rulebases.push({
      id: `${idPrefix}security-policies/${from}/${to}`,
      name: `${systemLabel(idPrefix)}${label}`,
      nativeType: 'junos security policies',
      line: context.line,
      rules,
      direction: 'ingress',
      defaultAction,
      attachedTo: [`zones ${from} -> ${to}`],
      binding: [{ fromZones: [from], toZones: [to] }],
    });
  }
  if (global) {
    const rules: FirewallRule[] = [];
    for (const policy of global.policies.values()) {
      const built = buildRule(policy, undefined, undefined, objects, file, 'global policies');
      append(rules, built.rules);
      gaps.push(...built.gaps);
    }
    rulebases.push({
      id: `${idPrefix}security-policies/global`,
      name: `${systemLabel(idPrefix)}global policies`,
      nativeType: 'junos security policies',
      line: global.line,
      rules,
      direction: 'ingress',
      defaultAction,
      attachedTo: ['zones any -> any'],
      binding: [{ fromZones: ['any'], toZones: ['any'] }],
    });
  }
  return { rulebases, gaps };
}
