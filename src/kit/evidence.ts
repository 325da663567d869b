// Attaches what a collector knows about where values came from: the props filled from provider
// defaults, and the line of each prop. Empty lists are left off so resources stay small.
import type { Resource } from '../model/resource.ts';

export function attachEvidence(
  resource: Resource,
  defaulted: string[] | undefined,
  propLines: Record<string, number | undefined> | undefined,
): void {
  if (defaulted && defaulted.length > 0) resource.defaulted = [...defaulted];
  // Once per resource: a plain loop over the keys, without the entries and keys lists.
  const lines: Record<string, number> = {};
  let any = false;
  for (const path in propLines) {
    const line = propLines[path];
    if (line === undefined) continue;
    lines[path] = line;
    any = true;
  }
  if (any) resource.propLines = lines;
}
