// The period report as JUnit XML (the Ant JUnit XSD most CI importers accept): a testsuite per
// framework with a testcase per control (a failure when it failed in any run of the period, skipped
// when no run could evaluate it), and a "schedule" suite with a failing case per missed scheduled run.
import type { PeriodControl, PeriodReport } from '../../model/period.ts';
import { periodText, stretchText } from './common.ts';

// Characters XML 1.0 allows; everything else is dropped.
const ILLEGAL_XML = /[^\t\n\r\x20-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu;
const text = (value: string | number) =>
  String(value).replace(ILLEGAL_XML, '').replaceAll('&', '&amp;').replaceAll('<', '&lt;').replaceAll('>', '&gt;');
const attrs = (values: Record<string, string | number>) =>
  Object.entries(values)
    .map(([name, value]) => ` ${name}="${text(value).replaceAll('"', '&quot;').replaceAll('\n', '&#10;')}"`)
    .join('');

const counts = (c: PeriodControl) =>
  `passed in ${c.passed} of ${c.runs} runs; failed in ${c.statusCounts.fail}; exception in ${c.statusCounts.exception}; not evaluated in ${c.statusCounts['not-evaluated']}`;
const neverEvaluated = (c: PeriodControl) => c.statusCounts.fail === 0 && c.passed + c.statusCounts.exception === 0;

function testcase(c: PeriodControl): string {
  const head = `    <testcase${attrs({ name: `${c.control} ${c.title}`, classname: c.framework, time: 0 })}`;
  if (c.statusCounts.fail > 0) {
    const exceptions = c.exceptions.map(
      (e) => `exception ${e.waiver}: ${e.reason} (approver ${e.approver ?? 'none'}, expires ${e.expires})`,
    );
    const body = [counts(c), `longest failing stretch: ${stretchText(c)}`, ...exceptions].join('\n');
    return `${head}><failure${attrs({ message: `failed in ${c.statusCounts.fail} of ${c.runs} runs`, type: 'control' })}>${text(body)}</failure></testcase>`;
  }
  if (neverEvaluated(c)) return `${head}><skipped${attrs({ message: `not evaluated: ${counts(c)}` })}/></testcase>`;
  return `${head}/>`;
}

function suite(
  id: number,
  name: string,
  timestamp: string,
  cases: string[],
  failures: number,
  skipped: number,
  out: string,
) {
  return [
    `  <testsuite${attrs({ name, package: 'assay.period', id, timestamp, hostname: 'localhost', tests: cases.length, failures, errors: 0, skipped, time: 0 })}>`,
    '    <properties></properties>',
    ...cases,
    `    <system-out>${text(out)}</system-out>`,
    '    <system-err></system-err>',
    '  </testsuite>',
  ].join('\n');
}

export function renderPeriodJunit(report: PeriodReport): string {
  const when = report.period.from.slice(0, 19);
  const suites = Object.entries(report.frameworks).map(([fid, name], id) => {
    const controls = report.controls.filter((c) => c.framework === fid);
    return suite(
      id,
      `${name} over ${periodText(report)}`,
      when,
      controls.map(testcase),
      controls.filter((c) => c.statusCounts.fail > 0).length,
      controls.filter(neverEvaluated).length,
      `${report.runs.total} runs, ${report.runs.complete} complete with results`,
    );
  });
  if (report.schedule) {
    const s = report.schedule;
    const cases = s.missed.map(
      (m) =>
        `    <testcase${attrs({ name: `run between ${m.from} and ${m.to}`, classname: 'schedule', time: 0 })}><failure${attrs({ message: 'no complete run in this slot', type: 'missed-run' })}>${text(m.incomplete.length ? `incomplete runs: ${m.incomplete.join(', ')}` : 'no run started')}</failure></testcase>`,
    );
    if (cases.length === 0)
      cases.push(`    <testcase${attrs({ name: `${s.slots} scheduled runs`, classname: 'schedule', time: 0 })}/>`);
    suites.push(
      suite(
        suites.length,
        `schedule ${s.expression}`,
        when,
        cases,
        s.missed.length,
        0,
        `${s.satisfied} of ${s.slots} slots have a complete run`,
      ),
    );
  }
  return ['<?xml version="1.0" encoding="UTF-8"?>', '<testsuites>', ...suites, '</testsuites>', ''].join('\n');
}
