// The property values a rule's decision read, for one resource: the evidence that shows why a
// resource passed as well as why one failed (e.g. encryption.enabled = true, algorithm aws:kms).
import type { Resource } from '../model/resource.ts';
import type { DecidedValues } from '../model/results.ts';

/** `paths` are dot paths relative to props; `name[]` steps into every element of an array. */
export function decidedValues(resource: Resource, paths: readonly string[]): DecidedValues {
  const values: Record<string, unknown> = {};
  for (const path of paths) {
    const value = valueAt(resource.props, path.split('.'));
    if (value !== undefined) values[path] = value;
  }
  const defaulted = paths.filter((p) => resource.defaulted?.includes(p.replace(/\[\]/g, '')));
  const unknown = unknownDecided(resource, paths);
  return {
    uid: resource.uid,
    values,
    ...(defaulted.length > 0 ? { defaulted } : {}),
    ...(Object.keys(unknown).length > 0 ? { unknown } : {}),
  };
}

/**
 * The resource's unknown paths that bear on a decision over `paths` (unknown path -> why): the same
 * path, one inside it or one containing it (`rules` bears on `rules[].sources` and the reverse).
 */
export function unknownDecided(resource: Resource, paths: readonly string[]): Record<string, string> {
  const out: Record<string, string> = {};
  const plain = paths.map(withoutElements);
  for (const path of resource.unknown ?? []) {
    const p = withoutElements(path);
    if (!plain.some((d) => d === p || d.startsWith(`${p}.`) || p.startsWith(`${d}.`))) continue;
    out[path] = resource.unknownReasons?.[path] ?? `${path} could not be resolved from the source`;
  }
  return out;
}

function withoutElements(path: string): string {
  return path.replace(/\[\]/g, '');
}

function valueAt(value: unknown, segments: string[]): unknown {
  if (segments.length === 0) return value;
  const [segment, ...rest] = segments as [string, ...string[]];
  const each = segment.endsWith('[]');
  const key = each ? segment.slice(0, -2) : segment;
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return undefined;
  const next = (value as Record<string, unknown>)[key];
  if (!each) return valueAt(next, rest);
  if (!Array.isArray(next)) return undefined;
  const items = next.map((item) => valueAt(item, rest)).filter((v) => v !== undefined);
  return items.length > 0 ? items : undefined;
}
