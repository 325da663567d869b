// The period report's formats, with the file each gets under --output-dir. SARIF is left out on
// purpose: it reports results located in files, and a period's units are controls over time (each
// run's own SARIF is in its evidence folder).
import type { PeriodReport } from '../../model/period.ts';
import { renderPeriodCsv } from './csv.ts';
import { renderPeriodHtml } from './html.ts';
import { renderPeriodJson } from './json.ts';
import { renderPeriodJunit } from './junit.ts';
import { renderPeriodMarkdown } from './markdown.ts';
import { renderPeriodOscal } from './oscal.ts';
import { renderPeriodText } from './text.ts';

export type PeriodFormat = 'text' | 'json' | 'markdown' | 'html' | 'csv' | 'junit' | 'oscal';

export const PERIOD_FORMATS: Record<PeriodFormat, { file?: string; render: (report: PeriodReport) => string }> = {
  text: { render: renderPeriodText },
  json: { file: 'period.json', render: renderPeriodJson },
  markdown: { file: 'period.md', render: renderPeriodMarkdown },
  html: { file: 'period.html', render: renderPeriodHtml },
  csv: { file: 'period-controls.csv', render: renderPeriodCsv },
  junit: { file: 'period-junit.xml', render: renderPeriodJunit },
  oscal: { file: 'period-oscal-assessment-results.json', render: renderPeriodOscal },
};

export const PERIOD_FORMAT_NAMES = Object.keys(PERIOD_FORMATS) as PeriodFormat[];
