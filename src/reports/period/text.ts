// The period report on a terminal: the period, the runs, the schedule, then one line per control
// that did not pass throughout (passing controls are counted, not listed).
import type { PeriodReport } from '../../model/period.ts';
import { passRate, periodText, scheduleText, stretchText, verdict } from './common.ts';

export function renderPeriodText(report: PeriodReport): string {
  const lines = [
    `Period ${periodText(report)}: ${report.runs.total} runs, ${report.runs.complete} complete, ${report.runs.withoutResults.length} without results`,
  ];
  const schedule = scheduleText(report);
  if (schedule) lines.push(schedule);
  for (const m of report.schedule?.missed.slice(0, 20) ?? []) {
    lines.push(
      `  missed ${m.from} .. ${m.to}${m.incomplete.length ? ` (incomplete: ${m.incomplete.join(', ')})` : ''}`,
    );
  }
  if ((report.schedule?.missed.length ?? 0) > 20) lines.push(`  ... ${report.schedule!.missed.length - 20} more`);
  const steady = report.controls.filter((c) => verdict(c) === 'passed throughout');
  lines.push(`${report.controls.length} controls assessed; ${steady.length} passed in every run`);
  for (const c of report.controls) {
    if (verdict(c) === 'passed throughout') continue;
    lines.push(
      `${c.framework}:${c.control}  ${verdict(c)}  passed ${c.passed}/${c.runs} (${passRate(c)}), last ${c.lastStatus}; longest failing: ${stretchText(c)}`,
    );
    for (const e of c.exceptions) {
      lines.push(
        `    exception ${e.waiver}: ${e.reason} (approver ${e.approver ?? 'none'}, expires ${e.expires}, ${e.states.join('/')} in ${e.runs} runs)`,
      );
    }
  }
  return `${lines.join('\n')}\n`;
}
