// The property values a rule's decision read, for one resource: the evidence that shows why a
// resource passed as well as why one failed (e.g. encryption.enabled = true, algorithm aws:kms).
import type { Resource } from '../model/resource.ts';
import type { DecidedValues } from '../model/results.ts';

/** `paths` are dot paths relative to props; `name[]` steps into every element of an array. */
export function decidedValues(resource: Resource, paths: readonly string[]): DecidedValues {
  const values: Record<string, unknown> = {};
  for (const path of paths) {
    const value = valueAt(resource.props, segmentsOf(path));
    if (value !== undefined) values[path] = value;
  }
  // Members added in this order: uid, values, defaulted, unknown (the last two only when not empty).
  const out: DecidedValues = { uid: resource.uid, values };
  if (resource.defaulted) {
    const defaulted = paths.filter((p) => resource.defaulted?.includes(withoutElements(p)));
    if (defaulted.length > 0) out.defaulted = defaulted;
  }
  if (resource.unknown?.length) {
    const unknown = unknownDecided(resource, paths);
    if (Object.keys(unknown).length > 0) out.unknown = unknown;
  }
  return out;
}

/**
 * The resource's unknown paths that bear on a decision over `paths` (unknown path -> why): the same
 * path, one inside it or one containing it (`rules` bears on `rules[].sources` and the reverse).
 */
export function unknownDecided(resource: Resource, paths: readonly string[]): Record<string, string> {
  const out: Record<string, string> = {};
  if (!resource.unknown?.length) return out; // most resources: nothing to compare
  const plain = paths.map(withoutElements);
  for (const path of resource.unknown ?? []) {
    const p = withoutElements(path);
    if (!plain.some((d) => d === p || d.startsWith(`${p}.`) || p.startsWith(`${d}.`))) continue;
    out[path] = resource.unknownReasons?.[path] ?? `${path} could not be resolved from the source`;
  }
  return out;
}

function withoutElements(path: string): string {
  return path.includes('[]') ? path.replace(/\[\]/g, '') : path;
}

// The same few dozen rule paths are read for every resource in scope: split and parsed once each.
interface Segment {
  /** The property name, without `[]`. */
  key: string;
  /** `name[]`: step into every element of the array there. */
  each: boolean;
}
const segmentCache = new Map<string, Segment[]>();
function segmentsOf(path: string): Segment[] {
  let segments = segmentCache.get(path);
  if (!segments) {
    segments = path.split('.').map((segment) => {
      const each = segment.endsWith('[]');
      return { key: each ? segment.slice(0, -2) : segment, each };
    });
    segmentCache.set(path, segments);
  }
  return segments;
}

function valueAt(value: unknown, segments: readonly Segment[], from = 0): unknown {
  if (from === segments.length) return value;
  const { key, each } = segments[from]!;
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return undefined;
  const next = (value as Record<string, unknown>)[key];
  if (!each) return valueAt(next, segments, from + 1);
  if (!Array.isArray(next)) return undefined;
  const items: unknown[] = [];
  for (const item of next) {
    const v = valueAt(item, segments, from + 1);
    if (v !== undefined) items.push(v);
  }
  return items.length > 0 ? items : undefined;
}
