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
  return { uid: resource.uid, values, ...(defaulted.length > 0 ? { defaulted } : {}) };
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
