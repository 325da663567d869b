// The period report in Markdown: summary, schedule gaps, then a table per framework with every
// assessed control's record and the exceptions behind it.
import type { PeriodControl, PeriodReport } from '../../model/period.ts';
import { escapeMarkdown as md } from '../markdown.ts';
import { passRate, periodText, scheduleText, stretchText, verdict } from './common.ts';

function exceptionsText(c: PeriodControl): string {
  return c.exceptions
    .map(
      (e) =>
        `${e.waiver} (${e.reason}; approver ${e.approver ?? 'none'}; ticket ${e.ticket ?? 'none'}; expires ${e.expires})`,
    )
    .join('; ');
}

export function renderPeriodMarkdown(report: PeriodReport): string {
  const out = [
    `# Evidence over the period ${periodText(report)}`,
    '',
    `${report.runs.total} runs recorded, ${report.runs.complete} complete with results, ${report.runs.withoutResults.length} ended without results.`,
  ];
  if (report.runs.withoutResults.length > 0) {
    out.push('', '## Runs without results', '');
    for (const r of report.runs.withoutResults) out.push(`- ${md(r.id)} started ${r.startedAt}: ${r.status}`);
  }
  const schedule = scheduleText(report);
  if (schedule) {
    out.push('', '## Schedule', '', `${md(schedule)}.`);
    if (report.schedule!.missed.length > 0) {
      out.push('', '| Missed slot from | to | incomplete runs |', '| --- | --- | --- |');
      for (const m of report.schedule!.missed)
        out.push(`| ${m.from} | ${m.to} | ${md(m.incomplete.join(', ')) || '-'} |`);
    }
  }
  for (const [id, name] of Object.entries(report.frameworks)) {
    const controls = report.controls.filter((c) => c.framework === id);
    out.push('', `## ${md(name)}`, '');
    out.push('| Control | Record | Runs | Passed | Last status | Longest failing stretch | Exceptions |');
    out.push('| --- | --- | ---: | ---: | --- | --- | --- |');
    for (const c of controls) {
      out.push(
        `| ${md(c.control)} ${md(c.title)} | ${verdict(c)} | ${c.runs} | ${c.passed} (${passRate(c)}) | ${c.lastStatus} | ${md(stretchText(c))} | ${md(exceptionsText(c)) || '-'} |`,
      );
    }
  }
  return `${out.join('\n')}\n`;
}
