// HTML report as a string: self-contained, every control and count of the results present, waivers
// and gaps shown, hostile strings escaped, large runs capped. The DOM is tested in html.browser.test.ts.
import { createHash } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Finding, Results } from '../../src/model/results.ts';
import { MAX_FAILING_PER_CONTROL, MAX_PASSING_PER_RULE, renderHtml, writeHtml } from '../../src/reports/html.ts';
import { emptyResults, sampleResults } from './sample-results.ts';

let results: Results;
let html: string;

beforeAll(async () => {
  results = await sampleResults();
  html = renderHtml(results);
});

const copy = (r: Results): Results => structuredClone(r);
const countOf = (text: string, pattern: RegExp) => (text.match(pattern) ?? []).length;
/** The element ids the renderer gives controls: "ctl--<framework>--<control>", unsafe characters as _hex. */
const controlAnchor = (framework: string, control: string) =>
  ['ctl', framework, control]
    .map((p) => p.replace(/[^A-Za-z0-9_.-]/g, (c) => `_${c.codePointAt(0)?.toString(16)}`))
    .join('--');

/** The markup of one control, up to the next control or the end of its framework section. */
function controlBlock(text: string, anchor: string): string {
  const start = text.indexOf(`id="${anchor}"`);
  expect(start, anchor).toBeGreaterThan(0);
  const ends = [text.indexOf('<details class="control', start + 1), text.indexOf('</section>', start)];
  return text.slice(start, Math.min(...ends.filter((i) => i > 0)));
}

describe('HTML report', () => {
  it('is written section by section, the same bytes as in one string', async () => {
    const results = await sampleResults();
    const pieces: string[] = [];
    writeHtml(results, { write: (t) => pieces.push(t) });
    expect(pieces.length).toBeGreaterThan(results.frameworks.length + 5);
    expect(pieces.join('')).toBe(renderHtml(results));
  });

  it('is one self-contained document: no network URL, a CSP forbidding loads, hashes of the inlined assets', () => {
    expect(html.startsWith('<!doctype html>')).toBe(true);
    // The only web addresses are the run's provenance (repository, CI run), as text: never an attribute.
    const withoutProvenance = html.replace(/<table class="provenance">[\s\S]*?<\/table>/, '');
    expect(withoutProvenance).not.toMatch(/https?:\/\//i);
    expect(html).not.toMatch(/="[^"]*https?:\/\//i);
    expect(html).not.toMatch(/\b(src|srcset|action)\s*=/i);
    expect(html).not.toMatch(/url\(/i);
    expect(html).not.toMatch(/<link\b/i);
    // Every href is an in-page anchor.
    const hrefs = [...html.matchAll(/href="([^"]*)"/g)].map((m) => m[1]);
    expect(hrefs.length).toBeGreaterThan(0);
    for (const href of hrefs) expect(href).toMatch(/^#/);

    const csp = html.match(/<meta http-equiv="Content-Security-Policy" content="([^"]+)">/)?.[1];
    expect(csp).toBeDefined();
    const policy = csp!.replace(/&#39;/g, "'");
    expect(policy).toContain("default-src 'none'");
    expect(policy).not.toContain('unsafe-inline');
    const style = html.match(/<style>([\s\S]*?)<\/style>/)?.[1] ?? '';
    const script = html.match(/<script>([\s\S]*?)<\/script>/)?.[1] ?? '';
    const hash = (text: string) => `'sha256-${createHash('sha256').update(text).digest('base64')}'`;
    expect(style.length).toBeGreaterThan(100);
    expect(script.length).toBeGreaterThan(100);
    expect(policy).toContain(`style-src ${hash(style)}`);
    expect(policy).toContain(`script-src ${hash(script)}`);
    // No inline style attributes or event handlers: the CSP would block them.
    expect(html).not.toMatch(/\sstyle="/);
    expect(html).not.toMatch(/\son[a-z]+="/);
    expect(countOf(html, /<script>/g)).toBe(1);
  });

  it('states tool version, bundle hash, generation time, snapshots with sources and population hashes', () => {
    expect(html).toContain(`assay ${results.tool.version}`);
    expect(html).toContain(results.tool.bundleSha256);
    expect(html).toContain(results.generatedAt);
    expect(results.snapshots.length).toBeGreaterThan(0);
    for (const snapshot of results.snapshots) {
      expect(html).toContain(snapshot.sha256);
      for (const source of snapshot.sources) {
        expect(html).toContain(`${source.startedAt} → ${source.finishedAt}`);
        expect(html).toContain(`<td>${source.collector}</td><td>${source.target}</td>`);
      }
    }
    expect(results.populations.length).toBeGreaterThan(0);
    for (const population of results.populations) expect(html).toContain(population.sha256);
  });

  it('lists every control of every framework once, with its status, and the summary counts', () => {
    expect(results.frameworks.length).toBeGreaterThan(0);
    for (const framework of results.frameworks) {
      for (const control of framework.controls) {
        const id = controlAnchor(framework.id, control.id);
        expect(countOf(html, new RegExp(`id="${id.replace(/\./g, '\\.')}"`, 'g')), id).toBe(1);
        expect(html).toContain(
          `id="${id}" data-control data-framework="${framework.id}" data-status="${control.status}"`,
        );
      }
      for (const status of ['fail', 'exception', 'not-evaluated', 'pass', 'manual'] as const) {
        const rendered = countOf(
          html,
          new RegExp(`data-control data-framework="${framework.id}" data-status="${status}"`, 'g'),
        );
        expect(rendered, `${framework.id} ${status}`).toBe(framework.summary[status]);
      }
      expect(html).toContain(`Total <strong>${framework.summary.total}</strong>`);
      // The chart's accessible title states the numbers in words.
      expect(html).toContain(
        `<title id="chart--${framework.id}">${framework.name}: ${framework.summary.total} controls`,
      );
    }
  });

  it('shows each non-manual control expandable to its rules and counts, and keeps manual ones in one collapsed table', () => {
    const framework = results.frameworks.find((f) => f.controls.some((c) => c.status === 'fail'))!;
    const control = framework.controls.find((c) => c.status === 'fail')!;
    expect(html).toContain(`<details class="control status-fail" id="${controlAnchor(framework.id, control.id)}"`);
    const block = controlBlock(html, controlAnchor(framework.id, control.id));
    expect(block).toContain(control.statusReason);
    for (const rule of control.rules) {
      expect(block).toContain(
        `<td class="num">${rule.inScope}</td><td class="num">${rule.passed}</td><td class="num">${rule.failed}</td><td class="num">${rule.waived}</td>`,
      );
    }
    const open = control.findings
      .map((fp) => results.findings.find((f) => f.fingerprint === fp)!)
      .filter((f) => !f.waiver);
    expect(block).toContain(`Failing resources (${open.length})`);
    const first = open[0]!;
    expect(block).toContain(`${first.resource.location.file}:${first.resource.location.line}`);
    if (first.evidence) expect(block).toContain(`<code>${first.evidence.property}</code>`);

    for (const f of results.frameworks) {
      const manual = f.controls.filter((c) => c.status === 'manual').length;
      if (manual === 0) continue;
      expect(html).toContain(`<details class="manual-group" data-manual-group data-framework="${f.id}">`);
      expect(html).toContain(`<summary>${manual} manual controls:`);
    }
    expect(html).not.toMatch(/<details[^>]*\sopen/);
  });

  it('shows waived findings as accepted exceptions with reason, ticket, approver and expiry, and every waiver outcome', () => {
    const waived = results.findings.filter((f) => f.waiver);
    expect(waived.length).toBe(results.summary.waived);
    expect(waived.length).toBeGreaterThan(0);
    const w = waived[0]!.waiver!;
    expect(html).toContain(
      `reason: ${w.reason}; ticket: ${w.ticket}; approver: ${w.approver}; expires: ${w.expires}`.replace(/'/g, '&#39;'),
    );
    expect(html).toContain('Accepted exception, waiver W1');
    expect(countOf(html, /<tr data-finding /g)).toBe(results.findings.length);
    expect(countOf(html, /data-state="waived"/g)).toBe(results.summary.waived);
    expect(countOf(html, /<tr data-waiver /g)).toBe(results.waivers.length);
    for (const outcome of results.waivers) expect(html).toContain(`<span class="badge waiver-${outcome.state}">`);
    expect(new Set(results.waivers.map((o) => o.state))).toEqual(new Set(['applied', 'expired', 'stale']));
  });

  it('shows gaps in their section and on the controls they touch', () => {
    const r = copy(results);
    r.gaps = [
      {
        id: 'gap-1',
        source: 'aws',
        reason: 'permission-denied',
        message: 'AccessDenied on s3:ListAllMyBuckets',
        endpoint: 's3',
        permission: 's3:ListAllMyBuckets',
      } as Results['gaps'][number],
    ];
    const framework = r.frameworks[0]!;
    const control = framework.controls.find((c) => c.status !== 'manual')!;
    control.gaps = ['gap-1'];
    control.status = 'not-evaluated';
    const out = renderHtml(r);
    expect(out).toContain('<tr id="gap--gap-1"><td>gap-1</td><td>aws</td><td>permission-denied</td>');
    expect(out).toContain(`<small>${framework.id} ${control.id}</small>`);
    expect(out).toContain('Gaps touching this control (1)');
    expect(out).toContain('<a href="#gap--gap-1">gap-1</a>');
  });

  it('escapes hostile text and attribute values', () => {
    const r = copy(results);
    const hostile = '<script>alert(1)</script>"\',\n]]>&amp;';
    const finding = r.findings.find((f) => !f.waiver)!;
    finding.resource.name = hostile;
    finding.message = hostile;
    finding.evidence = { property: hostile, value: hostile };
    finding.resource.location.file = `x"><img src=x onerror=alert(1)>.tf`;
    r.tool.version = hostile;
    const framework = r.frameworks[0]!;
    framework.name = hostile;
    framework.id = `fw" onmouseover="alert(1)`;
    const control = framework.controls.find((c) => c.findings.includes(finding.fingerprint))!;
    control.title = hostile;
    control.id = `<b>"x"</b>`;
    // First among the controls, so the overview card links to it.
    framework.controls = [control, ...framework.controls.filter((c) => c !== control)];
    const out = renderHtml(r, { title: hostile });

    expect(out).not.toContain('<script>alert(1)</script>');
    expect(out).not.toContain('<img src=x');
    expect(out).not.toContain('" onmouseover="');
    expect(out).not.toContain('<b>"x"</b>');
    expect(out).toContain('&lt;script&gt;alert(1)&lt;/script&gt;&quot;&#39;,\n]]&gt;&amp;amp;');
    expect(out).toContain('data-framework="fw&quot; onmouseover=&quot;alert(1)"');
    expect(out).toContain('<span class="cid">&lt;b&gt;&quot;x&quot;&lt;/b&gt;</span>');
    // The anchor keeps only safe characters, so the overview link still finds the control.
    const anchor = controlAnchor(framework.id, control.id);
    expect(anchor).toMatch(/^[A-Za-z0-9_.-]+$/);
    expect(out).toContain(`href="#${anchor}"`);
    expect(out).toContain(`id="${anchor}"`);
    // Exactly one script element: ours.
    expect(countOf(out, /<script/gi)).toBe(1);
  });

  it('caps failing and passing resources per control and says how many more results.json holds', () => {
    const r = copy(results);
    const framework = r.frameworks[0]!;
    const control = framework.controls.find((c) => c.status === 'fail')!;
    const template = r.findings.find((f) => f.fingerprint === control.findings[0])!;
    const many: Finding[] = Array.from({ length: MAX_FAILING_PER_CONTROL + 7 }, (_, i) => ({
      ...structuredClone(template),
      waiver: undefined,
      fingerprint: `bulk${i}`,
      resource: { ...template.resource, uid: `bulk:${i}`, name: `bulk-resource-${i}` },
    }));
    r.findings.push(...many);
    control.findings = many.map((f) => f.fingerprint);
    const rule = control.rules[0]!;
    const evidence = r.evidence.find((e) => e.ruleId === rule.ruleId)!;
    evidence.passed = Array.from({ length: MAX_PASSING_PER_RULE + 3 }, (_, i) => `passing:${i}`);

    const out = renderHtml(r);
    const block = controlBlock(out, controlAnchor(framework.id, control.id));
    expect(block).toContain(`Failing resources (${many.length})`);
    expect(countOf(block, /bulk-resource-\d+/g)).toBe(MAX_FAILING_PER_CONTROL);
    expect(block).toContain('<p class="more">7 more in results.json</p>');
    expect(block).toContain(`${MAX_PASSING_PER_RULE + 3} passed`);
    expect(countOf(block, /passing:\d+/g)).toBe(MAX_PASSING_PER_RULE);
    expect(block).toContain('<p class="more">3 more in results.json</p>');
  });

  it('renders empty results: no findings, no frameworks, no snapshots', () => {
    const out = renderHtml(emptyResults());
    expect(out).toContain('No framework was assessed.');
    expect(out).toContain('No findings.');
    expect(out).toContain('No waivers.');
    expect(out).toContain('Every input was read.');
    expect(out).toContain('No snapshots.');
    expect(out).toContain('assay 0.0.0');
    expect(out).not.toContain('data-control data-framework');
    expect(out.trimEnd().endsWith('</html>')).toBe(true);
  });

  it('renders a framework whose summary is all zero without dividing by zero', () => {
    const r = emptyResults();
    r.frameworks = [
      {
        id: 'none',
        name: 'Empty',
        version: '1',
        summary: { fail: 0, exception: 0, 'not-evaluated': 0, pass: 0, manual: 0, total: 0 },
        controls: [],
      },
    ];
    const out = renderHtml(r);
    expect(out).not.toMatch(/NaN|Infinity/);
    expect(out).toContain('No automated controls.');
    expect(out).toContain('No failing controls.');
  });
});

describe('decided values', () => {
  it('shows, for a passing resource, the property values its rule decided on', () => {
    const pci = results.frameworks.find((f) => f.id === 'pci-dss');
    const control = pci?.controls.find((c) => c.status === 'pass' && c.rules.some((r) => r.passed > 0));
    expect(control).toBeDefined();
    const rule = control!.rules.find((r) => r.passed > 0)!;
    const evidence = results.evidence.find((e) => e.ruleId === rule.ruleId)!;
    const decided = evidence.values.find((v) => evidence.passed.includes(v.uid) && Object.keys(v.values).length > 0)!;
    const [path, value] = Object.entries(decided.values)[0]!;
    const block = controlBlock(html, controlAnchor('pci-dss', control!.id));
    const escaped = JSON.stringify(value).replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/"/g, '&quot;');
    expect(block).toContain(`<code>${path}</code> = <code>${escaped}</code>`);
  });
});
