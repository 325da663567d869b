// Resource properties compared path by path: what changed between two snapshots, and what differs
// between the declared and the deployed configuration.
import { byCodeUnits } from '../util/compare.ts';

export interface PropertyChange {
  path: string;
  before?: unknown;
  after?: unknown;
}

/**
 * Leaf paths of an object ("encryption.enabled"). An array of objects that each carry a distinct
 * `name` (firewall rules, containers) is followed element by element ("rules[SSH].sources"); any
 * other array is one value, compared with its elements in a canonical order. Source line numbers
 * are left out everywhere (a moved block is not a change).
 */
export function flatten(value: unknown, prefix = '', out = new Map<string, string>()): Map<string, string> {
  if (Array.isArray(value) && prefix) {
    const names = value.map((v) => (v !== null && typeof v === 'object' ? (v as { name?: unknown }).name : undefined));
    if (value.length > 0 && names.every((n) => typeof n === 'string') && new Set(names).size === names.length) {
      value.forEach((v, i) => {
        flatten(v, `${prefix}[${names[i]}]`, out);
      });
      return out;
    }
  }
  if (value !== null && typeof value === 'object' && !Array.isArray(value)) {
    for (const [key, inner] of Object.entries(value)) {
      if (!LINE_KEYS.has(key)) flatten(inner, prefix ? `${prefix}.${key}` : key, out);
    }
    return out;
  }
  if (prefix) out.set(prefix, canonical(value));
  return out;
}

const LINE_KEYS = new Set(['line', 'endLine']);

function canonical(value: unknown): string {
  return JSON.stringify(normalize(value)) ?? 'null';
}

function normalize(value: unknown): unknown {
  if (Array.isArray(value))
    return value.map(normalize).sort((a, b) => byCodeUnits(JSON.stringify(a), JSON.stringify(b)));
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value)
      .filter(([key]) => !LINE_KEYS.has(key))
      .sort(([a], [b]) => byCodeUnits(a, b));
    return Object.fromEntries(entries.map(([k, v]) => [k, normalize(v)]));
  }
  return value;
}

/** Paths whose value differs, was added or was removed; `skip` paths (and paths under them) are left out. */
export function compareProps(before: unknown, after: unknown, skip: readonly string[] = []): PropertyChange[] {
  const a = flatten(before);
  const b = flatten(after);
  const skipped = (p: string) =>
    skip.some((s) => p === s || p.startsWith(`${s}.`) || p.startsWith(`${s}[`) || s.startsWith(`${p}.`));
  const paths = [...new Set([...a.keys(), ...b.keys()])].sort(byCodeUnits);
  const changes: PropertyChange[] = [];
  for (const p of paths) {
    if (skipped(p) || a.get(p) === b.get(p)) continue;
    const change: PropertyChange = { path: p };
    if (a.has(p)) change.before = JSON.parse(a.get(p)!);
    if (b.has(p)) change.after = JSON.parse(b.get(p)!);
    changes.push(change);
  }
  return changes;
}
