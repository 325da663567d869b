// The renderer tests read a committed results fixture (test/fixtures/results/examples.results.json).
// This test notices when it has gone stale: the pipeline's output on the same input must have the
// same shape (the same keys at every level). Values may differ (a policy change moves counts), so
// renderer tests do not move with policies. When it fails: node --import tsx scripts/results-fixture.ts
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { examplesResults, FIXTURE } from '../../scripts/results-fixture.ts';
import type { Results } from '../../src/model/results.ts';

/** Every key path, with array elements merged (`findings[].resource.location.file`). */
function shape(value: unknown, at = '', into = new Set<string>()): Set<string> {
  if (Array.isArray(value)) for (const item of value) shape(item, `${at}[]`, into);
  else if (value !== null && typeof value === 'object') {
    for (const [key, child] of Object.entries(value)) {
      // Maps keyed by data (severities, control statuses, property paths) are shapes of their own values.
      const name = /^[a-z]+$/i.test(key) ? key : '*';
      into.add(`${at}.${name}`);
      shape(child, `${at}.${name}`, into);
    }
  }
  return into;
}

describe('the results fixture', () => {
  it('has the shape of what the pipeline produces now', async () => {
    const fixture = JSON.parse(readFileSync(FIXTURE, 'utf8')) as Results;
    const fresh = await examplesResults();
    expect(fixture.schema).toBe(fresh.schema);
    const fixtureShape = [...shape(fixture)].sort();
    const freshShape = [...shape(fresh)].sort();
    expect(
      fixtureShape.filter((p) => !freshShape.includes(p)),
      'only in the fixture',
    ).toEqual([]);
    expect(
      freshShape.filter((p) => !fixtureShape.includes(p)),
      'only in the pipeline output',
    ).toEqual([]);
    // The fixture covers what the renderers draw: findings, waived ones, every waiver state, controls.
    expect(fixture.findings.some((f) => f.waiver)).toBe(true);
    expect(new Set(fixture.waivers.map((w) => w.state))).toEqual(new Set(['applied', 'expired', 'stale']));
    expect(fixture.frameworks.length).toBeGreaterThan(0);
    expect(fixture.run?.id).toBeDefined();
  });
});
