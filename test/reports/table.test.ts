// The terminal table's closing line: its counts must add up to the findings listed above it.
import { describe, expect, it } from 'vitest';
import { renderTable, TABLE_LIMIT } from '../../src/reports/table.ts';
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

describe('table on a large run', () => {
  it('lists the first findings of a section and counts the rest, pointing at the JSON results', async () => {
    const sample = await sampleResults();
    const template = sample.findings.find((f) => !f.waiver && f.severity === 'high')!;
    const findings = Array.from({ length: TABLE_LIMIT + 7 }, (_, i) => ({
      ...template,
      message: `finding ${i}`,
    }));
    const text = renderTable({ ...emptyResults(), findings }, { color: false });
    expect(text).toContain(`HIGH (${TABLE_LIMIT + 7})`);
    expect(text).toContain(`finding ${TABLE_LIMIT - 1}\n`);
    expect(text).not.toContain(`finding ${TABLE_LIMIT}\n`);
    expect(text).toContain('  … 7 more high findings: every one is in the JSON results');
  });

  it('lists every finding of a section at the limit, with no count line', async () => {
    const sample = await sampleResults();
    const template = sample.findings.find((f) => !f.waiver)!;
    const findings = Array.from({ length: TABLE_LIMIT }, (_, i) => ({ ...template, message: `finding ${i}` }));
    const text = renderTable({ ...emptyResults(), findings }, { color: false });
    expect(text).toContain(`finding ${TABLE_LIMIT - 1}\n`);
    expect(text).not.toContain('  … ');
  });
});

describe('table control summary', () => {
  it('says how many passes had limited scope, beside the pass count', async () => {
    const sample = await sampleResults();
    const fw = sample.frameworks[0]!;
    const framework = { ...fw, summary: { ...fw.summary, pass: 3, passLimitedScope: 2 } };
    const text = renderTable({ ...sample, frameworks: [framework] }, { color: false });
    expect(text).toContain('3 pass (2 limited scope)');
    const none = renderTable(
      { ...sample, frameworks: [{ ...framework, summary: { ...framework.summary, passLimitedScope: 0 } }] },
      { color: false },
    );
    expect(none).toMatch(/\b3 pass, /);
    expect(none).not.toContain('limited scope');
  });
});
