// The named objects Junos rules refer to: address books (global, attached to zones, and the older
// per-zone books) with address-sets nested in any depth, applications and application-sets (with
// the predefined `junos-*` applications of ./predefined.yaml), and policy-options prefix-lists.
// A name that cannot be resolved to addresses or ports (undefined, dns-name, wildcard-address,
// apply-path, an unknown predefined application) is returned as unresolved, never as "nothing".
import { readFileSync } from 'node:fs';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { parse } from 'yaml';
import { assetPath } from '../../assets.ts';
import type { JunosStatement } from './statements.ts';

export type Range = { from: number; to: number };

export interface Service {
  protocol: string;
  ports: Range[];
  sourcePorts?: Range[];
  /** Matches of the application the model has no field for (icmp-type, rpc-program-number). */
  conditions?: string[];
}

export interface Resolved<T> {
  values: T[];
  unresolved: string[];
}

export const ALL_PEERS = ['0.0.0.0/0', '::/0'];

interface Predefined {
  applications: Record<string, { protocol: string; ports?: string }[]>;
  ports: Record<string, number>;
}

let predefined: Predefined | undefined;

function facts(): Predefined {
  if (!predefined) {
    const dir = ['src', 'providers', 'juniper'];
    const schema = JSON.parse(readFileSync(assetPath(...dir, 'predefined.schema.json'), 'utf8'));
    const data: unknown = parse(readFileSync(assetPath(...dir, 'predefined.yaml'), 'utf8'));
    const validate = new Ajv2020().compile(schema);
    if (!validate(data)) throw new Error(`juniper/predefined.yaml: ${validate.errors?.[0]?.message ?? 'invalid'}`);
    predefined = data as Predefined;
  }
  return predefined;
}

/** "80", "1024-65535", "ssh", "ftp-data-ssh"-style names from the port table; undefined when unknown. */
export function junosPorts(text: string): Range | undefined {
  const named = facts().ports[text];
  if (named !== undefined) return { from: named, to: named };
  const [a, b = a] = text.split('-');
  const from = /^\d+$/.test(a ?? '') ? Number(a) : facts().ports[a ?? ''];
  const to = /^\d+$/.test(b ?? '') ? Number(b) : facts().ports[b ?? ''];
  if (from === undefined || to === undefined || from > to || to > 65535) return undefined;
  return { from, to };
}

/** Ports of a rule for a protocol that states none: every port for TCP, UDP and SCTP, none else. */
export function everyPort(protocol: string): Range[] {
  return ['tcp', 'udp', 'sctp'].includes(protocol) ? [{ from: 0, to: 65535 }] : [];
}

/** Junos protocol keywords as the model writes them ("icmp6" is "icmpv6"). */
export function junosProtocol(text: string): string {
  return text === 'icmp6' ? 'icmpv6' : text;
}

/** An address as written in a filter or address book: a prefix (a bare address is a host). */
export function prefixOf(text: string): string | undefined {
  const [ip, len] = text.split('/');
  if (!ip || !/^[0-9a-f.:]+$/i.test(ip) || !/[.:]/.test(ip)) return undefined;
  if (len !== undefined && !/^\d+$/.test(len)) return undefined;
  return len === undefined ? `${ip}/${ip.includes(':') ? 128 : 32}` : text;
}

type Props = Map<string, string[]>;

export class JunosObjects {
  /** book -> address name -> its definition words after the name. */
  private readonly addresses = new Map<string, Map<string, string[]>>();
  private readonly addressSets = new Map<string, Map<string, { kind: string; name: string }[]>>();
  private readonly attached = new Map<string, string[]>();
  private readonly applications = new Map<string, Map<string, Props>>();
  private readonly applicationSets = new Map<string, string[]>();
  private readonly prefixLists = new Map<string, string[]>();

  constructor(statements: JunosStatement[]) {
    for (const s of statements) {
      if (s.inactiveAt !== undefined) continue;
      const w = s.words;
      if (w[0] === 'security' && w[1] === 'address-book' && w[2]) this.addBook(w[2], w.slice(3));
      else if (w[0] === 'security' && w[1] === 'zones' && w[2] === 'security-zone' && w[4] === 'address-book')
        this.addBook(`zone ${w[3]}`, w.slice(5));
      else if (w[0] === 'applications') this.addApplication(w.slice(1));
      else if (w[0] === 'policy-options' && w[1] === 'prefix-list' && w[2]) {
        const list = this.prefixLists.get(w[2]) ?? [];
        if (w[3]) list.push(w[3] === 'apply-path' ? `apply-path ${w[4] ?? ''}` : w[3]);
        this.prefixLists.set(w[2], list);
      }
    }
  }

  private addBook(book: string, w: string[]) {
    const [kind, name, ...rest] = w;
    if (kind === 'attach' && name === 'zone' && rest[0])
      this.attached.set(rest[0], [...(this.attached.get(rest[0]) ?? []), book]);
    if (!name) return;
    if (kind === 'address') {
      const table = this.addresses.get(book) ?? new Map<string, string[]>();
      if (rest[0] !== 'description') table.set(name, [...(table.get(name) ?? []), ...rest]);
      this.addresses.set(book, table);
    } else if (kind === 'address-set') {
      const table = this.addressSets.get(book) ?? new Map();
      const members = table.get(name) ?? [];
      if ((rest[0] === 'address' || rest[0] === 'address-set') && rest[1])
        members.push({ kind: rest[0], name: rest[1] });
      table.set(name, members);
      this.addressSets.set(book, table);
    }
  }

  private addApplication(w: string[]) {
    const [kind, name, ...rest] = w;
    if (!name) return;
    if (kind === 'application-set') {
      const members = this.applicationSets.get(name) ?? [];
      if ((rest[0] === 'application' || rest[0] === 'application-set') && rest[1]) members.push(rest[1]);
      this.applicationSets.set(name, members);
    } else if (kind === 'application') {
      const terms = this.applications.get(name) ?? new Map<string, Props>();
      // `term T protocol tcp destination-port 80` carries several key-value pairs on one line.
      const [term, pairs] = rest[0] === 'term' ? [rest[1] ?? '', rest.slice(2)] : ['', rest];
      const props = terms.get(term) ?? new Map<string, string[]>();
      for (let i = 0; i + 1 < pairs.length; i += 2)
        props.set(pairs[i]!, [...(props.get(pairs[i]!) ?? []), pairs[i + 1]!]);
      terms.set(term, props);
      this.applications.set(name, terms);
    }
  }

  /** Books a zone's policies look names up in: the zone's own, those attached to it, global. */
  private booksOf(zone: string | undefined): string[] {
    return zone === undefined ? ['global'] : [`zone ${zone}`, ...(this.attached.get(zone) ?? []), 'global'];
  }

  resolveAddress(name: string, zone: string | undefined, seen = new Set<string>()): Resolved<string> {
    if (name === 'any') return { values: ALL_PEERS, unresolved: [] };
    if (name === 'any-ipv4') return { values: ['0.0.0.0/0'], unresolved: [] };
    if (name === 'any-ipv6') return { values: ['::/0'], unresolved: [] };
    if (seen.has(name)) return { values: [], unresolved: [`${name} (set contains itself)`] };
    seen.add(name);
    for (const book of this.booksOf(zone)) {
      const address = this.addresses.get(book)?.get(name);
      if (address) return this.addressValue(name, address);
      const set = this.addressSets.get(book)?.get(name);
      if (set) {
        const out: Resolved<string> = { values: [], unresolved: [] };
        for (const m of set) {
          const inner = this.resolveAddress(m.name, zone, seen);
          out.values.push(...inner.values);
          out.unresolved.push(...inner.unresolved);
        }
        if (set.length === 0) out.unresolved.push(`${name} (empty address-set)`);
        return out;
      }
    }
    const literal = prefixOf(name);
    return literal ? { values: [literal], unresolved: [] } : { values: [], unresolved: [name] };
  }

  private addressValue(name: string, words: string[]): Resolved<string> {
    const range = words.indexOf('range-address');
    if (range >= 0 && words[range + 2] === 'to' && words[range + 3])
      return { values: [`${words[range + 1]}-${words[range + 3]}`], unresolved: [] };
    const prefix = words[0] ? prefixOf(words[0]) : undefined;
    if (prefix) return { values: [prefix], unresolved: [] };
    const kind = words.find((w) => w === 'dns-name' || w === 'wildcard-address');
    return { values: [], unresolved: [kind ? `${name} (${kind} ${words[words.indexOf(kind) + 1] ?? ''})` : name] };
  }

  resolveApplication(name: string, seen = new Set<string>()): Resolved<Service> {
    if (name === 'any') return { values: [{ protocol: 'all', ports: [] }], unresolved: [] };
    if (seen.has(name)) return { values: [], unresolved: [`${name} (set contains itself)`] };
    seen.add(name);
    const terms = this.applications.get(name);
    if (terms) {
      const out: Resolved<Service> = { values: [], unresolved: [] };
      for (const props of terms.values()) {
        const service = serviceOf(props);
        if (service) out.values.push(service);
        else if (props.size)
          out.unresolved.push(`${name} (${[...props].map(([k, v]) => `${k} ${v.join(',')}`).join(' ')})`);
      }
      if (out.values.length === 0 && out.unresolved.length === 0) out.unresolved.push(name);
      return out;
    }
    const set = this.applicationSets.get(name);
    if (set) {
      const out: Resolved<Service> = { values: [], unresolved: [] };
      for (const m of set) {
        const inner = this.resolveApplication(m, seen);
        out.values.push(...inner.values);
        out.unresolved.push(...inner.unresolved);
      }
      return out;
    }
    const known = facts().applications[name];
    if (known)
      return {
        values: known.map((k) => ({
          protocol: k.protocol,
          ports: k.ports ? [junosPorts(k.ports)!] : everyPort(k.protocol),
        })),
        unresolved: [],
      };
    return { values: [], unresolved: [name.startsWith('junos-') ? `${name} (predefined, not known to assay)` : name] };
  }

  resolvePrefixList(name: string): Resolved<string> {
    const list = this.prefixLists.get(name);
    if (!list) return { values: [], unresolved: [`prefix-list ${name}`] };
    const out: Resolved<string> = { values: [], unresolved: [] };
    for (const entry of list) {
      const prefix = prefixOf(entry);
      if (prefix) out.values.push(prefix);
      else out.unresolved.push(`prefix-list ${name} (${entry})`);
    }
    if (list.length === 0) out.unresolved.push(`prefix-list ${name} (empty)`);
    return out;
  }
}

const MODELLED = new Set(['protocol', 'destination-port', 'source-port']);
const IGNORED = new Set([
  'description',
  'inactivity-timeout',
  'application-protocol',
  'alg',
  'do-not-translate-a-query-to-aaaa-query',
]);

/** One application (or one of its terms); undefined when a port cannot be read. */
function serviceOf(props: Props): Service | undefined {
  const protocol = props.get('protocol')?.[0];
  if (!protocol) return undefined;
  const range = (key: string) => {
    const text = props.get(key)?.[0];
    return text === undefined ? null : junosPorts(text);
  };
  const ports = range('destination-port');
  const sourcePorts = range('source-port');
  if (ports === undefined || sourcePorts === undefined) return undefined;
  const conditions = [...props]
    .filter(([k]) => !MODELLED.has(k) && !IGNORED.has(k))
    .map(([k, v]) => `${k} ${v.join(',')}`);
  return {
    protocol: junosProtocol(protocol),
    ports: ports ? [ports] : everyPort(junosProtocol(protocol)),
    ...(sourcePorts ? { sourcePorts: [sourcePorts] } : {}),
    ...(conditions.length ? { conditions } : {}),
  };
}
