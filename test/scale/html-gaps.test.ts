// A run with many gaps (140,000 limit gaps in a 20,000-file tree) must not repeat every gap under
// every control of the HTML report: that made report.html pass V8's string limit. Each control
// names as many gaps as it names failing resources and counts the rest.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { controlsByRule, loadFrameworks } from '../../src/frameworks/catalog.ts';
import type { Gap, Snapshot } from '../../src/model/resource.ts';
import type { RuleMeta } from '../../src/model/results.ts';
import { buildResults } from '../../src/pipeline/results.ts';
import { MAX_FAILING_PER_CONTROL, renderHtml } from '../../src/reports/html.ts';

const GAPS = 400;

describe('the HTML report of a run with many gaps', () => {
  it('names at most MAX_FAILING_PER_CONTROL gaps under each control and counts the rest', () => {
    const catalog = JSON.parse(
      readFileSync(new URL('../../dist/policies/catalog.json', import.meta.url), 'utf8'),
    ) as RuleMeta[];
    const gaps: Gap[] = Array.from({ length: GAPS }, (_, i) => ({
      reason: 'limit-exceeded',
      file: `m/f${i}.tf`,
      line: 1,
      message: `m/f${i}.tf:1: a limit was reached; not read`,
    }));
    const snapshot: Snapshot = {
      schema: 'assay.snapshot/v1',
      collectedAt: '2026-01-01T00:00:00.000Z',
      tool: { name: 'assay', version: '0' },
      sources: [
        {
          id: 's',
          collector: 'iac',
          target: '.',
          startedAt: '2026-01-01T00:00:00.000Z',
          finishedAt: '2026-01-01T00:00:00.000Z',
          status: 'partial',
          gaps,
        },
      ],
      resources: [],
    };
    const frameworks = loadFrameworks();
    const results = buildResults({
      toolVersion: '1.0.0',
      bundleSha256: 'abc',
      catalog,
      ruleResults: catalog.map((r) => ({ ruleId: r.id, inScope: [], passed: [], failed: [] })),
      snapshots: [{ snapshot, sha256: 'f'.repeat(64) }],
      controlsByRule: controlsByRule(frameworks),
      frameworks,
      now: new Date('2026-01-02T00:00:00.000Z'),
    });
    const touched = results.frameworks
      .flatMap((f) => f.controls)
      .filter((c) => c.gaps.length > MAX_FAILING_PER_CONTROL);
    expect(touched.length).toBeGreaterThan(0);
    const html = renderHtml(results);
    const lists = [...html.matchAll(/<ul class="gaps">(.*?)<\/ul>/gs)].map((m) => m[1]!.split('<li>').length - 1);
    expect(lists.length).toBeGreaterThan(0);
    expect(Math.max(...lists)).toBe(MAX_FAILING_PER_CONTROL);
    expect(html).toContain(`${GAPS - MAX_FAILING_PER_CONTROL} more in results.json`);
  });
});
