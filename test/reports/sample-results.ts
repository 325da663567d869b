// Results for the renderer tests: the committed fixture (the bundled examples with one waiver of
// each outcome, at a fixed clock), not a pipeline run, so policy changes do not move renderer tests.
// scripts/results-fixture.ts writes it; test/reports/fixture.test.ts checks it still has the
// pipeline's shape.
import { readFileSync } from 'node:fs';
import type { Results } from '../../src/model/results.ts';

const FIXTURE = new URL('../fixtures/results/examples.results.json', import.meta.url);

let text: string | undefined;

/** `assay scan examples/` with the fixture's waivers (applied, expired, stale), all frameworks; a fresh copy per call. */
export async function sampleResults(): Promise<Results> {
  text ??= readFileSync(FIXTURE, 'utf8');
  return JSON.parse(text) as Results;
}

/** A run that found nothing to look at: no snapshots, rules, findings or frameworks. */
export function emptyResults(): Results {
  return {
    schema: 'assay.results/v1',
    tool: { name: 'assay', version: '0.0.0', bundleSha256: 'a'.repeat(64) },
    generatedAt: '2026-06-01T12:00:00.000Z',
    snapshots: [],
    summary: {
      resources: 0,
      rules: 0,
      findings: 0,
      open: 0,
      waived: 0,
      bySeverity: { critical: 0, high: 0, medium: 0, low: 0, info: 0 },
      gaps: 0,
    },
    rules: [],
    findings: [],
    gaps: [],
    frameworks: [],
    populations: [],
    evidence: [],
    resources: [],
    waivers: [],
  };
}
