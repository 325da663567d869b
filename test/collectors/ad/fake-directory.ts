// A Directory that answers from recorded entries (test/fixtures/ad/*.json), pages like a server
// would, and can be told to fail a search: the collector's logic tested without a DC.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { LdapEntry } from '../../../src/collectors/ad/entry.ts';
import type { SearchFailure } from '../../../src/collectors/ad/errors.ts';
import type { Directory, SearchOutcome, SearchSpec } from '../../../src/collectors/ad/ldap.ts';
import * as q from '../../../src/collectors/ad/queries.ts';

export interface Recording {
  now: string;
  rootDse: LdapEntry[];
  domain: LdapEntry[];
  psoContainer: LdapEntry[];
  psos: LdapEntry[];
  users: LdapEntry[];
  computers: LdapEntry[];
  groups: LdapEntry[];
  /** dn → range start → the entry holding that slice. */
  ranges: Record<string, Record<string, LdapEntry>>;
  references: string[];
}

export type SearchName = 'rootDse' | 'domain' | 'psoContainer' | 'psos' | 'users' | 'computers' | 'groups' | 'range';

/** Reads a recording, turning JSON-serialised Buffers back into Buffers as ldapts returns them. */
export function loadRecording(name: string): Recording {
  const file = path.join(import.meta.dirname, '../../fixtures/ad', name);
  return JSON.parse(readFileSync(file, 'utf8'), (_key, value) =>
    value && value.type === 'Buffer' && Array.isArray(value.data) ? Buffer.from(value.data) : value,
  ) as Recording;
}

export function searchName(spec: SearchSpec): SearchName {
  if (spec.base === '') return 'rootDse';
  if (spec.attributes.some((a) => a.includes(';range='))) return 'range';
  if (spec.filter === '(objectClass=domainDNS)') return 'domain';
  if (spec.filter === q.PSO_FILTER) return 'psos';
  if (spec.base.startsWith('CN=Password Settings Container')) return 'psoContainer';
  if (spec.filter === q.USER_FILTER) return 'users';
  if (spec.filter === q.COMPUTER_FILTER) return 'computers';
  if (spec.filter === q.GROUP_FILTER) return 'groups';
  throw new Error(`unexpected search ${q.describeSearch(spec)}`);
}

export interface Fault {
  failure: SearchFailure;
  /** Pages served before the failure (0: fails at once). */
  afterPages?: number;
}

export class FakeDirectory implements Directory {
  readonly searches: SearchSpec[] = [];
  closed = false;

  constructor(
    private readonly recording: Recording,
    private readonly faults: Partial<Record<SearchName, Fault>> = {},
  ) {}

  async search(spec: SearchSpec): Promise<SearchOutcome> {
    this.searches.push(spec);
    const name = searchName(spec);
    // Each search gets fresh copies: the collector may complete ranged attributes in place.
    const all = structuredClone(this.entries(name, spec)).map(revive);
    const size = spec.pageSize ?? Math.max(all.length, 1);
    const pages: LdapEntry[][] = [];
    for (let i = 0; i < all.length; i += size) pages.push(all.slice(i, i + size));
    if (pages.length === 0) pages.push([]);
    const fault = this.faults[name];
    const served = fault ? pages.slice(0, fault.afterPages ?? 0) : pages;
    const references = name === 'users' && !fault ? this.recording.references : [];
    return { entries: served.flat(), references, pages: served.length, ...(fault ? { failure: fault.failure } : {}) };
  }

  private entries(name: SearchName, spec: SearchSpec): LdapEntry[] {
    if (name === 'range') {
      const from = /;range=(\d+)-/.exec(spec.attributes[0]!)![1]!;
      const slice = this.recording.ranges[spec.base]?.[from];
      return slice ? [slice] : [];
    }
    return this.recording[name];
  }

  async close(): Promise<void> {
    this.closed = true;
  }
}

/** structuredClone turns Buffers into Uint8Arrays; ldapts hands out Buffers. */
function revive(entry: LdapEntry): LdapEntry {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(entry)) {
    out[k] = v instanceof Uint8Array && !Buffer.isBuffer(v) ? Buffer.from(v) : v;
  }
  return out as LdapEntry;
}
