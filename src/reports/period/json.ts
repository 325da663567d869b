// The period report as data (schema "assay.period/v1"): what the other period formats are drawn from.
import type { PeriodReport } from '../../model/period.ts';

export function renderPeriodJson(report: PeriodReport): string {
  return `${JSON.stringify(report, null, 2)}\n`;
}
