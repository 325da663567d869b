// Attaches what a collector knows about where values came from: the props filled from provider
// defaults, and the line of each prop. Empty lists are left off so resources stay small.
import type { Resource } from '../model/resource.ts';

export function attachEvidence(
  resource: Resource,
  defaulted: string[] | undefined,
  propLines: Record<string, number | undefined> | undefined,
): void {
  if (defaulted && defaulted.length > 0) resource.defaulted = [...defaulted];
  const lines: Record<string, number> = {};
  for (const [path, line] of Object.entries(propLines ?? {})) if (line !== undefined) lines[path] = line;
  if (Object.keys(lines).length > 0) resource.propLines = lines;
}
