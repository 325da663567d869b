// Markdown summary: counts equal the results, lists are capped with "and N more", user strings
// cannot break tables, inject HTML or mention people, and the whole stays under GitHub's limits.
import { describe, expect, it } from 'vitest';
import type { Finding, Results } from '../../src/model/results.ts';
import { escapeMarkdown, MARKDOWN_MAX_CHARS, renderMarkdown } from '../../src/reports/markdown.ts';
import { emptyResults, sampleResults } from './sample-results.ts';

/** Table rows under a heading, as cell arrays (split on unescaped pipes). */
function tableAfter(md: string, heading: string): string[][] {
  const lines = md.split('\n');
  const start = lines.findIndex((l) => l.startsWith(heading));
  expect(start, `heading ${heading}`).toBeGreaterThan(-1);
  const rows: string[][] = [];
  for (const line of lines.slice(start + 1)) {
    if (line.startsWith('#')) break;
    if (!line.startsWith('|') || /^\|[-:|]+\|$/.test(line)) continue;
    rows.push(
      line
        .slice(1, -1)
        .split(/(?<!\\)\|/)
        .map((c) => c.trim()),
    );
  }
  return rows.slice(1);
}

function withFindings(base: Results, count: number): Results {
  const results = structuredClone(base);
  const template = results.findings.find((f) => !f.waiver)!;
  const findings: Finding[] = [];
  for (let i = 0; i < count; i++) {
    findings.push({
      ...structuredClone(template),
      message: `Finding ${i} ${'x'.repeat(200)}`,
      fingerprint: i.toString(16).padStart(32, '0'),
    });
  }
  results.findings = findings;
  results.summary.open = count;
  results.summary.findings = count;
  return results;
}

describe('Markdown summary', () => {
  it('states the open findings by severity, waived count and gaps from the summary', async () => {
    const results = await sampleResults();
    const md = renderMarkdown(results);
    const { open, waived, bySeverity, gaps } = results.summary;
    expect(md).toContain(`**${open} open findings**`);
    for (const [severity, n] of Object.entries(bySeverity)) {
      if (n > 0) expect(md).toContain(`${n} ${severity}`);
    }
    expect(md).toContain(`${waived} waived`);
    expect(md).toContain(`${gaps} gaps`);
  });

  it('tabulates control status per framework with the framework summary counts', async () => {
    const results = await sampleResults();
    const rows = tableAfter(renderMarkdown(results), '### Controls by framework');
    expect(rows).toHaveLength(results.frameworks.length);
    results.frameworks.forEach((fw, i) => {
      const s = fw.summary;
      expect(rows[i]).toEqual([
        `${fw.name} ${fw.version}`,
        ...[
          s.fail,
          s.exception,
          s['not-evaluated'],
          // A pass of limited scope is counted with pass and said beside it.
          s.passLimitedScope ? `${s.pass} (${s.passLimitedScope} limited scope)` : s.pass,
          s.manual,
          s.total,
        ].map(String),
      ]);
    });
  });

  it('caps failing controls and top findings, saying how many more there are', async () => {
    const results = await sampleResults();
    const failing = results.frameworks.flatMap((fw) => fw.controls.filter((c) => c.status === 'fail'));
    expect(failing.length).toBeGreaterThan(3);
    const md = renderMarkdown(results, { maxControls: 3, maxFindings: 4 });
    expect(md).toContain(`### Failing controls (${failing.length})`);
    expect(md).toContain(`- …and ${failing.length - 3} more`);
    const open = results.findings.filter((f) => !f.waiver);
    expect(md).toContain(`### Top findings (4 of ${open.length})`);
    const rows = tableAfter(md, '### Top findings');
    expect(rows).toHaveLength(4);
    // Worst first: the shown severities are the four worst of all open findings.
    const order = ['critical', 'high', 'medium', 'low', 'info'];
    const worst = open.map((f) => f.severity).sort((a, b) => order.indexOf(a) - order.indexOf(b));
    expect(rows.map((r) => r[0])).toEqual(worst.slice(0, 4));
    const first = open.find((f) => f.severity === worst[0])!;
    expect(rows[0]![3]).toBe(escapeMarkdown(`${first.resource.location.file}:${first.resource.location.line}`));
  });

  it('counts accepted exceptions and names expired and stale waivers', async () => {
    const results = await sampleResults();
    const md = renderMarkdown(results);
    const applied = results.waivers.filter((w) => w.state === 'applied');
    expect(md).toContain(`${results.summary.waived} findings accepted by ${applied.length} waiver`);
    for (const w of results.waivers.filter((x) => x.state !== 'applied')) {
      expect(md).toMatch(new RegExp(`\\*\\*${w.id}\\*\\* \\(${w.state}, `));
    }
    for (const w of applied) expect(md).not.toContain(`**${w.id}** (applied`);
  });

  it('names gaps, capped', () => {
    const results = emptyResults();
    results.gaps = Array.from({ length: 25 }, (_, i) => ({
      id: `gap-${i + 1}`,
      source: 'iac',
      reason: 'parse-error' as const,
      message: `could not parse file ${i}`,
      file: `infra/f${i}.tf`,
      line: 3,
    }));
    results.summary.gaps = 25;
    const md = renderMarkdown(results);
    expect(md).toContain('### Not looked at (25 gaps)');
    expect(md).toContain('- gap-1 parse-error at infra/f0.tf:3: could not parse file 0');
    expect(md).not.toContain('gap-21 ');
    expect(md).toContain('- …and 5 more');
  });

  it('shows tool version and full bundle and snapshot hashes', async () => {
    const results = await sampleResults();
    const md = renderMarkdown(results);
    expect(md).toContain(`assay ${results.tool.version}`);
    expect(md).toContain(`\`${results.tool.bundleSha256}\``);
    for (const s of results.snapshots) expect(md).toContain(`\`${s.sha256}\``);
  });

  it('says who ran it, from which commit and CI run, on which host; unknowns say unknown', async () => {
    const results = await sampleResults();
    const text = renderMarkdown(results);
    expect(text).toContain('Commit: `0123456789abcdef0123456789abcdef01234567`');
    expect(text).toContain('Run by: compliance-bot');
    expect(text).toContain('Host: ci-runner-1');
    expect(text).toContain(`Run id: ${results.run!.id}`);
    results.run!.provenance = { ...results.run!.provenance!, actor: null, branch: null };
    const unknown = renderMarkdown(results);
    expect(unknown).toContain('Run by: unknown');
    expect(unknown).toContain('Branch: unknown');
  });

  it('links the full report only when given a URL, and refuses non-http links', async () => {
    const results = await sampleResults();
    expect(renderMarkdown(results)).not.toContain('Full report');
    const md = renderMarkdown(results, { reportUrl: 'https://ci.example.com/runs/1/report (final).html' });
    expect(md).toContain('[Full report](https://ci.example.com/runs/1/report%20%28final%29.html)');
    expect(() => renderMarkdown(results, { reportUrl: 'javascript:alert(1)' })).toThrow(/http or https/);
    expect(() => renderMarkdown(results, { reportUrl: 'not a url' })).toThrow(/not a URL/);
  });

  it('neutralises tables, HTML, links and @mentions in user strings', async () => {
    const results = structuredClone(await sampleResults());
    const worst = results.findings.find((f) => !f.waiver && f.severity === 'critical')!;
    worst.message = '<script>alert(1)</script> | col [x](http://evil) @octocat ![img](y) **bold**\nsecond line';
    worst.resource.name = 'a|b`c`';
    const md = renderMarkdown(results);
    expect(md).not.toContain('<script>');
    expect(md).toContain('&lt;script&gt;');
    expect(md).not.toMatch(/@octocat/);
    expect(md).toContain('@&#8203;octocat');
    expect(md).not.toContain('[x](http://evil)');
    expect(md).not.toContain('**bold**');
    const rows = tableAfter(md, '### Top findings');
    // Still five cells: the pipes and the newline did not split the row.
    for (const row of rows) expect(row).toHaveLength(5);
    const row = rows.find((r) => r[4]!.includes('script'))!;
    expect(row[2]).toBe('a\\|b\\`c\\`');
    expect(row[4]).not.toContain('\n');
  });

  it('stays under the character cap with 5,000 findings, with a truncation note', async () => {
    const results = withFindings(await sampleResults(), 5000);
    const md = renderMarkdown(results, { maxFindings: 5000, reportUrl: 'https://ci.example.com/r' });
    expect(md.length).toBeLessThanOrEqual(MARKDOWN_MAX_CHARS);
    expect(md).toContain('**Truncated:**');
    // The integrity line and the link survive the cut; the table ends on a whole row.
    expect(md).toContain(results.tool.bundleSha256);
    expect(md).toContain('[Full report](https://ci.example.com/r)');
    const lastRow = md
      .split('\n')
      .filter((l) => l.startsWith('| '))
      .at(-1)!;
    expect(lastRow.endsWith(' |')).toBe(true);
    // With the default caps the same results fit without truncation.
    const short = renderMarkdown(results);
    expect(short).not.toContain('**Truncated:**');
    expect(short).toContain('### Top findings (10 of 5000)');
  });

  it('renders empty results: no findings, no frameworks', () => {
    const md = renderMarkdown(emptyResults());
    expect(md).toContain('**No open findings**');
    expect(md).not.toContain('### Controls by framework');
    expect(md).not.toContain('### Top findings');
    expect(md).not.toContain('### Failing controls');
    expect(md).toContain('assay 0.0.0');
  });
});
