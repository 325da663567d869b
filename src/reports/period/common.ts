// What every period renderer says the same way: a control's line, its failing stretch, the
// schedule's verdict.
import type { PeriodControl, PeriodReport } from '../../model/period.ts';

export const day = (iso: string) => iso.slice(0, 10);

/** The period as people write it: the last day is inclusive. */
export function periodText(report: PeriodReport): string {
  const end = new Date(Date.parse(report.period.to) - 1).toISOString();
  return `${day(report.period.from)} to ${day(end)}`;
}

export function stretchText(c: PeriodControl): string {
  const s = c.longestFailing;
  if (!s) return 'never failed';
  const span = s.from === s.to ? day(s.from) : `${day(s.from)} to ${day(s.to)}`;
  return `${s.runs} run${s.runs === 1 ? '' : 's'} (${span}, runs ${s.firstRun.slice(0, 8)}..${s.lastRun.slice(0, 8)})${
    s.endedBy ? `, fixed in ${s.endedBy.slice(0, 8)}` : ', still failing at the end of the period'
  }`;
}

export function scheduleText(report: PeriodReport): string | undefined {
  const s = report.schedule;
  if (!s) return undefined;
  return `schedule ${s.expression}: ${s.satisfied} of ${s.slots} slots have a complete run, ${s.missed.length} missed`;
}

/** Passed runs over runs that assessed the control, as a percentage with one decimal. */
export const passRate = (c: PeriodControl) => (c.runs === 0 ? '-' : `${((100 * c.passed) / c.runs).toFixed(1)}%`);

/** What a control's record over the period comes to, in one word. */
export function verdict(
  c: PeriodControl,
): 'passed throughout' | 'failed at times' | 'failing' | 'exceptions' | 'not evaluated' {
  if (c.lastStatus === 'fail') return 'failing';
  if (c.statusCounts.fail > 0) return 'failed at times';
  if (c.statusCounts.exception > 0) return 'exceptions';
  if (c.statusCounts.pass === c.runs) return 'passed throughout';
  return 'not evaluated';
}
