// What every azurerm mapper needs: the scan's azurerm records (to join companions such as NSG
// rules or firewall rules), a place for gaps, and value readers that keep "absent", "unknown"
// and "written" apart, because only an absent attribute may take a provider default.

import { isUnknown } from '../../../../../kit/unknown.ts';
import { str } from '../../../../../kit/values.ts';
import type { Gap } from '../../../../../model/resource.ts';
import type { TfResourceRecord } from '../../records.ts';
import { scopeOf } from '../aws/link.ts';
import { bool, refOf, resourceUid, type Values } from '../common.ts';

export class Scan {
  readonly gaps: Gap[] = [];
  private readonly byTypeIndex = new Map<string, TfResourceRecord[]>();
  /** One list per set of types, so the candidate index of linkedRecord is built once per list. */
  private readonly typeLists = new Map<string, TfResourceRecord[]>();
  private readonly memos = new Map<string, unknown>();

  constructor(
    readonly records: TfResourceRecord[],
    readonly sourceId: string,
  ) {
    for (const record of records) {
      const list = this.byTypeIndex.get(record.type) ?? [];
      list.push(record);
      this.byTypeIndex.set(record.type, list);
    }
  }

  /** The records of `types`, in the order of `types` then of the records; the same list each call (do not change it). */
  ofType(...types: string[]): TfResourceRecord[] {
    const key = types.join(',');
    let list = this.typeLists.get(key);
    if (!list) {
      list = types.flatMap((type) => this.byTypeIndex.get(type) ?? []);
      this.typeLists.set(key, list);
    }
    return list;
  }

  /** A value computed once per scan under `key`. */
  memo<T>(key: string, build: () => T): T {
    if (!this.memos.has(key)) this.memos.set(key, build());
    return this.memos.get(key) as T;
  }

  /**
   * The records of `types` that point at `target` (`targetsOf` says what one points at), in record
   * order. Every companion is linked once per scan under `key`, instead of every companion being
   * tried again for each resource (quadratic on a large tree).
   */
  pointingAt(
    target: TfResourceRecord,
    key: string,
    types: string[],
    targetsOf: (record: TfResourceRecord) => Iterable<TfResourceRecord | undefined>,
  ): TfResourceRecord[] {
    const byTarget = this.memo(`pointing at|${key}`, () => {
      const map = new Map<TfResourceRecord, TfResourceRecord[]>();
      for (const record of this.ofType(...types)) {
        for (const linked of new Set(targetsOf(record))) {
          if (!linked) continue;
          const list = map.get(linked);
          if (list) list.push(record);
          else map.set(linked, [record]);
        }
      }
      return map;
    });
    return byTarget.get(target) ?? [];
  }
}

/** Not written at all: the only case where a provider default applies (plans write null for unset). */
export function isAbsent(value: unknown): boolean {
  return value === undefined || value === null;
}

/** The first attribute of `names` that is written (known or unknown), e.g. a v4 name then its v3 alias. */
export function firstWritten(values: Values, names: string[]): { name: string; value: unknown } | undefined {
  for (const name of names) if (!isAbsent(values[name])) return { name, value: values[name] };
  return undefined;
}

/**
 * A boolean that falls back to a documented default only when no alias is written; an unknown
 * value stays unknown (undefined) and never takes the default.
 */
export function boolOrDefault(
  values: Values,
  names: string[],
  fallback: boolean,
  path: string,
  defaulted: string[],
): boolean | undefined {
  const written = firstWritten(values, names);
  if (written) return bool(written.value);
  defaulted.push(path);
  return fallback;
}

/** A list whose every item is a known string; undefined when any item is unknown (never half a list). */
export function knownStrings(value: unknown): string[] | undefined {
  return Array.isArray(value) && value.every((item) => typeof item === 'string') ? (value as string[]) : undefined;
}

// ---- links between records ----

interface RefParts {
  type: string;
  name: string;
  index?: string;
}

/** "azurerm_storage_account.logs[0].id" -> {type, name, index: "[0]"}; data sources and others -> undefined. */
function parseRef(ref: string): RefParts | undefined {
  const match = /^(azurerm_[a-z0-9_]+)\.([A-Za-z0-9_-]+)(\[[^\]]*\])?/.exec(ref);
  if (!match || match[1] === undefined || match[2] === undefined) return undefined;
  return match[3] === undefined
    ? { type: match[1], name: match[2] }
    : { type: match[1], name: match[2], index: match[3] };
}

/**
 * Candidates by reference name, literal name and literal id, for a list long enough that filtering
 * it on every link would make joining a large tree quadratic; built once per list (Scan.ofType
 * returns the same list each time).
 */
interface CandidateIndex {
  byRef: Map<string, TfResourceRecord[]>;
  byName: Map<string, TfResourceRecord[]>;
  byId: Map<string, TfResourceRecord[]>;
}

const SMALL_LIST = 8;
const indexes = new WeakMap<TfResourceRecord[], CandidateIndex>();

function addTo(map: Map<string, TfResourceRecord[]>, key: string, record: TfResourceRecord): void {
  const list = map.get(key);
  if (list) list.push(record);
  else map.set(key, [record]);
}

/** The candidates that may match under `key` of index `which` (all of a short list), to filter as before. */
function pool(candidates: TfResourceRecord[], which: keyof CandidateIndex, key: string): TfResourceRecord[] {
  if (candidates.length <= SMALL_LIST) return candidates;
  let index = indexes.get(candidates);
  if (!index) {
    index = { byRef: new Map(), byName: new Map(), byId: new Map() };
    for (const c of candidates) {
      addTo(index.byRef, `${c.type}.${c.name}`, c);
      if (typeof c.values.name === 'string') addTo(index.byName, c.values.name, c);
      if (typeof c.values.id === 'string') addTo(index.byId, c.values.id, c);
    }
    indexes.set(candidates, index);
  }
  return index[which].get(key) ?? [];
}

function byReference(ref: string, from: TfResourceRecord, candidates: TfResourceRecord[]): TfResourceRecord[] {
  const parts = parseRef(ref);
  if (!parts) return [];
  // References resolve within one configuration: the same folder (or plan) and module.
  const scope = scopeOf(from);
  let found = pool(candidates, 'byRef', `${parts.type}.${parts.name}`).filter(
    (c) => c.type === parts.type && c.name === parts.name && scopeOf(c) === scope,
  );
  if (parts.index !== undefined) found = found.filter((c) => c.address.endsWith(`${c.type}.${c.name}${parts.index}`));
  return found;
}

function sameGroup(a: TfResourceRecord, b: TfResourceRecord): boolean {
  const ga = str(a.values.resource_group_name);
  const gb = str(b.values.resource_group_name);
  return ga === undefined || gb === undefined || ga.toLowerCase() === gb.toLowerCase();
}

/** Resource group and name of an Azure resource id such as /subscriptions/s/resourceGroups/rg/providers/.../nsg1. */
function parseAzureId(id: string): { group?: string; name: string } | undefined {
  const segments = id.split('/').filter((s) => s !== '');
  if (segments.length < 2 || !/^subscriptions$/i.test(segments[0] ?? '')) return undefined;
  const at = segments.findIndex((s) => /^resourceGroups$/i.test(s));
  const name = segments[segments.length - 1];
  if (name === undefined) return undefined;
  const group = at >= 0 ? segments[at + 1] : undefined;
  return group === undefined ? { name } : { group, name };
}

function byName(text: string, from: TfResourceRecord, candidates: TfResourceRecord[]): TfResourceRecord[] {
  return pool(candidates, 'byName', text).filter((c) => c.values.name === text && sameGroup(from, c));
}

function byId(text: string, candidates: TfResourceRecord[]): TfResourceRecord[] {
  return pool(candidates, 'byId', text).filter((c) => c.values.id === text);
}

/** Candidates named as the last segment of a resource id (in its resource group when both state one). */
function byIdName(text: string, candidates: TfResourceRecord[]): TfResourceRecord[] {
  const parsed = parseAzureId(text);
  if (!parsed) return [];
  return pool(candidates, 'byName', parsed.name).filter((c) => {
    const group = str(c.values.resource_group_name);
    const groupMatches =
      parsed.group === undefined || group === undefined || group.toLowerCase() === parsed.group.toLowerCase();
    return c.values.name === parsed.name && groupMatches;
  });
}

/**
 * The record an attribute points at: by reference (`azurerm_x.y.id`, kept on unknown values) or
 * by a literal name (with the resource group when both sides state one) or a literal resource id.
 * Undefined when none or several match.
 */
export function linkedRecord(
  value: unknown,
  from: TfResourceRecord,
  candidates: TfResourceRecord[],
  by: 'name' | 'id',
): TfResourceRecord | undefined {
  const ref = refOf(value);
  let found: TfResourceRecord[];
  if (ref !== undefined) found = byReference(ref, from, candidates);
  else {
    const text = str(value);
    if (text === undefined || text === '') return undefined;
    if (by === 'name') found = byName(text, from, candidates);
    else {
      found = byId(text, candidates);
      if (found.length === 0) found = byIdName(text, candidates);
    }
  }
  // With count/for_each and no literal index a reference is ambiguous: do not pick one.
  return found.length === 1 ? found[0] : undefined;
}

/**
 * Every candidate the attribute points at when tried on its own (`linkedRecord(value, from, [c], by) === c`):
 * what a companion is joined to when each resource looks for its own companions.
 */
export function linkedRecords(
  value: unknown,
  from: TfResourceRecord,
  candidates: TfResourceRecord[],
  by: 'name' | 'id',
): TfResourceRecord[] {
  const ref = refOf(value);
  if (ref !== undefined) return byReference(ref, from, candidates);
  const text = str(value);
  if (text === undefined || text === '') return [];
  if (by === 'name') return byName(text, from, candidates);
  return [...new Set([...byId(text, candidates), ...byIdName(text, candidates)])];
}

/**
 * How a pointer attribute is shown in props: the uid of the linked record, else the literal id,
 * else the reference text (what the source wrote, not a guess), else undefined.
 */
export function pointerText(value: unknown, linked: TfResourceRecord | undefined): string | undefined {
  if (linked) return resourceUid(linked);
  const text = str(value);
  if (text !== undefined && text !== '') return text;
  return isUnknown(value) ? value.ref : undefined;
}

/** ISO 8601 duration (P90D, P1Y, P3M, P2W, P1Y6M) in whole days; months count 30 days, years 365. */
export function durationDays(value: unknown): number | undefined {
  const text = str(value);
  if (text === undefined) return undefined;
  const match = /^P(?:(\d+)Y)?(?:(\d+)M)?(?:(\d+)W)?(?:(\d+)D)?$/.exec(text.trim());
  if (!match || text.trim() === 'P') return undefined;
  const [, y, m, w, d] = match.map((part) => (part === undefined ? 0 : Number(part)));
  return (y ?? 0) * 365 + (m ?? 0) * 30 + (w ?? 0) * 7 + (d ?? 0);
}
