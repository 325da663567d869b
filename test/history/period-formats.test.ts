// Every period format drawn from one period report over real stored runs, each checked by a reader
// of its own kind: OSCAL against NIST's schema, JUnit against the Ant XSD with xmllint, CSV with a
// CSV parser, and the facts an auditor reads (failing stretch, exceptions, missed runs) in each.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import ajvModule from 'ajv';
import ajvFormats from 'ajv-formats';
import { parse as parseCsv } from 'csv-parse/sync';
import { XMLParser } from 'fast-xml-parser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PeriodReport } from '../../src/model/period.ts';
import { PERIOD_CSV_COLUMNS, renderPeriodCsv } from '../../src/reports/period/csv.ts';
import { renderPeriodHtml } from '../../src/reports/period/html.ts';
import { renderPeriodJunit } from '../../src/reports/period/junit.ts';
import { renderPeriodMarkdown } from '../../src/reports/period/markdown.ts';
import { renderPeriodOscal } from '../../src/reports/period/oscal.ts';
import { type Recorded, recordScenario, scenarioPeriod } from './estate.ts';

const schemas = path.resolve(import.meta.dirname, '../fixtures/third-party/schemas');
const ajv = new ajvModule.default({ allErrors: true, strict: false });
ajvFormats.default(ajv);
const validateOscal = ajv.compile(
  JSON.parse(readFileSync(path.join(schemas, 'oscal/oscal_assessment-results_schema.json'), 'utf8')),
);

let recorded: Recorded;
let report: PeriodReport;
const scratch = mkdtempSync(path.join(tmpdir(), 'assay-period-'));

beforeAll(async () => {
  recorded = await recordScenario();
  report = await scenarioPeriod(recorded);
});
afterAll(() => {
  rmSync(scratch, { recursive: true, force: true });
  if (recorded) rmSync(recorded.dir, { recursive: true, force: true });
});

const control = (framework: string, id: string) =>
  report.controls.find((c) => c.framework === framework && c.control === id)!;

describe('period OSCAL', () => {
  it('is valid OSCAL 1.2.1 assessment-results spanning the period', () => {
    const doc = JSON.parse(renderPeriodOscal(report));
    expect(validateOscal(doc), JSON.stringify(validateOscal.errors?.slice(0, 5), null, 1)).toBe(true);
    const result = doc['assessment-results'].results[0];
    expect(result.start).toBe('2026-01-01T00:00:00.000Z');
    expect(result.end).toBe('2026-01-07T23:59:59.999Z');
    expect(result.findings).toHaveLength(report.controls.length);
    const finding = result.findings.find(
      (f: { target: { 'target-id': string } }) => f.target['target-id'] === 'pci-dss_1.3.1_obj',
    );
    expect(finding.target.status.state).toBe('not-satisfied');
    const risk = result.risks.find((r: { props: { name: string; value: string }[] }) =>
      r.props.some((p) => p.name === 'waiver-id' && p.value === 'LEGACY-KEY'),
    );
    expect(risk.props).toContainEqual(expect.objectContaining({ name: 'approver', value: 'security@example.com' }));
    expect(JSON.stringify(result.observations)).toContain('4 of 7 scheduled slots have a complete run');
    // The same report gives the same bytes.
    expect(renderPeriodOscal(report)).toBe(renderPeriodOscal(report));
  });

  it('stays valid with no runs in the period', () => {
    const empty: PeriodReport = {
      ...report,
      runs: { total: 0, complete: 0, withoutResults: [] },
      frameworks: {},
      controls: [],
    };
    expect(validateOscal(JSON.parse(renderPeriodOscal(empty))), JSON.stringify(validateOscal.errors?.slice(0, 3))).toBe(
      true,
    );
  });
});

describe('period JUnit', () => {
  it('validates against the Ant JUnit XSD and fails the controls that failed in the period', () => {
    const xml = renderPeriodJunit(report);
    const file = path.join(scratch, 'period.xml');
    writeFileSync(file, xml);
    const run = spawnSync('xmllint', ['--noout', '--schema', path.join(schemas, 'junit/JUnit.xsd'), file], {
      encoding: 'utf8',
    });
    if (run.error) throw new Error(`xmllint could not run (${run.error.message}): install libxml2-utils`);
    expect(run.status, run.stderr).toBe(0);
    const parsed = new XMLParser({
      ignoreAttributes: false,
      attributeNamePrefix: '',
      isArray: (name) => ['testsuite', 'testcase'].includes(name),
    }).parse(xml);
    const suites = parsed.testsuites.testsuite as {
      name: string;
      failures: string;
      testcase: { name: string; failure?: { '#text': string } }[];
    }[];
    const pci = suites.find((s) => s.name.startsWith('PCI DSS'))!;
    expect(Number(pci.failures)).toBe(
      report.controls.filter((c) => c.framework === 'pci-dss' && c.statusCounts.fail > 0).length,
    );
    const c131 = pci.testcase.find((t) => t.name.startsWith('1.3.1 '))!;
    expect(c131.failure?.['#text']).toContain('longest failing stretch: 2 runs');
    const schedule = suites.find((s) => s.name === 'schedule daily')!;
    expect(schedule.testcase).toHaveLength(3);
  });
});

describe('period CSV', () => {
  it('has one row per control with the stretch and the exceptions, and defuses formulas', () => {
    const rows = parseCsv(renderPeriodCsv(report), { columns: true }) as Record<string, string>[];
    expect(Object.keys(rows[0]!)).toEqual([...PERIOD_CSV_COLUMNS]);
    expect(rows).toHaveLength(report.controls.length);
    const row = rows.find((r) => r.framework === 'pci-dss' && r.control === '3.7.4')!;
    expect(row).toMatchObject({
      exceptions: 'LEGACY-KEY',
      approvers: 'security@example.com',
      longest_failing_runs: '2',
      missed_scheduled_runs: '3',
    });
    const hostile: PeriodReport = {
      ...report,
      controls: [{ ...control('pci-dss', '1.3.1'), title: '=HYPERLINK("http://x")' }],
    };
    const [cell] = (parseCsv(renderPeriodCsv(hostile), { columns: true }) as Record<string, string>[]).map(
      (r) => r.title,
    );
    expect(cell).toBe(`'=HYPERLINK("http://x")`);
  });
});

describe('period Markdown and HTML', () => {
  it('Markdown: a table per framework, exceptions with approvers, missed slots', () => {
    const md = renderPeriodMarkdown(report);
    expect(md).toContain('# Evidence over the period 2026-01-01 to 2026-01-07');
    for (const name of Object.values(report.frameworks)) expect(md).toContain(`## ${name}`);
    expect(md).toMatch(/\| 1\.3\.1 .*\| failing \| 4 \| 1 \(25\.0%\) \| fail \|/);
    expect(md).toContain(
      'LEGACY-KEY \\(Legacy key kept to decrypt old archives.; approver security@&#8203;example.com; ticket SEC-88',
    );
    expect(md).toContain('| 2026-01-04T00:00:00.000Z | 2026-01-05T00:00:00.000Z | - |');
  });

  it('HTML: a chart per control whose bands count the runs, escaped text, no network', () => {
    const hostile: PeriodReport = {
      ...report,
      controls: [...report.controls, { ...control('pci-dss', '1.3.1'), title: '<script>alert(1)</script>' }],
    };
    const html = renderPeriodHtml(hostile);
    expect(html).not.toContain('<script>alert(1)');
    expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(html).toMatch(/Content-Security-Policy" content="default-src 'none'; style-src 'sha256-/);
    expect(html.match(/<svg class="timeline"/g)).toHaveLength(hostile.controls.length);
    expect(html).not.toMatch(/(src|href)="https?:/);
  });
});
