// The period report as JUnit XML: a testsuite per framework with a testcase per control (a failure
// when it failed in any run of the period, skipped when no run could evaluate it), and a "schedule"
// suite with a failing case per missed scheduled run.
import type { PeriodControl, PeriodReport } from '../../model/period.ts';
import { periodText, stretchText } from './common.ts';

// Characters XML 1.0 allows; everything else is dropped.
const ILLEGAL_XML = /[^\t\n\r\x20-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu;
const xml = (value: string | number) =>
  String(value)
    .replace(ILLEGAL_XML, '')
    .replaceAll('&', '&amp;')
    .replaceAll('<', '&lt;')
    .replaceAll('>', '&gt;')
    .replaceAll('"', '&quot;')
    .replaceAll('\n', '&#10;');

function testcase(c: PeriodControl): string {
  const open = `<testcase classname="${xml(c.framework)}" name="${xml(`${c.control} ${c.title}`)}">`;
  const counts = `passed in ${c.passed} of ${c.runs} runs; failed in ${c.statusCounts.fail}; exception in ${c.statusCounts.exception}; not evaluated in ${c.statusCounts['not-evaluated']}`;
  if (c.statusCounts.fail > 0) {
    const exceptions = c.exceptions.map(
      (e) => `exception ${e.waiver}: ${e.reason} (approver ${e.approver ?? 'none'}, expires ${e.expires})`,
    );
    const body = [counts, `longest failing stretch: ${stretchText(c)}`, ...exceptions].join('\n');
    return `${open}<failure message="${xml(`failed in ${c.statusCounts.fail} of ${c.runs} runs`)}" type="control">${xml(body)}</failure></testcase>`;
  }
  if (c.passed + c.statusCounts.exception === 0)
    return `${open}<skipped message="${xml(`not evaluated: ${counts}`)}"/></testcase>`;
  return `${open}<system-out>${xml(counts)}</system-out></testcase>`;
}

export function renderPeriodJunit(report: PeriodReport): string {
  const suites: string[] = [];
  for (const [id, name] of Object.entries(report.frameworks)) {
    const controls = report.controls.filter((c) => c.framework === id);
    const failures = controls.filter((c) => c.statusCounts.fail > 0).length;
    const skipped = controls.filter(
      (c) => c.statusCounts.fail === 0 && c.passed + c.statusCounts.exception === 0,
    ).length;
    suites.push(
      `  <testsuite name="${xml(`${name} over ${periodText(report)}`)}" tests="${controls.length}" failures="${failures}" errors="0" skipped="${skipped}" timestamp="${report.period.from.slice(0, 19)}">\n${controls.map((c) => `    ${testcase(c)}`).join('\n')}\n  </testsuite>`,
    );
  }
  if (report.schedule) {
    const s = report.schedule;
    const cases = s.missed.map(
      (m) =>
        `    <testcase classname="schedule" name="${xml(`run between ${m.from} and ${m.to}`)}"><failure message="no complete run in this slot" type="missed-run">${xml(m.incomplete.length ? `incomplete runs: ${m.incomplete.join(', ')}` : 'no run started')}</failure></testcase>`,
    );
    suites.push(
      `  <testsuite name="${xml(`schedule ${s.expression}`)}" tests="${Math.max(cases.length, 1)}" failures="${cases.length}" errors="0" skipped="0" timestamp="${report.period.from.slice(0, 19)}">\n${cases.length ? cases.join('\n') : `    <testcase classname="schedule" name="${xml(`${s.slots} scheduled runs`)}"/>`}\n  </testsuite>`,
    );
  }
  return `<?xml version="1.0" encoding="UTF-8"?>\n<testsuites>\n${suites.join('\n')}\n</testsuites>\n`;
}
