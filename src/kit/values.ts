// Plain-value readers shared by the formats and providers. Each format decides itself which markers
// (unknowns, references) must never pass as plain values; these only judge the JSON value.

/** A JSON object (not an array, not null). */
export function asObject(value: unknown): Record<string, unknown> | undefined {
  return value !== null && typeof value === 'object' && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : undefined;
}

export function str(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined;
}

/** Every IaC format accepts numbers written as strings ("7"). */
export function num(value: unknown): number | undefined {
  if (typeof value === 'number' && Number.isFinite(value)) return value;
  if (typeof value === 'string' && value.trim() !== '' && Number.isFinite(Number(value))) return Number(value);
  return undefined;
}

/** Known strings of a string or list; a single string becomes a one-item list, other items are dropped. */
export function strList(value: unknown): string[] | undefined {
  if (typeof value === 'string') return [value];
  if (!Array.isArray(value)) return undefined;
  return value.filter((item): item is string => typeof item === 'string');
}

/** Removes keys whose value is undefined, recursively in plain objects, so absent props stay absent. */
export function compact<T>(value: T): T {
  if (Array.isArray(value)) {
    for (const item of value) compact(item);
    return value;
  }
  if (typeof value !== 'object' || value === null) return value;
  const record = value as Record<string, unknown>;
  for (const key of Object.keys(record)) {
    if (record[key] === undefined) delete record[key];
    else compact(record[key]);
  }
  return value;
}

/**
 * A setting as a source writes it: its value, `undefined` when not written (a default applies) or
 * `null` when written but not known (a variable, an intrinsic, an expression): never guessed.
 */
export type Stated<T> = T | null | undefined;

/** `read` applied to a written value; null when written but unreadable (unknown). */
export function stated<T>(value: unknown, read: (value: unknown) => T | undefined): Stated<T> {
  if (value === undefined || value === null) return undefined;
  return read(value) ?? null;
}

/** A list whose every item is a string; null when the list or an item is not a known string. */
export function statedStrings(value: unknown): Stated<string[]> {
  return stated(value, (list) =>
    Array.isArray(list) && list.every((item) => typeof item === 'string') ? (list as string[]) : undefined,
  );
}
