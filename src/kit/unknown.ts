// A value the source states but that is only known at deployment: a Terraform attribute known
// after apply, a CloudFormation intrinsic or an ARM expression the template alone cannot decide.
// Formats produce it, providers read it, and it never passes as a plain value.
import type { Resource } from '../model/resource.ts';

/** One value an unknown can take, and when: a conditional whose condition is unknown. */
export interface Alternative {
  /** e.g. "var.public is true", "condition IsProd is false". */
  when: string;
  value: unknown;
}

export interface Unknown {
  __unknown__: true;
  /** What it refers to when that is known, e.g. "aws_s3_bucket.logs.id", so resources can still be linked. */
  ref?: string;
  /** Every value it can take, when the source lists them all (both branches of a conditional known). */
  alternatives?: Alternative[];
  /**
   * A string only partly unknown (a template or heredoc with an unknown interpolation): its pieces
   * in order, the known text as it is and an unknown for each piece that is not known. The known
   * text can still be read (for secrets, for a literal a rule looks for); the whole stays unknown.
   */
  parts?: (string | Unknown)[];
}

export const UNKNOWN: Unknown = Object.freeze({ __unknown__: true as const });

export function unknown(ref?: string): Unknown {
  return ref === undefined ? { __unknown__: true } : { __unknown__: true, ref };
}

export function isUnknown(value: unknown): value is Unknown {
  return typeof value === 'object' && value !== null && (value as { __unknown__?: unknown }).__unknown__ === true;
}

/** The first unknown inside a value (depth-first through lists and objects), to say why a prop is unknown. */
export function firstUnknownIn(value: unknown): Unknown | undefined {
  if (isUnknown(value)) return value;
  const items = Array.isArray(value) ? value : typeof value === 'object' && value !== null ? Object.values(value) : [];
  for (const item of items) {
    const found = firstUnknownIn(item);
    if (found) return found;
  }
  return undefined;
}

/** A string of known text and unknown pieces; it refers to what its first unknown piece refers to. */
export function partlyKnown(parts: (string | Unknown)[]): Unknown {
  const first = parts.find(isUnknown);
  return { ...unknown(first?.ref), parts };
}

/**
 * The text of a partly unknown string with each unknown piece written `${ref}` (as Terraform
 * writes what it has not evaluated, and as jsonencode here does), for a reader that treats such a
 * piece as unknown; undefined for any other value.
 */
export function textWithHoles(value: unknown): string | undefined {
  if (!isUnknown(value) || value.parts === undefined) return undefined;
  return value.parts.map((part) => (typeof part === 'string' ? part : `\${${part.ref ?? 'unknown'}}`)).join('');
}

/** A conditional on an unknown condition: unknown, but one of two known values. */
export function eitherOf(condition: string, ref: string | undefined, whenTrue: unknown, whenFalse: unknown): Unknown {
  return {
    ...unknown(ref),
    alternatives: [
      { when: `${condition} is true`, value: whenTrue },
      { when: `${condition} is false`, value: whenFalse },
    ],
  };
}

/** Why `what` (an attribute as the source names it) has no known value, in a sentence part. */
export function unknownReason(what: string, value: Unknown): string {
  const ref = value.ref;
  if (ref === undefined) return `${what} could not be resolved from the source`;
  if (/^(var|parameter|parameters)[.( ]/.test(ref)) return `${what} depends on ${ref}, which has no value`;
  if (ref.startsWith('condition ')) return `${what} depends on ${ref}, which the template cannot decide`;
  return `${what} depends on ${ref}, known only at deployment`;
}

/** Records that the source states `path` (a props path) but its value is unknown, and why. */
export function markUnknown(resource: Resource, path: string, reason: string): void {
  const paths = new Set(resource.unknown ?? []);
  paths.add(path);
  resource.unknown = [...paths].sort();
  const reasons = resource.unknownReasons ?? {};
  reasons[path] = reasons[path] ? joinReasons(reasons[path], reason) : reason;
  resource.unknownReasons = reasons;
}

function joinReasons(a: string, b: string): string {
  return a.split('; ').includes(b) ? a : `${a}; ${b}`;
}

/** The first unknown with alternatives found in a value (depth-first), with how to replace it. */
function firstAlternatives(
  value: unknown,
): { alternatives: Alternative[]; replace: (v: unknown) => unknown } | undefined {
  if (isUnknown(value)) return value.alternatives ? { alternatives: value.alternatives, replace: (v) => v } : undefined;
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      const found = firstAlternatives(value[i]);
      if (found) return { ...found, replace: (v) => value.map((item, j) => (j === i ? found.replace(v) : item)) };
    }
    return undefined;
  }
  if (typeof value === 'object' && value !== null) {
    for (const [key, item] of Object.entries(value)) {
      const found = firstAlternatives(item);
      if (found) return { ...found, replace: (v) => ({ ...value, [key]: found.replace(v) }) };
    }
  }
  return undefined;
}

/** Every unknown with alternatives in a value. */
export function unknownsWithAlternatives(value: unknown): Unknown[] {
  if (isUnknown(value)) return value.alternatives ? [value] : [];
  if (Array.isArray(value)) return value.flatMap(unknownsWithAlternatives);
  if (typeof value === 'object' && value !== null) return Object.values(value).flatMap(unknownsWithAlternatives);
  return [];
}

/** Beyond this many combinations a resource is left unknown rather than evaluated per combination. */
export const MAX_COMBINATIONS = 8;

/**
 * Every combination of the alternatives in a value, each with the value it gives and when; empty
 * when the value holds none, or more than MAX_COMBINATIONS (then its unknowns stay unknown).
 */
export function combinations(value: unknown): Alternative[] {
  const found = firstAlternatives(value);
  if (!found) return [];
  const out: Alternative[] = [];
  for (const alternative of found.alternatives) {
    const replaced = found.replace(alternative.value);
    const rest = combinations(replaced);
    if (rest.length === 0 && firstAlternatives(replaced)) return [];
    if (rest.length === 0) out.push({ when: alternative.when, value: replaced });
    else for (const more of rest) out.push({ when: `${alternative.when} and ${more.when}`, value: more.value });
    if (out.length > MAX_COMBINATIONS) return [];
  }
  return out;
}
