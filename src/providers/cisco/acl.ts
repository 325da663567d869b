// Cisco IOS and ASA access lists as the normalized network.firewall model.
//
// parseCiscoConfig(text, file, dialect) reads a running configuration: named and numbered ACLs
// (IOS `ip access-list extended|standard`, `access-list 101 ...`; ASA `access-list NAME extended
// ...`), the object groups and objects they use (ASA `object network|service`, `object-group
// network|service|protocol`, IOS `object-group network|service`), and where they are bound (IOS
// `ip access-group NAME in|out` under an interface, ASA `access-group NAME in|out interface IF`
// with `nameif`). One rulebase per ACL and direction it is bound in; an unbound ACL (route
// filtering, or unused) is one rulebase with no binding. Every ACL ends in Cisco's implicit deny.
//
// Masks: IOS writes wildcards (0.0.0.255), ASA netmasks (255.255.255.0); both become CIDRs.
// Lines that configure other things (routing, AAA, lines) are not firewall rules and are not
// read; a malformed ACL entry or object line, or an unknown option in an entry, is a gap with
// file:line, and an undefined object or group leaves the rule's peer unresolved (never "matches
// nothing").
import { readFileSync } from 'node:fs';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { parse } from 'yaml';
import { assetPath } from '../../assets.ts';
import { managementAccessRulebase } from '../../kit/management-access.ts';
import type { DeviceRulebase, FirewallRule } from '../../model/kinds.ts';
import type { Gap } from '../../model/resource.ts';
import { iosManagementAccess, type TopLine } from './management.ts';

export type Dialect = 'ios' | 'asa';

export type CiscoRulebase = DeviceRulebase;

type Range = { from: number; to: number };

let portNames: { tcp: Record<string, number>; udp: Record<string, number> } | undefined;

function namedPorts() {
  if (!portNames) {
    const schema = JSON.parse(readFileSync(assetPath('src', 'providers', 'cisco', 'port-names.schema.json'), 'utf8'));
    const data: unknown = parse(readFileSync(assetPath('src', 'providers', 'cisco', 'port-names.yaml'), 'utf8'));
    const validate = new Ajv2020().compile(schema);
    if (!validate(data)) throw new Error(`port-names.yaml: ${validate.errors?.[0]?.message ?? 'invalid'}`);
    portNames = data as typeof portNames;
  }
  return portNames!;
}

class EntryError extends Error {}

const IP_PROTOCOLS: Record<string, string> = { ip: 'all', ipinip: '4', nos: '94', pcp: '108', ahp: '51' };

function ipv4(text: string): number | undefined {
  const parts = text.split('.');
  if (parts.length !== 4) return undefined;
  let value = 0;
  for (const p of parts) {
    const n = Number(p);
    if (!/^\d{1,3}$/.test(p) || n > 255) return undefined;
    value = value * 256 + n;
  }
  return value;
}

/** A netmask (255.255.255.0) or, inverted, a wildcard (0.0.0.255) as a prefix length. */
function prefixOf(mask: string, wildcard: boolean): number | undefined {
  const value = ipv4(mask);
  if (value === undefined) return undefined;
  const bits = (wildcard ? 0xffffffff - value : value).toString(2).padStart(32, '0');
  return /^1*0*$/.test(bits) ? bits.replace(/0+$/, '').length : undefined;
}

/** What an address or group resolves to: CIDRs (or a peer as written), and names left unresolved. */
interface Peers {
  peers: string[];
  unresolved: string[];
}

interface ServiceEntry {
  protocol: string;
  ports?: Range[];
  sourcePorts?: Range[];
}

interface Block {
  kind: string;
  name: string;
  line: number;
  children: { tokens: string[]; line: number; text: string }[];
  extra?: string;
}

interface AclEntry {
  tokens: string[];
  line: number;
  text: string;
}

interface Acl {
  name: string;
  standard: boolean;
  ipv6: boolean;
  line: number;
  entries: AclEntry[];
}

export function parseCiscoConfig(
  text: string,
  file: string,
  dialect: Dialect,
): { rulebases: CiscoRulebase[]; gaps: Gap[] } {
  const gaps: Gap[] = [];
  const gap = (line: number, message: string, reason: Gap['reason'] = 'parse-error') =>
    gaps.push({ reason, message, file, line, kinds: ['network.firewall'] });

  // Pass 1: blocks (a top-level line and its indented children), ACL entries, bindings.
  const blocks: Block[] = [];
  const acls = new Map<string, Acl>();
  const bindings: { acl: string; direction: 'in' | 'out'; iface: string }[] = [];
  const nameifs = new Map<string, string>();
  const management: { service: string; address: string; mask: string; iface: string; line: number; text: string }[] =
    [];
  const aclOf = (name: string, line: number, standard: boolean, ipv6 = false) => {
    let acl = acls.get(name);
    if (!acl) {
      acl = { name, standard, ipv6, line, entries: [] };
      acls.set(name, acl);
    }
    return acl;
  };
  const webServerLines: TopLine[] = [];
  let current: Block | undefined;
  text.split(/\r?\n/).forEach((raw, index) => {
    const line = index + 1;
    if (raw.trim() === '' || raw.trim().startsWith('!') || raw.trim().startsWith('#')) return;
    const tokens = raw.trim().split(/\s+/);
    if (/^\s/.test(raw)) {
      if (current) current.children.push({ tokens, line, text: raw.trim() });
      return;
    }
    current = undefined;
    const [t0, t1, t2, t3] = tokens;
    if (t0 === 'ip' && t1 === 'access-list' && (t2 === 'extended' || t2 === 'standard') && t3) {
      const acl = aclOf(t3, line, t2 === 'standard');
      current = { kind: 'acl', name: t3, line, children: [] };
      current.extra = acl.name;
    } else if (t0 === 'ipv6' && t1 === 'access-list' && t2) {
      aclOf(t2, line, false, true);
      current = { kind: 'acl', name: t2, line, children: [], extra: t2 };
    } else if (t0 === 'access-list' && t1) {
      const rest = tokens.slice(2);
      if (rest[0] === 'line' && rest[1]) rest.splice(0, 2);
      const kind = rest[0];
      if (kind === 'remark') return;
      if (/^\d+$/.test(t1) && (kind === 'permit' || kind === 'deny' || kind === 'dynamic')) {
        const n = Number(t1);
        const standard = (n >= 1 && n <= 99) || (n >= 1300 && n <= 1999);
        aclOf(t1, line, standard).entries.push({ tokens: rest, line, text: raw.trim() });
      } else if (kind === 'extended' || kind === 'standard') {
        aclOf(t1, line, kind === 'standard').entries.push({ tokens: rest.slice(1), line, text: raw.trim() });
      } else if (kind === 'webtype' || kind === 'ethertype') {
        gap(line, `${kind} access list ${t1} is not read (not an IP filter)`, 'unsupported');
      } else {
        gap(line, `malformed access-list line "${raw.trim()}"`);
      }
    } else if (t0 === 'access-group' && t1) {
      // ASA: access-group NAME in|out interface IF, or access-group NAME global.
      if ((t2 === 'in' || t2 === 'out') && t3 === 'interface' && tokens[4]) {
        bindings.push({ acl: t1, direction: t2, iface: tokens[4] });
      } else if (t2 === 'global') bindings.push({ acl: t1, direction: 'in', iface: 'global' });
      else gap(line, `malformed access-group line "${raw.trim()}"`);
    } else if (
      dialect === 'asa' &&
      MANAGEMENT_PORTS[t0!] &&
      t1 &&
      t2 &&
      tokens[3] &&
      t1 !== 'timeout' &&
      t1 !== 'version' &&
      ipv4(t1) !== undefined
    ) {
      // ASA management access: `telnet|ssh|http ADDRESS MASK INTERFACE` admits that protocol to
      // the device itself from those addresses on that interface.
      management.push({ service: t0!, address: t1, mask: t2, iface: tokens[3]!, line, text: raw.trim() });
    } else if (t0 === 'interface' && t1) {
      current = { kind: 'interface', name: tokens.slice(1).join(' '), line, children: [] };
    } else if (dialect === 'ios' && t0 === 'line' && t1 === 'vty') {
      current = { kind: 'line vty', name: tokens.slice(2).join(' '), line, children: [] };
    } else if (dialect === 'ios' && (t0 === 'ip' || t0 === 'no') && tokens.includes('http')) {
      webServerLines.push({ tokens, line, text: raw.trim() });
    } else if ((t0 === 'object' || t0 === 'object-group') && t1 && t2) {
      current = { kind: `${t0} ${t1}`, name: t2, line, children: [], ...(t3 ? { extra: t3 } : {}) };
    }
    if (current) blocks.push(current);
  });

  for (const b of blocks) {
    if (b.kind === 'acl') {
      const acl = acls.get(b.extra!)!;
      for (const c of b.children) if (c.tokens[0] !== 'remark') acl.entries.push(c);
    } else if (b.kind === 'interface') {
      for (const c of b.children) {
        const [a, x, name, dir] = c.tokens;
        if (a === 'nameif' && x) nameifs.set(x, b.name);
        if ((a === 'ip' && x === 'access-group') || (a === 'ipv6' && x === 'traffic-filter')) {
          if (name && (dir === 'in' || dir === 'out')) bindings.push({ acl: name, direction: dir, iface: b.name });
          else gap(c.line, `malformed "${c.text}" under interface ${b.name}`);
        }
      }
    }
  }

  const byName = (kind: string) => new Map(blocks.filter((b) => b.kind === kind).map((b) => [b.name, b]));
  const networkObjects = byName('object network');
  const networkGroups = byName('object-group network');
  const serviceObjects = byName('object service');
  const serviceGroups = byName('object-group service');
  const protocolGroups = byName('object-group protocol');
  const wildcard = dialect === 'ios';
  let inIpv6Acl = false;
  const anyPeers = (token: string): string[] | undefined => {
    if (token === 'any' && inIpv6Acl) return ['::/0'];
    if (token === 'any') return dialect === 'asa' ? ['0.0.0.0/0', '::/0'] : ['0.0.0.0/0'];
    if (token === 'any4') return ['0.0.0.0/0'];
    if (token === 'any6') return ['::/0'];
    return undefined;
  };
  const maskedPeer = (address: string, mask: string, isWildcard: boolean) => {
    const prefix = prefixOf(mask, isWildcard);
    if (ipv4(address) === undefined || prefix === undefined)
      throw new EntryError(`"${address} ${mask}" is not an address and ${isWildcard ? 'wildcard' : 'mask'}`);
    return `${address}/${prefix}`;
  };
  const hostPeer = (address: string) => {
    if (ipv4(address) !== undefined) return `${address}/32`;
    if (address.includes(':')) return `${address}/128`;
    throw new EntryError(`"${address}" is not an address`);
  };

  // Network objects and groups, resolved recursively; a cycle or an unknown name is unresolved.
  const resolveNetwork = (name: string, seen = new Set<string>()): Peers => {
    if (seen.has(name)) return { peers: [], unresolved: [name] };
    seen.add(name);
    const object = networkObjects.get(name);
    const group = networkGroups.get(name);
    const block = object ?? group;
    if (!block) return { peers: [], unresolved: [name] };
    const out: Peers = { peers: [], unresolved: [] };
    for (const c of block.children) {
      const t = c.tokens;
      const k = t[0] === 'network-object' ? t.slice(1) : t;
      try {
        if (k[0] === 'description' || k[0] === 'nat') continue;
        if (k[0] === 'host' && k[1]) out.peers.push(hostPeer(k[1]));
        else if (k[0] === 'subnet' && k[1] && k[2])
          out.peers.push(k[2].includes('.') ? maskedPeer(k[1], k[2], false) : `${k[1]}/${k[2]}`);
        else if ((k[0] === 'object' || k[0] === 'group-object') && k[1]) {
          const inner = resolveNetwork(k[1], seen);
          out.peers.push(...inner.peers);
          out.unresolved.push(...inner.unresolved);
        } else if (k[0] === 'range' && k[1] && k[2]) out.peers.push(`${k[1]}-${k[2]}`);
        else if (k[0] === 'fqdn') out.unresolved.push(`${name} (fqdn ${k.slice(1).join(' ')})`);
        else if (k[0]?.includes('/')) out.peers.push(k[0]);
        else if (k[0] && k[1]) out.peers.push(maskedPeer(k[0], k[1], false));
        else throw new EntryError(`unknown line`);
      } catch (error) {
        if (!(error instanceof EntryError)) throw error;
        gap(c.line, `cannot read "${c.text}" in ${block.kind} ${name}: ${error.message}`);
        out.unresolved.push(name);
      }
    }
    return out;
  };

  // Port operators: eq P [P...], neq, lt, gt, range; returns the ranges and how many tokens it used.
  const portValue = (token: string | undefined, protocol: string): number => {
    if (token === undefined) throw new EntryError('a port operator without a port');
    if (/^\d+$/.test(token) && Number(token) <= 65535) return Number(token);
    const names = namedPorts();
    const value =
      protocol === 'udp'
        ? names.udp[token]
        : protocol === 'tcp'
          ? names.tcp[token]
          : (names.tcp[token] ?? names.udp[token]);
    if (value === undefined) throw new EntryError(`unknown port "${token}"`);
    return value;
  };
  const PORT_OPS = new Set(['eq', 'neq', 'lt', 'gt', 'range']);
  const readPorts = (t: string[], i: number, protocol: string): { ranges: Range[]; used: number } | undefined => {
    const op = t[i];
    if (!op || !PORT_OPS.has(op)) return undefined;
    if (op === 'range') {
      const from = portValue(t[i + 1], protocol);
      const to = portValue(t[i + 2], protocol);
      return { ranges: [{ from, to }], used: 3 };
    }
    const p = portValue(t[i + 1], protocol);
    if (op === 'lt') return { ranges: [{ from: 0, to: p - 1 }], used: 2 };
    if (op === 'gt') return { ranges: [{ from: p + 1, to: 65535 }], used: 2 };
    if (op === 'neq')
      return {
        ranges: [
          { from: 0, to: p - 1 },
          { from: p + 1, to: 65535 },
        ].filter((r) => r.from <= r.to),
        used: 2,
      };
    // IOS allows several ports after eq.
    const ranges = [{ from: p, to: p }];
    let used = 2;
    while (t[i + used] !== undefined && isPortToken(t[i + used]!, protocol)) {
      const q = portValue(t[i + used], protocol);
      ranges.push({ from: q, to: q });
      used++;
    }
    return { ranges, used };
  };
  const isPortToken = (token: string, protocol: string) => {
    if (/^\d+$/.test(token)) return true;
    const names = namedPorts();
    return (protocol === 'udp' ? names.udp : names.tcp)[token] !== undefined && !OPTION_WORDS.has(token);
  };

  // Service objects and groups: protocol with destination (and source) ports.
  const resolveService = (
    name: string,
    seen = new Set<string>(),
  ): { services: ServiceEntry[]; unresolved: string[] } => {
    const out = { services: [] as ServiceEntry[], unresolved: [] as string[] };
    if (seen.has(name)) return { services: [], unresolved: [name] };
    seen.add(name);
    const block = serviceObjects.get(name) ?? serviceGroups.get(name) ?? protocolGroups.get(name);
    if (!block) return { services: [], unresolved: [name] };
    const groupProtocol = block.extra; // object-group service NAME tcp|udp|tcp-udp
    for (const c of block.children) {
      const t = c.tokens;
      try {
        if (t[0] === 'description') continue;
        if (t[0] === 'group-object' || (t[0] === 'service-object' && t[1] === 'object')) {
          const inner = resolveService(t[0] === 'group-object' ? t[1]! : t[2]!, seen);
          out.services.push(...inner.services);
          out.unresolved.push(...inner.unresolved);
        } else if (t[0] === 'port-object') {
          const protocols = groupProtocol === 'tcp-udp' ? ['tcp', 'udp'] : [groupProtocol ?? 'tcp'];
          for (const protocol of protocols) {
            const ports = readPorts(t, 1, protocol);
            if (!ports) throw new EntryError('port-object without a port operator');
            out.services.push({ protocol, ports: ports.ranges });
          }
        } else if (t[0] === 'protocol-object' && t[1]) {
          out.services.push({ protocol: protocolName(t[1]) });
        } else {
          // ASA `service-object tcp [source OP P] [destination OP P]`, `service tcp ...`,
          // IOS `tcp eq 80`, `tcp-udp eq 53`.
          const k = t[0] === 'service-object' || t[0] === 'service' ? t.slice(1) : t;
          if (!k[0]) throw new EntryError('empty service');
          const protocols = k[0] === 'tcp-udp' ? ['tcp', 'udp'] : [protocolName(k[0])];
          for (const protocol of protocols) {
            const entry: ServiceEntry = { protocol };
            let i = 1;
            while (i < k.length) {
              const which = k[i] === 'source' ? 'sourcePorts' : 'ports';
              if (k[i] === 'source' || k[i] === 'destination') i++;
              const ports = readPorts(k, i, protocol);
              if (!ports) {
                if (protocol === 'icmp' || protocol === 'icmpv6') break; // icmp type: not modelled
                throw new EntryError(`unexpected "${k[i]}"`);
              }
              entry[which] = ports.ranges;
              i += ports.used;
            }
            out.services.push(entry);
          }
        }
      } catch (error) {
        if (!(error instanceof EntryError)) throw error;
        gap(c.line, `cannot read "${c.text}" in ${block.kind} ${name}: ${error.message}`);
        out.unresolved.push(name);
      }
    }
    return out;
  };

  const readAddress = (t: string[], i: number, standard: boolean): { peers: Peers; used: number } => {
    const a = t[i];
    if (a === undefined) throw new EntryError('missing address');
    const any = anyPeers(a);
    if (any) return { peers: { peers: any, unresolved: [] }, used: 1 };
    if (a === 'host') return { peers: { peers: [hostPeer(t[i + 1] ?? '')], unresolved: [] }, used: 2 };
    if ((a === 'object-group' || a === 'object' || a === 'addrgroup') && t[i + 1])
      return { peers: resolveNetwork(t[i + 1]!), used: 2 };
    if (a === 'interface' && t[i + 1]) return { peers: { peers: [`interface ${t[i + 1]}`], unresolved: [] }, used: 2 };
    if (a.includes('/')) return { peers: { peers: [a], unresolved: [] }, used: 1 };
    if (ipv4(a) !== undefined) {
      const m = t[i + 1];
      if (m !== undefined && ipv4(m) !== undefined)
        return { peers: { peers: [maskedPeer(a, m, wildcard)], unresolved: [] }, used: 2 };
      if (standard) return { peers: { peers: [`${a}/32`], unresolved: [] }, used: 1 };
      throw new EntryError(`address ${a} without a ${wildcard ? 'wildcard' : 'mask'}`);
    }
    throw new EntryError(`"${a}" is not an address`);
  };

  const aclRules = (acl: Acl, direction: 'ingress' | 'egress'): FirewallRule[] => {
    const rules: FirewallRule[] = [];
    inIpv6Acl = acl.ipv6;
    let position = 0;
    for (const entry of acl.entries) {
      const t = entry.tokens[0] && /^\d+$/.test(entry.tokens[0]) ? entry.tokens.slice(1) : entry.tokens; // IOS sequence numbers
      if (t[0] === 'remark') continue;
      position++;
      try {
        rules.push(...readEntry(t, acl, direction, position, entry));
      } catch (error) {
        if (!(error instanceof EntryError)) throw error;
        gap(entry.line, `cannot read ACL ${acl.name} entry "${entry.text}": ${error.message}`);
      }
    }
    return rules;
  };

  const readEntry = (
    t: string[],
    acl: Acl,
    direction: 'ingress' | 'egress',
    position: number,
    entry: AclEntry,
  ): FirewallRule[] => {
    const verb = t[0];
    if (verb !== 'permit' && verb !== 'deny') throw new EntryError(`"${verb}" is not permit or deny`);
    const action = verb === 'permit' ? 'allow' : 'deny';
    let i = 1;
    let services: ServiceEntry[];
    const unresolved: string[] = [];
    if (acl.standard) services = [{ protocol: 'all' }];
    else {
      const p = t[i];
      if (p === undefined) throw new EntryError('missing protocol');
      if ((p === 'object-group' || p === 'object') && t[i + 1]) {
        const resolved = resolveService(t[i + 1]!);
        services = resolved.services;
        unresolved.push(...resolved.unresolved);
        i += 2;
      } else {
        services = [{ protocol: protocolName(p) }];
        i += 1;
      }
    }
    const source = readAddress(t, i, acl.standard);
    i += source.used;
    const protocol0 = services.length === 1 ? services[0]!.protocol : '';
    let sourcePorts: Range[] | undefined;
    let ports: Range[] | undefined;
    const sp = readPorts(t, i, protocol0);
    if (sp) {
      sourcePorts = sp.ranges;
      i += sp.used;
    } else if (t[i] === 'object-group' && t[i + 1] && serviceGroups.has(t[i + 1]!) && !networkGroups.has(t[i + 1]!)) {
      // ASA: a service (port) group right after the source is a source-port group.
      const resolved = resolveService(t[i + 1]!);
      sourcePorts = resolved.services.flatMap((s) => s.ports ?? []);
      unresolved.push(...resolved.unresolved);
      i += 2;
    }
    let destination: { peers: Peers; used: number } = { peers: { peers: ['0.0.0.0/0'], unresolved: [] }, used: 0 };
    if (!acl.standard) {
      destination = readAddress(t, i, false);
      i += destination.used;
      const dp = readPorts(t, i, protocol0);
      if (dp) {
        ports = dp.ranges;
        i += dp.used;
      } else if (t[i] === 'object-group' && t[i + 1] && serviceGroups.has(t[i + 1]!)) {
        const resolved = resolveService(t[i + 1]!);
        ports = resolved.services.flatMap((s) => s.ports ?? []);
        unresolved.push(...resolved.unresolved);
        i += 2;
      }
    }
    // Options after the match.
    let logging = false;
    let enabled = true;
    const conditions: string[] = [];
    while (i < t.length) {
      const o = t[i]!;
      if (o === 'log' || o === 'log-input') {
        logging = t[i + 1] !== 'disable';
        i++;
        while (
          t[i] !== undefined &&
          (/^\d+$/.test(t[i]!) ||
            [
              'interval',
              'disable',
              'default',
              'emergencies',
              'alerts',
              'critical',
              'errors',
              'warnings',
              'notifications',
              'informational',
              'debugging',
            ].includes(t[i]!))
        )
          i++;
        continue;
      }
      if (o === 'inactive') {
        enabled = false;
        i++;
        continue;
      }
      if (['time-range', 'dscp', 'precedence', 'tos', 'ttl'].includes(o) && t[i + 1]) {
        conditions.push(`${o} ${t[i + 1]}`);
        i += 2;
        continue;
      }
      if (
        OPTION_WORDS.has(o) ||
        (services.some((s) => s.protocol === 'icmp' || s.protocol === 'icmpv6') && /^[a-z0-9-]+$/.test(o))
      ) {
        conditions.push(
          o === 'established'
            ? 'tcp established'
            : services.some((s) => s.protocol.startsWith('icmp')) && !OPTION_WORDS.has(o)
              ? `icmp-type ${o}`
              : o,
        );
        i++;
        continue;
      }
      gap(
        entry.line,
        `ACL ${acl.name}: option "${o}" is not modelled; it is kept as a condition of the rule`,
        'unsupported',
      );
      conditions.push(o);
      i++;
    }
    unresolved.push(...source.peers.unresolved, ...destination.peers.unresolved);
    for (const name of new Set(unresolved))
      gap(
        entry.line,
        `ACL ${acl.name}: object or group "${name}" is not defined or not readable; the rule's match is unknown`,
        'unresolved-reference',
      );
    if (services.length === 0) services = [{ protocol: 'all' }];
    return services.map((s) => {
      const protocol = s.protocol;
      const destinationPorts = ports ?? s.ports;
      const rule: FirewallRule = {
        direction,
        action,
        protocol,
        ports: destinationPorts ?? (['tcp', 'udp', 'sctp'].includes(protocol) ? [{ from: 0, to: 65535 }] : []),
        ...((sourcePorts ?? s.sourcePorts) ? { sourcePorts: sourcePorts ?? s.sourcePorts } : {}),
        sources: source.peers.peers,
        destinations: destination.peers.peers,
        priority: position,
        line: entry.line,
        logging,
        enabled,
        text: entry.text,
        ...(conditions.length ? { conditions } : {}),
        ...(unresolved.length ? { unresolved: [...new Set(unresolved)] } : {}),
      };
      return rule;
    });
  };

  // One rulebase per ACL and direction it is bound in; unbound ACLs once, with no binding.
  const rulebases: CiscoRulebase[] = [];
  const nativeType = dialect === 'asa' ? 'cisco-asa access-list' : 'cisco-ios access-list';
  for (const b of bindings)
    if (!acls.has(b.acl))
      gaps.push({
        reason: 'unresolved-reference',
        file,
        message: `access list ${b.acl} is bound ${b.direction} on ${b.iface} but not defined in this file, so what it filters is unknown`,
        kinds: ['network.firewall'],
      });
  for (const acl of acls.values()) {
    const mine = bindings.filter((b) => b.acl === acl.name);
    const directions = [...new Set(mine.map((b) => b.direction))];
    for (const dir of directions.length ? directions : [undefined]) {
      const on = mine.filter((b) => b.direction === dir);
      const direction = dir === 'out' ? 'egress' : 'ingress';
      rulebases.push({
        id: `acl/${acl.name}${dir ? `/${dir}` : ''}`,
        name: acl.name,
        nativeType,
        line: acl.line,
        rules: aclRules(acl, direction),
        direction,
        defaultAction: 'deny',
        attachedTo: on.map(
          (b) => `${b.iface === 'global' ? 'global' : `interface ${nameifs.get(b.iface) ?? b.iface}`} ${b.direction}`,
        ),
        binding: on.map((b) => ({
          interface: nameifs.has(b.iface) ? `${b.iface} (${nameifs.get(b.iface)})` : b.iface,
          direction: b.direction,
        })),
      });
    }
  }
  if (management.length) rulebases.push(managementRulebase(management, gaps, file));
  if (dialect === 'ios') {
    const access = iosManagementAccess(
      blocks.filter((b) => b.kind === 'line vty'),
      webServerLines,
      (name) => {
        const acl = rulebases.find((r) => r.name === name);
        if (!acl) return undefined;
        const permits = acl.rules.filter((r) => r.action === 'allow' && r.enabled !== false);
        return {
          sources: [...new Set(permits.flatMap((r) => r.sources))],
          unresolved: [...new Set(permits.flatMap((r) => r.unresolved ?? []))],
        };
      },
      file,
    );
    gaps.push(...access.gaps);
    const rulebase = managementAccessRulebase(
      access.rules,
      'cisco-ios management access',
      'device management (vty lines, web server)',
    );
    if (rulebase) rulebases.push(rulebase);
  }
  return { rulebases, gaps };
}

// The ports of the ASA's own management services (`http` is ASDM over HTTPS).
const MANAGEMENT_PORTS: Record<string, number> = { telnet: 23, ssh: 22, http: 443 };

/** ASA `telnet/ssh/http` lines as one ingress rulebase to the device, bound to those interfaces. */
function managementRulebase(
  lines: { service: string; address: string; mask: string; iface: string; line: number; text: string }[],
  gaps: Gap[],
  file: string,
): CiscoRulebase {
  const rules: FirewallRule[] = [];
  for (const m of lines) {
    const prefix = prefixOf(m.mask, false);
    if (prefix === undefined) {
      gaps.push({
        reason: 'parse-error',
        file,
        line: m.line,
        message: `"${m.text}": ${m.mask} is not a netmask`,
        kinds: ['network.firewall'],
      });
      continue;
    }
    const port = MANAGEMENT_PORTS[m.service]!;
    rules.push({
      name: `${m.service} management`,
      direction: 'ingress',
      action: 'allow',
      protocol: 'tcp',
      ports: [{ from: port, to: port }],
      sources: [`${m.address}/${prefix}`],
      destinations: [`interface ${m.iface}`],
      priority: rules.length + 1,
      line: m.line,
      enabled: true,
      text: m.text,
    });
  }
  const interfaces = [...new Set(lines.map((m) => m.iface))];
  return {
    id: 'management-access',
    name: 'management access',
    nativeType: 'cisco-asa management access',
    line: lines[0]!.line,
    rules,
    direction: 'ingress',
    defaultAction: 'deny',
    attachedTo: interfaces.map((i) => `management on ${i}`),
    binding: interfaces.map((i) => ({ interface: i, direction: 'in' as const })),
  };
}

// Entry options that narrow the match (TCP flags, fragments, established).
const OPTION_WORDS = new Set([
  'established',
  'fragments',
  'ack',
  'fin',
  'psh',
  'rst',
  'syn',
  'urg',
  'match-any',
  'match-all',
  '+ack',
  '+fin',
  '+psh',
  '+rst',
  '+syn',
  '+urg',
  '-ack',
  '-fin',
  '-psh',
  '-rst',
  '-syn',
  '-urg',
  'option',
]);

const PROTOCOL_NAMES: Record<string, string> = { '1': 'icmp', '6': 'tcp', '17': 'udp', '58': 'icmpv6', ipv6: 'all' };

function protocolName(p: string): string {
  const lower = p.toLowerCase();
  return IP_PROTOCOLS[lower] ?? PROTOCOL_NAMES[lower] ?? lower;
}
