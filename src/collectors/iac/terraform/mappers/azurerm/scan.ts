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

  ofType(...types: string[]): TfResourceRecord[] {
    return types.flatMap((type) => this.byTypeIndex.get(type) ?? []);
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

function byReference(
  ref: string,
  from: TfResourceRecord,
  candidates: TfResourceRecord[],
): TfResourceRecord | undefined {
  const parts = parseRef(ref);
  if (!parts) return undefined;
  // References resolve within one configuration: the same folder (or plan) and module.
  const scope = scopeOf(from);
  let found = candidates.filter((c) => c.type === parts.type && c.name === parts.name && scopeOf(c) === scope);
  if (parts.index !== undefined) found = found.filter((c) => c.address.endsWith(`${c.type}.${c.name}${parts.index}`));
  // With count/for_each and no literal index the reference is ambiguous: do not pick one.
  return found.length === 1 ? found[0] : undefined;
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

/**
 * The record an attribute points at: by reference (`azurerm_x.y.id`, kept on unknown values) or
 * by a literal name (with the resource group when both sides state one) or a literal resource id.
 */
export function linkedRecord(
  value: unknown,
  from: TfResourceRecord,
  candidates: TfResourceRecord[],
  by: 'name' | 'id',
): TfResourceRecord | undefined {
  const ref = refOf(value);
  if (ref !== undefined) return byReference(ref, from, candidates);
  const text = str(value);
  if (text === undefined || text === '') return undefined;
  let found: TfResourceRecord[];
  if (by === 'name') {
    found = candidates.filter((c) => c.values.name === text && sameGroup(from, c));
  } else {
    found = candidates.filter((c) => c.values.id === text);
    const parsed = parseAzureId(text);
    if (found.length === 0 && parsed) {
      found = candidates.filter((c) => {
        const group = str(c.values.resource_group_name);
        const groupMatches =
          parsed.group === undefined || group === undefined || group.toLowerCase() === parsed.group.toLowerCase();
        return c.values.name === parsed.name && groupMatches;
      });
    }
  }
  return found.length === 1 ? found[0] : undefined;
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
