// Junos management access to the device itself, as one ingress rulebase to the device (as Cisco's
// vty lines and the ASA's management lines are): the services `system services` runs (telnet,
// ftp, rlogin, ssh, `web-management http|https`), each admitted where the device accepts it.
// Facts this follows (Junos "system services", SRX "host inbound traffic"): on an SRX, a service
// reaches the device through an interface only when the interface's zone (or the interface's own
// `host-inbound-traffic`, which replaces the zone's) lists it under `system-services` (`all`,
// minus `except` entries); the out-of-band management interface (fxp0) is in no zone and accepts
// every enabled service. A device without security zones (a router) accepts the service on every
// interface. A filter on lo0 screens all traffic to the device: where one is bound, the sources a
// service is reachable from are what that filter decides (its own rulebase), left unresolved here.
import type { FirewallRule } from '../../model/kinds.ts';
import type { JunosStatement } from './statements.ts';

const SERVICES: Record<string, number> = { telnet: 23, ftp: 21, rlogin: 513, ssh: 22, http: 80, https: 443 };

interface Enabled {
  service: string;
  port: number;
  line: number;
  /** `web-management http interface fxp0.0`: only on these interfaces. */
  interfaces: string[];
}

function enabledServices(statements: JunosStatement[]): Enabled[] {
  const out = new Map<string, Enabled>();
  for (const s of statements) {
    if (s.inactiveAt !== undefined) continue;
    const [a, b, c, d] = s.words;
    if (a !== 'system' || b !== 'services' || !c) continue;
    let service = c;
    let rest = s.words.slice(3);
    if (c === 'web-management' && (d === 'http' || d === 'https')) {
      service = d;
      rest = s.words.slice(4);
    }
    if (SERVICES[service] === undefined) continue;
    const entry = out.get(service) ?? { service, port: SERVICES[service]!, line: s.line, interfaces: [] };
    if (rest[0] === 'port' && /^\d+$/.test(rest[1] ?? '')) entry.port = Number(rest[1]);
    if (rest[0] === 'interface' && rest[1]) entry.interfaces.push(rest[1]);
    out.set(service, entry);
  }
  return [...out.values()];
}

/** Zone -> interfaces, and which services each interface accepts (its own list or its zone's). */
function zoneServices(statements: JunosStatement[]): Map<string, Map<string, Set<string>>> {
  const zoneLists = new Map<string, Set<string>>();
  const ifaceLists = new Map<string, Set<string>>();
  const members = new Map<string, Set<string>>();
  const add = (map: Map<string, Set<string>>, key: string, service: string, except: boolean) => {
    const set = map.get(key) ?? new Set<string>();
    set.add(except ? `!${service}` : service);
    map.set(key, set);
  };
  for (const s of statements) {
    if (s.inactiveAt !== undefined) continue;
    const w = s.words;
    if (w[0] !== 'security' || w[1] !== 'zones' || w[2] !== 'security-zone' || !w[3]) continue;
    const zone = w[3];
    if (!members.has(zone)) members.set(zone, new Set());
    if (w[4] === 'host-inbound-traffic' && w[5] === 'system-services' && w[6])
      add(zoneLists, zone, w[6], w[7] === 'except');
    else if (w[4] === 'interfaces' && w[5]) {
      members.get(zone)!.add(w[5]);
      if (w[6] === 'host-inbound-traffic' && w[7] === 'system-services' && w[8])
        add(ifaceLists, `${zone} ${w[5]}`, w[8], w[9] === 'except');
    }
  }
  const accepts = (list: Set<string> | undefined, service: string) =>
    list !== undefined && !list.has(`!${service}`) && (list.has(service) || list.has('all'));
  const out = new Map<string, Map<string, Set<string>>>();
  for (const [zone, ifaces] of members) {
    const byIface = new Map<string, Set<string>>();
    for (const iface of ifaces) {
      const list = ifaceLists.get(`${zone} ${iface}`) ?? zoneLists.get(zone);
      byIface.set(iface, new Set(Object.keys(SERVICES).filter((svc) => accepts(list, svc))));
    }
    out.set(zone, byIface);
  }
  return out;
}

/** The lo0 input filters, which screen every packet to the device. */
function loopbackFilters(statements: JunosStatement[]): string[] {
  return statements
    .filter(
      (s) =>
        s.inactiveAt === undefined &&
        s.words[0] === 'interfaces' &&
        s.words[1] === 'lo0' &&
        s.words.includes('filter') &&
        (s.words.at(-2) === 'input' || s.words.at(-2) === 'input-list'),
    )
    .map((s) => s.words.at(-1)!);
}

export function junosManagementAccess(statements: JunosStatement[]): FirewallRule[] {
  const services = enabledServices(statements);
  if (services.length === 0) return [];
  const zones = zoneServices(statements);
  const filters = [...new Set(loopbackFilters(statements))];
  const peers = filters.length
    ? { sources: [], unresolved: [`sources decided by lo0 filter ${filters.join(', ')}`] }
    : { sources: ['0.0.0.0/0', '::/0'], unresolved: [] };
  const rules: FirewallRule[] = [];
  const add = (name: string, svc: Enabled, where: string) =>
    rules.push({
      name,
      direction: 'ingress',
      action: 'allow',
      protocol: 'tcp',
      ports: [{ from: svc.port, to: svc.port }],
      sources: peers.sources,
      destinations: [where],
      priority: rules.length + 1,
      line: svc.line,
      enabled: true,
      text: `system services ${svc.service === 'http' || svc.service === 'https' ? `web-management ${svc.service}` : svc.service}${svc.interfaces.length ? ` interface ${svc.interfaces.join(',')}` : ''}`,
      ...(peers.unresolved.length ? { unresolved: peers.unresolved } : {}),
    });
  for (const svc of services) {
    if (svc.interfaces.length) {
      for (const iface of svc.interfaces) add(`${svc.service} on ${iface}`, svc, `device via ${iface}`);
      continue;
    }
    if (zones.size === 0) {
      add(`${svc.service}`, svc, 'device');
      continue;
    }
    for (const [zone, ifaces] of zones) {
      const through = [...ifaces].filter(([, accepted]) => accepted.has(svc.service)).map(([i]) => i);
      if (through.length) add(`${svc.service} from zone ${zone}`, svc, `device via ${through.join(',')}`);
    }
  }
  return rules;
}
