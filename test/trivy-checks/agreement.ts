// The trivy-checks examples as samples of the KICS agreement runner (test/kics/accuracy.ts): a bad
// example is a positive without lines (agrees when a mapped rule flags something in its file), a
// good example a negative. Used by test/trivy-checks/trivy-checks.test.ts and
// scripts/accuracy-trivy-checks.ts, which writes its section of docs/accuracy.md.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';
import type { Sample } from '../kics/accuracy.ts';

export const CORPUS = 'test/fixtures/third-party/trivy-checks';

export interface TrivyMapping {
  checks: Record<string, string[]>;
  not_covered: Record<string, string>;
  /** `trivy-checks:<file>` -> why we decide otherwise (disagreements.yaml). */
  disagreements: Record<string, string>;
}

interface Manifest {
  commit: string;
  examples: { check: string; id: string; format: string; polarity: 'good' | 'bad'; file: string }[];
}

export function loadTrivyMapping(repoRoot: string): TrivyMapping {
  const read = (file: string) => parse(readFileSync(path.join(repoRoot, 'test/trivy-checks', file), 'utf8'));
  const mapping = read('mapping.yaml') as TrivyMapping;
  mapping.disagreements = (read('disagreements.yaml') ?? {}) as Record<string, string>;
  return mapping;
}

export function readManifest(repoRoot: string): Manifest {
  return JSON.parse(readFileSync(path.join(repoRoot, CORPUS, 'manifest.json'), 'utf8')) as Manifest;
}

export function trivySamples(repoRoot: string, mapping: TrivyMapping): Sample[] {
  return readManifest(repoRoot).examples.map((example) => ({
    id: `trivy-checks:${example.file}`,
    query: `${example.check} (${example.id})`,
    rules: mapping.checks[example.check] ?? [],
    file: path.posix.join(CORPUS, example.file),
    polarity: example.polarity === 'bad' ? 'positive' : 'negative',
    expectedLines: [],
  }));
}
