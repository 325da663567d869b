// The period report for spreadsheets: one row per control, RFC 4180 framing, cells that would start a
// formula prefixed with a quote (OWASP CSV injection).
import type { PeriodReport } from '../../model/period.ts';
import { cell } from '../csv.ts';
import { verdict } from './common.ts';

export const PERIOD_CSV_COLUMNS = [
  'framework',
  'control',
  'title',
  'record',
  'runs',
  'passed',
  'failed_runs',
  'exception_runs',
  'not_evaluated_runs',
  'last_status',
  'longest_failing_runs',
  'longest_failing_from',
  'longest_failing_to',
  'longest_failing_first_run',
  'longest_failing_last_run',
  'longest_failing_ended_by',
  'exceptions',
  'approvers',
  'missed_scheduled_runs',
] as const;

export function renderPeriodCsv(report: PeriodReport): string {
  const rows: (string | number | undefined)[][] = [[...PERIOD_CSV_COLUMNS]];
  const missed = report.schedule?.missed.length;
  for (const c of report.controls) {
    const s = c.longestFailing;
    rows.push([
      c.framework,
      c.control,
      c.title,
      verdict(c),
      c.runs,
      c.passed,
      c.statusCounts.fail,
      c.statusCounts.exception,
      c.statusCounts['not-evaluated'],
      c.lastStatus,
      s?.runs ?? 0,
      s?.from,
      s?.to,
      s?.firstRun,
      s?.lastRun,
      s?.endedBy,
      c.exceptions.map((e) => e.waiver).join(' '),
      [...new Set(c.exceptions.map((e) => e.approver ?? ''))].filter(Boolean).join(' '),
      missed,
    ]);
  }
  return rows.map((r) => `${r.map(cell).join(',')}\r\n`).join('');
}
