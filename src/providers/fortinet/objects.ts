// The FortiOS objects firewall policies name, in one VDOM: addresses (`firewall address`,
// `address6`), address groups (nested, with `exclude-member`), virtual IPs (`firewall vip`, whose
// external address is what a policy to it admits), custom services (`tcp-portrange 80 1000-2000
// 22:1024` = destination[:source] ranges) and service groups, and FortiOS's default services
// (./predefined-services.yaml) for names the configuration does not list. An FQDN, geography,
// dynamic or MAC address, and any undefined name, is unresolved: the policy's match is unknown.
import { readFileSync } from 'node:fs';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { parse } from 'yaml';
import { assetPath } from '../../assets.ts';
import { blocksNamed, type FortiNode, setting } from './blocks.ts';

export type Range = { from: number; to: number };

export interface Service {
  protocol: string;
  ports: Range[];
  sourcePorts?: Range[];
}

export interface Resolved<T> {
  values: T[];
  unresolved: string[];
  /** What narrows the match beyond the values (a group's excluded members). */
  conditions: string[];
}

const empty = <T>(): Resolved<T> => ({ values: [], unresolved: [], conditions: [] });

function merge<T>(into: Resolved<T>, more: Resolved<T>) {
  into.values.push(...more.values);
  into.unresolved.push(...more.unresolved);
  into.conditions.push(...more.conditions);
}

let predefined: Record<string, { protocol: string; ports?: string }[]> | undefined;

function defaults() {
  if (!predefined) {
    const dir = ['src', 'providers', 'fortinet'];
    const schema = JSON.parse(readFileSync(assetPath(...dir, 'predefined-services.schema.json'), 'utf8'));
    const data: unknown = parse(readFileSync(assetPath(...dir, 'predefined-services.yaml'), 'utf8'));
    const validate = new Ajv2020().compile(schema);
    if (!validate(data))
      throw new Error(`fortinet/predefined-services.yaml: ${validate.errors?.[0]?.message ?? 'invalid'}`);
    predefined = data as typeof predefined;
  }
  return predefined!;
}

const everyPort = (protocol: string): Range[] =>
  ['tcp', 'udp', 'sctp'].includes(protocol) ? [{ from: 0, to: 65535 }] : [];

function range(text: string): Range | undefined {
  const [a, b = a] = text.split('-');
  const from = Number(a);
  const to = Number(b);
  if (!/^\d+$/.test(a ?? '') || !/^\d+$/.test(b ?? '') || from > to || to > 65535) return undefined;
  return { from, to };
}

/** "80", "1000-2000", "22:1024-65535" (destination:source). */
function portRange(text: string): { ports: Range; sourcePorts?: Range } | undefined {
  const [dst, src] = text.split(':');
  const ports = range(dst ?? '');
  const sourcePorts = src === undefined ? undefined : range(src);
  if (!ports || (src !== undefined && !sourcePorts)) return undefined;
  return { ports, ...(sourcePorts ? { sourcePorts } : {}) };
}

const MASK_BITS = (mask: string): number | undefined => {
  const parts = mask.split('.').map(Number);
  if (parts.length !== 4 || parts.some((p) => !Number.isInteger(p) || p < 0 || p > 255)) return undefined;
  const bits = parts.map((p) => p.toString(2).padStart(8, '0')).join('');
  return /^1*0*$/.test(bits) ? (bits.indexOf('0') < 0 ? 32 : bits.indexOf('0')) : undefined;
};

/** FortiOS writes "10.0.1.0 255.255.255.0" or "10.0.1.0/24". */
export function subnetOf(values: string[]): string | undefined {
  if (values.length === 1 && /^[0-9.]+\/\d+$/.test(values[0]!)) return values[0];
  const [ip, mask] = values;
  if (!ip || !mask || !/^\d+\.\d+\.\d+\.\d+$/.test(ip)) return undefined;
  const bits = MASK_BITS(mask);
  return bits === undefined ? undefined : `${ip}/${bits}`;
}

const table = (vdom: FortiNode, path: string) =>
  new Map(blocksNamed(vdom, path).flatMap((b) => b.entries.map((e) => [e.name, e] as const)));

export class FortiObjects {
  private readonly addresses: Map<string, FortiNode>;
  private readonly addresses6: Map<string, FortiNode>;
  private readonly groups: Map<string, FortiNode>;
  private readonly groups6: Map<string, FortiNode>;
  private readonly vips: Map<string, FortiNode>;
  private readonly services: Map<string, FortiNode>;
  private readonly serviceGroups: Map<string, FortiNode>;

  constructor(vdom: FortiNode) {
    this.addresses = table(vdom, 'firewall address');
    this.addresses6 = table(vdom, 'firewall address6');
    this.groups = table(vdom, 'firewall addrgrp');
    this.groups6 = table(vdom, 'firewall addrgrp6');
    this.vips = new Map([...table(vdom, 'firewall vip'), ...table(vdom, 'firewall vipgrp')]);
    this.services = table(vdom, 'firewall service custom');
    this.serviceGroups = table(vdom, 'firewall service group');
  }

  resolveAddress(name: string, v6: boolean, seen = new Set<string>()): Resolved<string> {
    const out = empty<string>();
    if (seen.has(name)) {
      out.unresolved.push(`${name} (group contains itself)`);
      return out;
    }
    seen.add(name);
    const address = (v6 ? this.addresses6 : this.addresses).get(name);
    if (address) {
      const type = setting(address, 'type', ['ipmask'])[0];
      if (v6 && (type === 'ipprefix' || type === 'ipmask')) out.values.push(setting(address, 'ip6', ['::/0'])[0]!);
      else if (!v6 && (type === 'ipmask' || type === 'interface-subnet')) {
        // An address without `subnet` is 0.0.0.0 0.0.0.0, FortiOS's default (the built-in "all").
        const subnet = subnetOf(setting(address, 'subnet', ['0.0.0.0', '0.0.0.0']));
        if (subnet) out.values.push(subnet);
        else out.unresolved.push(`${name} (subnet ${setting(address, 'subnet').join(' ')})`);
      } else if (type === 'iprange')
        out.values.push(`${setting(address, 'start-ip')[0] ?? '?'}-${setting(address, 'end-ip')[0] ?? '?'}`);
      else out.unresolved.push(`${name} (type ${type})`);
      return out;
    }
    const group = (v6 ? this.groups6 : this.groups).get(name);
    if (group) {
      for (const m of setting(group, 'member')) merge(out, this.resolveAddress(m, v6, seen));
      if (setting(group, 'exclude')[0] === 'enable')
        out.conditions.push(`${name} excludes ${setting(group, 'exclude-member').join(',')}`);
      return out;
    }
    const vip = this.vips.get(name);
    if (vip && !v6) {
      const members = setting(vip, 'member');
      if (members.length) for (const m of members) merge(out, this.resolveAddress(m, v6, seen));
      else {
        const ext = setting(vip, 'extip')[0];
        if (ext) out.values.push(ext.includes('-') ? ext : `${ext}/32`);
        else out.unresolved.push(`${name} (virtual IP without extip)`);
      }
      return out;
    }
    // FortiOS's built-in "all" is 0.0.0.0/0 (::/0 for IPv6) even when the configuration omits it.
    if (name === 'all') out.values.push(v6 ? '::/0' : '0.0.0.0/0');
    else out.unresolved.push(name);
    return out;
  }

  resolveService(name: string, seen = new Set<string>()): Resolved<Service> {
    const out = empty<Service>();
    if (seen.has(name)) {
      out.unresolved.push(`${name} (group contains itself)`);
      return out;
    }
    seen.add(name);
    const custom = this.services.get(name);
    if (custom) {
      const protocol = setting(custom, 'protocol', ['TCP/UDP/SCTP'])[0]!.toUpperCase();
      if (protocol === 'IP') {
        const number = setting(custom, 'protocol-number', ['0'])[0]!;
        out.values.push({ protocol: number === '0' ? 'all' : number, ports: [] });
      } else if (protocol === 'ICMP' || protocol === 'ICMP6')
        out.values.push({ protocol: protocol === 'ICMP' ? 'icmp' : 'icmpv6', ports: [] });
      else if (protocol === 'TCP/UDP/SCTP' || protocol === 'TCP/UDP/UDP-LITE/SCTP') {
        for (const p of ['tcp', 'udp', 'sctp'])
          for (const text of setting(custom, `${p}-portrange`)) {
            const r = portRange(text);
            if (r)
              out.values.push({
                protocol: p,
                ports: [r.ports],
                ...(r.sourcePorts ? { sourcePorts: [r.sourcePorts] } : {}),
              });
            else out.unresolved.push(`${name} (${p}-portrange ${text})`);
          }
        if (out.values.length === 0 && out.unresolved.length === 0) out.unresolved.push(`${name} (no port range)`);
      } else out.unresolved.push(`${name} (protocol ${protocol})`);
      return out;
    }
    const group = this.serviceGroups.get(name);
    if (group) {
      for (const m of setting(group, 'member')) merge(out, this.resolveService(m, seen));
      return out;
    }
    const known = defaults()[name];
    if (known)
      for (const k of known)
        out.values.push({ protocol: k.protocol, ports: k.ports ? [range(k.ports)!] : everyPort(k.protocol) });
    else out.unresolved.push(name);
    return out;
  }
}
