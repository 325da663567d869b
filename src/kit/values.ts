// Plain-value readers shared by the IaC collectors. Each format decides itself which markers
// (unknowns, references) must never pass as plain values; these only judge the JSON value.

export function str(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined;
}

/** Every IaC format accepts numbers written as strings ("7"). */
export function num(value: unknown): number | undefined {
  if (typeof value === 'number' && Number.isFinite(value)) return value;
  if (typeof value === 'string' && value.trim() !== '' && Number.isFinite(Number(value))) return Number(value);
  return undefined;
}
