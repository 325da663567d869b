import { MAX_COLLECTION_LENGTH, MAX_STRING_LENGTH } from '../../../../kit/limits.ts';
import { isUnknown, type Unknown, unknown } from '../../../../kit/unknown.ts';
// Values produced by the evaluator: JSON-like data (objects, arrays, strings, numbers, booleans,
// null) where anything not known statically is a Unknown carrying the reference it came from.

export type Value = unknown;
export type ObjectValue = Record<string, Value>;

/** Thrown for expressions Terraform itself would reject (wrong type, missing key); `try`/`can` catch it. */
export class HclEvalError extends Error {}

/**
 * Thrown when a safety limit of src/kit/limits.ts is reached (a string or list too large, a count
 * too high). Not an HclEvalError: `try`/`can` let it through, and the resource or module being read
 * becomes a limit-exceeded gap naming the limit.
 */
export class HclLimitError extends Error {
  constructor(
    message: string,
    /** The line of the construct that reached the limit, when known. */
    readonly line?: number,
  ) {
    super(message);
  }
}

/** The value itself, or HclLimitError when it is a string or collection above the limits. */
export function withinLimits(value: Value): Value {
  if (typeof value === 'string') {
    if (value.length > MAX_STRING_LENGTH)
      throw new HclLimitError(`a string of ${value.length} characters, above the limit of ${MAX_STRING_LENGTH}`);
  } else if (Array.isArray(value)) {
    if (value.length > MAX_COLLECTION_LENGTH)
      throw new HclLimitError(`a list of ${value.length} items, above the limit of ${MAX_COLLECTION_LENGTH}`);
  } else if (isObject(value)) {
    const size = Object.keys(value).length;
    if (size > MAX_COLLECTION_LENGTH)
      throw new HclLimitError(`an object of ${size} keys, above the limit of ${MAX_COLLECTION_LENGTH}`);
  }
  return value;
}

/**
 * An object of which only some attributes are known (a modelled module's outputs): an attribute
 * it lacks is unknown, named `<prefix>.<attribute>`, where a plain object's would be an error.
 */
const OPEN_PREFIX = Symbol('open object');

export function openObject(known: ObjectValue, prefix: string): ObjectValue {
  return Object.defineProperty({ ...known }, OPEN_PREFIX, { value: prefix, enumerable: false });
}

/** The prefix of an open object (see openObject); undefined for any other value. */
export function openPrefix(value: ObjectValue): string | undefined {
  return (value as { [OPEN_PREFIX]?: string })[OPEN_PREFIX];
}

export function isObject(value: Value): value is ObjectValue {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && !isUnknown(value);
}

/** The first unknown found inside a value (depth-first), if any. */
export function firstUnknown(value: Value): Unknown | undefined {
  if (isUnknown(value)) return value;
  if (Array.isArray(value)) {
    for (const item of value) {
      const found = firstUnknown(item);
      if (found) return found;
    }
  } else if (isObject(value)) {
    for (const item of Object.values(value)) {
      const found = firstUnknown(item);
      if (found) return found;
    }
  }
  return undefined;
}

/** An unknown that keeps the reference of the first unknown among `values`. */
export function unknownFrom(...values: Value[]): Unknown {
  for (const value of values) {
    const found = firstUnknown(value);
    if (found) return found.ref === undefined ? unknown() : unknown(found.ref);
  }
  return unknown();
}

export function extendRef(value: Unknown, suffix: string): Unknown {
  return value.ref === undefined ? unknown() : unknown(value.ref + suffix);
}

/** Terraform's automatic conversion to string (numbers and booleans convert, others are errors). */
export function toStr(value: Value): string {
  if (typeof value === 'string') return value;
  if (typeof value === 'number') return formatNumber(value);
  if (typeof value === 'boolean') return String(value);
  throw new HclEvalError(`cannot convert ${describe(value)} to string`);
}

export function formatNumber(n: number): string {
  return Number.isInteger(n) ? n.toFixed(0) : String(n);
}

export function toNum(value: Value): number {
  if (typeof value === 'number') return value;
  if (typeof value === 'string' && value.trim() !== '' && !Number.isNaN(Number(value))) return Number(value);
  throw new HclEvalError(`cannot convert ${describe(value)} to number`);
}

export function toBool(value: Value): boolean {
  if (typeof value === 'boolean') return value;
  if (value === 'true') return true;
  if (value === 'false') return false;
  throw new HclEvalError(`cannot convert ${describe(value)} to bool`);
}

/** Lists, tuples and sets are arrays; objects and maps are plain objects. */
export function toList(value: Value): Value[] {
  if (Array.isArray(value)) return value;
  throw new HclEvalError(`expected a list, got ${describe(value)}`);
}

export function describe(value: Value): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'a list';
  return typeof value === 'object' ? 'an object' : `a ${typeof value}`;
}

export function deepEqual(a: Value, b: Value): boolean {
  if (a === b) return true;
  if (Array.isArray(a) && Array.isArray(b)) return a.length === b.length && a.every((x, i) => deepEqual(x, b[i]));
  if (isObject(a) && isObject(b)) {
    const keys = Object.keys(a);
    return keys.length === Object.keys(b).length && keys.every((k) => k in b && deepEqual(a[k], b[k]));
  }
  return false;
}
