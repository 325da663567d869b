// The terminal table's closing line: its counts must add up to the findings listed above it.
import { describe, expect, it } from 'vitest';
import { renderTable } from '../../src/reports/table.ts';
import { emptyResults, sampleResults } from './sample-results.ts';

const lastLine = (text: string) => text.trimEnd().split('\n').at(-1) ?? '';

describe('table summary line', () => {
  it('counts open findings by severity and names the waived ones separately', async () => {
    const results = await sampleResults();
    expect(results.summary.waived).toBeGreaterThan(0);
    const line = lastLine(renderTable(results, { color: false }));
    const bySeverity = [...line.matchAll(/(\d+) (critical|high|medium|low|info)\b/g)].reduce(
      (sum, m) => sum + Number(m[1]),
      0,
    );
    expect(bySeverity).toBe(results.summary.open);
    expect(line).toContain(`${results.summary.open} open findings:`);
    expect(line).toContain(`${results.summary.waived} waived`);
  });

  it('says "no open findings" when every failure is waived, without an empty list', async () => {
    const sample = await sampleResults();
    const waivedOnly = {
      ...emptyResults(),
      findings: sample.findings.filter((f) => f.waiver),
      summary: { ...emptyResults().summary, findings: sample.summary.waived, waived: sample.summary.waived },
    };
    const line = lastLine(renderTable(waivedOnly, { color: false }));
    expect(line).toMatch(/^No open findings, \d+ waived\./);
    expect(line).not.toContain(': .');
  });

  it('says "no findings" for a clean run', () => {
    expect(lastLine(renderTable(emptyResults(), { color: false }))).toMatch(/^No findings\./);
  });
});
