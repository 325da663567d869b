// Conditionals whose condition the source cannot decide but whose branches it states (HCL
// `c ? a : b`, CloudFormation Fn::If, ARM if()): the format maps its items again once per
// combination of branches, and every resource whose props then differ gets each combination as a
// variant (evaluated by the pipeline like the resource itself) and the differing paths as unknown.

import type { Resource } from '../model/resource.ts';
import { combinations, markUnknown, unknownReason, unknownsWithAlternatives } from './unknown.ts';

export interface VariantSource<T> {
  /** The items a format maps (records, template resources). */
  items: T[];
  /** The values of one item in which alternatives may appear. */
  valuesOf: (item: T) => unknown;
  /** The item with these values instead. */
  withValues: (item: T, values: unknown) => T;
  /** Maps the whole item list to resources, as the format does. */
  map: (items: T[]) => Resource[];
}

/** Adds variants (and unknown paths) to `resources`, the format's mapping of `source.items`. */
export function attachVariants<T>(source: VariantSource<T>, resources: Resource[]): void {
  const byUid = new Map(resources.map((r) => [r.uid, r]));
  source.items.forEach((item, index) => {
    const values = source.valuesOf(item);
    const unknowns = unknownsWithAlternatives(values);
    if (unknowns.length === 0) return;
    const reasons = [...new Set(unknowns.map((u) => unknownReason('it', u).replace(/^it /, '')))];
    const alternatives = combinations(values);
    for (const { when, value } of alternatives) {
      const items = source.items.map((other, i) => (i === index ? source.withValues(item, value) : other));
      for (const variant of source.map(items)) {
        const real = byUid.get(variant.uid);
        if (!real || real.kind !== variant.kind) continue;
        const paths = differingPaths(real.props, variant.props, '');
        if (paths.length === 0) continue;
        for (const path of paths) {
          // The adapter may already have said why, in the source's own words.
          if (!real.unknown?.includes(path)) markUnknown(real, path, `${path} ${reasons.join('; ')}`);
        }
        real.variants = [...(real.variants ?? []), { when, props: variant.props }];
      }
    }
  });
}

/** Props paths (dot syntax, `[]` for array elements) where two values differ. */
function differingPaths(a: unknown, b: unknown, path: string): string[] {
  if (JSON.stringify(a) === JSON.stringify(b)) return [];
  const join = (key: string) => (path === '' ? key : `${path}.${key}`);
  if (isPlainObject(a) && isPlainObject(b)) {
    const keys = [...new Set([...Object.keys(a), ...Object.keys(b)])].sort();
    return keys.flatMap((key) => differingPaths(a[key], b[key], join(key)));
  }
  if (Array.isArray(a) && Array.isArray(b) && a.length === b.length && a.every(isPlainObject) && path !== '') {
    const paths = a.flatMap((item, i) => differingPaths(item, b[i], `${path}[]`));
    return [...new Set(paths)];
  }
  return path === '' ? [] : [path];
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
