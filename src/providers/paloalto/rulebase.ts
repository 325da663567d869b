// Palo Alto PAN-OS security rulebases from an XML configuration (`show config running` output,
// an exported running-config.xml, or Panorama's) as the normalized network.firewall model.
//
// parsePanosXml(text, file) reads each vsys rulebase (/config/devices/entry/vsys/entry/rulebase/
// security/rules/entry), each Panorama device group's pre- and post-rulebase and the shared ones
// (readPanosConfig does the reading, for ./set-format.ts too), resolving
// address objects and static groups, service objects and groups (vsys or device-group scope
// first, then shared; `service-http`/`service-https` are PAN-OS's predefined services). An
// undefined, FQDN, dynamic-group or region peer is recorded as unresolved (the rule's match is
// unknown) with a gap. XML is parsed with fast-xml-parser; a document that is not well-formed is a
// gap at the line the validator names, and nothing of it is read.
//
// Rules match in order, first match wins; traffic between zones that no rule matches is denied
// (PAN-OS's interzone-default rule), traffic within one zone allowed (intrazone-default), which
// the rulebase's `defaultAction: deny` does not capture (`default-security-rules` overriding the
// interzone default to allow makes it `allow`). Zones, applications other than `any`, users,
// URL categories, HIP profiles, rule-type, schedules, negation and `application-default` service
// are kept as rule conditions.
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import type { DeviceRulebase, FirewallRule } from '../../model/kinds.ts';
import type { Gap } from '../../model/resource.ts';

export type PanosRulebase = DeviceRulebase;

export type Node = Record<string, unknown>;
type Range = { from: number; to: number };

const ALL_PEERS = ['0.0.0.0/0', '::/0'];

// PAN-OS's predefined services (Objects > Services, "predefined").
const PREDEFINED_SERVICES: Record<string, { protocol: string; ports: Range[] }> = {
  'service-http': {
    protocol: 'tcp',
    ports: [
      { from: 80, to: 80 },
      { from: 8080, to: 8080 },
    ],
  },
  'service-https': { protocol: 'tcp', ports: [{ from: 443, to: 443 }] },
};

const parser = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: '@_',
  parseTagValue: false,
  isArray: (name) => name === 'entry' || name === 'member',
});

const asNode = (v: unknown): Node | undefined =>
  typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Node) : undefined;
const entries = (v: unknown): Node[] => (asNode(v)?.entry as Node[] | undefined) ?? [];
const members = (v: unknown): string[] => ((asNode(v)?.member as unknown[] | undefined) ?? []).map(textOf);
const child = (n: Node | undefined, ...path: string[]) =>
  path.reduce<Node | undefined>((acc, k) => asNode(acc?.[k]), n);

function textOf(v: unknown): string {
  if (typeof v === 'string') return v.trim();
  const n = asNode(v);
  return typeof n?.['#text'] === 'string' ? (n['#text'] as string).trim() : '';
}

function portRanges(text: string): Range[] | undefined {
  const out: Range[] = [];
  for (const part of text.split(',')) {
    const [a, b = a] = part.trim().split('-');
    const from = Number(a);
    const to = Number(b);
    if (!Number.isInteger(from) || !Number.isInteger(to) || from < 0 || to > 65535 || from > to) return undefined;
    out.push({ from, to });
  }
  return out;
}

/** Object tables of one scope (a vsys or device group) over the shared ones. */
interface Scope {
  addresses: Map<string, Node>;
  addressGroups: Map<string, Node>;
  services: Map<string, Node>;
  serviceGroups: Map<string, Node>;
}

function scopeOf(node: Node | undefined, parent?: Scope): Scope {
  const table = (key: string, inherited?: Map<string, Node>) =>
    new Map([...(inherited ?? []), ...entries(node?.[key]).map((e) => [String(e['@_name']), e] as const)]);
  return {
    addresses: table('address', parent?.addresses),
    addressGroups: table('address-group', parent?.addressGroups),
    services: table('service', parent?.services),
    serviceGroups: table('service-group', parent?.serviceGroups),
  };
}

interface Resolved<T> {
  values: T[];
  unresolved: string[];
}

function resolveAddress(name: string, scope: Scope, seen = new Set<string>()): Resolved<string> {
  if (name === 'any') return { values: ALL_PEERS, unresolved: [] };
  if (/^[0-9a-f.:]+(\/\d+)?$/i.test(name) && /[.:]/.test(name))
    return { values: [name.includes('/') ? name : `${name}/${name.includes(':') ? 128 : 32}`], unresolved: [] };
  if (/^[0-9.]+-[0-9.]+$/.test(name)) return { values: [name], unresolved: [] };
  if (seen.has(name)) return { values: [], unresolved: [name] };
  seen.add(name);
  const object = scope.addresses.get(name);
  if (object) {
    const netmask = textOf(object['ip-netmask']);
    if (netmask) return resolveAddress(netmask, scope, seen);
    const range = textOf(object['ip-range']);
    if (range) return { values: [range], unresolved: [] };
    const fqdn = textOf(object.fqdn);
    return { values: [], unresolved: [fqdn ? `${name} (fqdn ${fqdn})` : name] };
  }
  const group = scope.addressGroups.get(name);
  if (group && group.static !== undefined) {
    const out: Resolved<string> = { values: [], unresolved: [] };
    for (const m of members(group.static)) {
      const inner = resolveAddress(m, scope, seen);
      out.values.push(...inner.values);
      out.unresolved.push(...inner.unresolved);
    }
    return out;
  }
  return { values: [], unresolved: [group ? `${name} (dynamic group)` : name] };
}

interface Service {
  protocol: string;
  ports: Range[];
  sourcePorts?: Range[];
}

function resolveService(name: string, scope: Scope, seen = new Set<string>()): Resolved<Service> {
  const predefined = PREDEFINED_SERVICES[name];
  if (predefined && !scope.services.has(name)) return { values: [predefined], unresolved: [] };
  if (seen.has(name)) return { values: [], unresolved: [name] };
  seen.add(name);
  const object = scope.services.get(name);
  if (object) {
    const protocols = child(object, 'protocol') ?? {};
    const out: Resolved<Service> = { values: [], unresolved: [] };
    for (const protocol of ['tcp', 'udp', 'sctp']) {
      const p = child(protocols, protocol);
      if (!p) continue;
      const ports = portRanges(textOf(p.port));
      const source = textOf(p['source-port']);
      const sourcePorts = source ? portRanges(source) : undefined;
      if (!ports || (source && !sourcePorts)) out.unresolved.push(`${name} (ports "${textOf(p.port)}")`);
      else out.values.push({ protocol, ports, ...(sourcePorts ? { sourcePorts } : {}) });
    }
    if (out.values.length === 0 && out.unresolved.length === 0) out.unresolved.push(name);
    return out;
  }
  const group = scope.serviceGroups.get(name);
  if (group) {
    const out: Resolved<Service> = { values: [], unresolved: [] };
    for (const m of members(group.members)) {
      const inner = resolveService(m, scope, seen);
      out.values.push(...inner.values);
      out.unresolved.push(...inner.unresolved);
    }
    return out;
  }
  return { values: [], unresolved: [name] };
}

/** The line of each `<security><rules>` block and of each rule entry in it, in document order. */
function ruleLines(text: string): { start: number; rules: Map<string, number> }[] {
  const lineAt = (offset: number) => text.slice(0, offset).split('\n').length;
  const blocks: { start: number; rules: Map<string, number> }[] = [];
  for (const m of text.matchAll(/<security>\s*<rules>([\s\S]*?)<\/rules>/g)) {
    const rules = new Map<string, number>();
    const base = m.index + m[0].indexOf('<rules>');
    for (const e of m[1]!.matchAll(/<entry\s+name="([^"]*)"/g)) {
      if (!rules.has(e[1]!)) rules.set(e[1]!, lineAt(base + 7 + e.index));
    }
    blocks.push({ start: lineAt(m.index), rules });
  }
  return blocks;
}

export function parsePanosXml(text: string, file: string): { rulebases: PanosRulebase[]; gaps: Gap[] } {
  const valid = XMLValidator.validate(text);
  if (valid !== true)
    return {
      rulebases: [],
      gaps: [
        {
          reason: 'parse-error',
          file,
          line: valid.err.line,
          message: `not well-formed XML: ${valid.err.msg}; no rules were read`,
          kinds: ['network.firewall'],
        },
      ],
    };
  const doc = parser.parse(text) as Node;
  const root = child(doc, 'response', 'result', 'config') ?? child(doc, 'config');
  if (!root)
    return {
      rulebases: [],
      gaps: [
        {
          reason: 'parse-error',
          file,
          line: 1,
          message: 'no <config> element; no rules were read',
          kinds: ['network.firewall'],
        },
      ],
    };
  // Rulebases are read in document order, so the n-th one read is the n-th <security><rules>.
  const lines = ruleLines(text);
  const located = new Map<Node, { start: number; rules: Map<string, number> } | undefined>();
  return readPanosConfig(root, file, {
    rulebaseLine: (security) => {
      if (!located.has(security)) located.set(security, lines[located.size]);
      return located.get(security)?.start;
    },
    ruleLine: (security, _entry, name) => located.get(security)?.rules.get(name),
  });
}

/**
 * Traffic between zones that no rule matches: denied by PAN-OS's interzone-default rule unless
 * `default-security-rules` overrides its action. (Traffic within one zone is allowed by the
 * intrazone-default rule; the model's one default action describes traffic between zones.)
 */
function interzoneDefault(rulebase: Node | undefined): 'allow' | 'deny' {
  const rule = entries(child(rulebase, 'default-security-rules', 'rules')).find(
    (e) => e['@_name'] === 'interzone-default',
  );
  return textOf(rule?.action) === 'allow' ? 'allow' : 'deny';
}

/** Where a rulebase and its rules are written, for the format the configuration came in. */
export interface PanosLocator {
  rulebaseLine(security: Node): number | undefined;
  ruleLine(security: Node, entry: Node, name: string): number | undefined;
}

/**
 * Security rulebases of a PAN-OS configuration tree in the XML API's shape (entries under
 * `entry` arrays with `@_name`, lists under `member` arrays), from the XML or the set format.
 */
export function readPanosConfig(
  root: Node,
  file: string,
  locate: PanosLocator,
): { rulebases: PanosRulebase[]; gaps: Gap[] } {
  const gaps: Gap[] = [];
  const shared = scopeOf(child(root, 'shared'));
  const rulebases: PanosRulebase[] = [];
  const read = (rulebase: Node | undefined, scope: Scope, id: string, name: string, nativeType: string) => {
    const security = child(rulebase, 'security');
    const rulesNode = child(security, 'rules');
    if (!rulesNode) return;
    const rulebaseLine = locate.rulebaseLine(security!);
    const rules: FirewallRule[] = [];
    const fromZones = new Set<string>();
    const toZones = new Set<string>();
    entries(rulesNode).forEach((entry, index) => {
      const ruleName = String(entry['@_name'] ?? `#${index + 1}`);
      const line = locate.ruleLine(security!, entry, ruleName);
      const from = members(entry.from);
      const to = members(entry.to);
      for (const z of from) fromZones.add(z);
      for (const z of to) toZones.add(z);
      const conditions: string[] = [];
      if (from.length && !from.includes('any')) conditions.push(`from zone ${from.join(',')}`);
      if (to.length && !to.includes('any')) conditions.push(`to zone ${to.join(',')}`);
      const sources = members(entry.source).map((m) => resolveAddress(m, scope));
      const destinations = members(entry.destination).map((m) => resolveAddress(m, scope));
      const unresolved = [...sources, ...destinations].flatMap((r) => r.unresolved);
      let sourcePeers = [...new Set(sources.flatMap((r) => r.values))];
      let destinationPeers = [...new Set(destinations.flatMap((r) => r.values))];
      if (textOf(entry['negate-source']) === 'yes') {
        conditions.push(`not source ${members(entry.source).join(',')}`);
        sourcePeers = ALL_PEERS;
      }
      if (textOf(entry['negate-destination']) === 'yes') {
        conditions.push(`not destination ${members(entry.destination).join(',')}`);
        destinationPeers = ALL_PEERS;
      }
      const applications = members(entry.application);
      if (applications.length && !applications.includes('any'))
        conditions.push(`application ${applications.join(',')}`);
      const users = members(entry['source-user']);
      if (users.length && !users.includes('any')) conditions.push(`source-user ${users.join(',')}`);
      for (const field of ['category', 'source-hip', 'destination-hip']) {
        const values = members(entry[field]);
        if (values.length && !values.includes('any')) conditions.push(`${field} ${values.join(',')}`);
      }
      const ruleType = textOf(entry['rule-type']);
      if (ruleType && ruleType !== 'universal') conditions.push(`rule-type ${ruleType}`);
      const schedule = textOf(entry.schedule);
      if (schedule) conditions.push(`schedule ${schedule}`);
      const serviceNames = members(entry.service);
      let services: Service[] = [];
      if (serviceNames.length === 0 || serviceNames.includes('any')) services = [{ protocol: 'all', ports: [] }];
      else if (serviceNames.includes('application-default')) {
        services = [{ protocol: 'all', ports: [] }];
        conditions.push('service application-default');
      } else {
        for (const s of serviceNames) {
          const r = resolveService(s, scope);
          services.push(...r.values);
          unresolved.push(...r.unresolved);
        }
        if (services.length === 0) services = [{ protocol: 'all', ports: [] }];
      }
      for (const u of new Set(unresolved))
        gaps.push({
          reason: 'unresolved-reference',
          file,
          ...(line ? { line } : {}),
          message: `rule "${ruleName}" in ${name}: "${u}" cannot be resolved to addresses or ports; the rule's match is unknown`,
          kinds: ['network.firewall'],
        });
      const action = textOf(entry.action);
      if (!action) {
        gaps.push({
          reason: 'parse-error',
          file,
          ...(line ? { line } : {}),
          message: `rule "${ruleName}" in ${name} has no action; it is not read`,
          kinds: ['network.firewall'],
        });
        return;
      }
      const logging = textOf(entry['log-end']) !== 'no' || textOf(entry['log-start']) === 'yes';
      for (const service of services) {
        rules.push({
          name: ruleName,
          direction: 'ingress',
          action: action === 'allow' ? 'allow' : 'deny',
          protocol: service.protocol,
          ports: service.ports,
          ...(service.sourcePorts ? { sourcePorts: service.sourcePorts } : {}),
          sources: sourcePeers,
          destinations: destinationPeers,
          priority: index + 1,
          ...(line ? { line } : {}),
          logging,
          enabled: textOf(entry.disabled) !== 'yes',
          text: `${ruleName}: from ${from.join(',') || 'any'} to ${to.join(',') || 'any'} source ${members(entry.source).join(',')} destination ${members(entry.destination).join(',')} application ${applications.join(',') || 'any'} service ${serviceNames.join(',') || 'any'} action ${action}`,
          ...(conditions.length ? { conditions } : {}),
          ...(unresolved.length ? { unresolved: [...new Set(unresolved)] } : {}),
        });
      }
    });
    rulebases.push({
      id,
      name,
      nativeType,
      line: rulebaseLine ?? 1,
      rules,
      direction: 'ingress',
      defaultAction: interzoneDefault(rulebase),
      attachedTo: [`${name} zones ${[...fromZones].join(',')} -> ${[...toZones].join(',')}`],
      binding: [{ fromZones: [...fromZones], toZones: [...toZones] }],
    });
  };

  // Panorama's shared pre- and post-rulebases, pushed to every device group's firewalls.
  for (const position of ['pre-rulebase', 'post-rulebase'])
    read(
      child(root, 'shared', position),
      shared,
      `shared/${position}`,
      `shared ${position}`,
      'panorama security rulebase',
    );
  for (const device of entries(child(root, 'devices'))) {
    for (const vsys of entries(device.vsys)) {
      const vsysName = String(vsys['@_name']);
      read(
        child(vsys, 'rulebase'),
        scopeOf(vsys, shared),
        `vsys/${vsysName}/security`,
        `${vsysName} security`,
        'panos security rulebase',
      );
    }
    for (const group of entries(device['device-group'])) {
      const groupName = String(group['@_name']);
      const scope = scopeOf(group, shared);
      for (const position of ['pre-rulebase', 'post-rulebase'])
        read(
          child(group, position),
          scope,
          `device-group/${groupName}/${position}`,
          `${groupName} ${position}`,
          'panorama security rulebase',
        );
    }
  }
  return { rulebases, gaps };
}
