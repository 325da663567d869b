// The output formats a run can write, and the fixed file name each gets under --output-dir.
import type { ArtifactRole } from '../evidence/manifest.ts';
import type { Results } from '../model/results.ts';
import { renderCsv } from '../reports/csv.ts';
import { renderHtml } from '../reports/html.ts';
import { renderJson } from '../reports/json.ts';
import { renderJunit } from '../reports/junit.ts';
import { renderMarkdown } from '../reports/markdown.ts';
import { renderOscal } from '../reports/oscal.ts';
import { renderSarif } from '../reports/sarif.ts';
import { renderTable } from '../reports/table.ts';

export interface FormatSpec {
  /** File name under --output-dir; the terminal table has none. */
  file?: string;
  role: ArtifactRole;
  render: (results: Results, context: RenderContext) => string;
}

export interface RenderContext {
  color: boolean;
  /** Where each snapshot (by SHA-256) was written, relative to the output folder, when it was. */
  snapshotFiles?: ReadonlyMap<string, string>;
  /** Where the full report will be published (an http(s) link for the Markdown summary). */
  reportUrl?: string;
}

export type Format = 'table' | 'json' | 'sarif' | 'html' | 'markdown' | 'csv' | 'junit' | 'oscal';

export const FORMATS: Record<Format, FormatSpec> = {
  table: { role: 'report', render: (results, { color }) => renderTable(results, { color }) },
  json: { file: 'results.json', role: 'results', render: (results) => renderJson(results) },
  sarif: { file: 'results.sarif', role: 'results', render: (results) => renderSarif(results) },
  html: { file: 'report.html', role: 'report', render: (results) => renderHtml(results) },
  markdown: {
    file: 'report.md',
    role: 'report',
    render: (results, { reportUrl }) => renderMarkdown(results, reportUrl ? { reportUrl } : {}),
  },
  csv: { file: 'findings.csv', role: 'report', render: (results) => renderCsv(results) },
  junit: { file: 'junit.xml', role: 'report', render: (results) => renderJunit(results) },
  oscal: {
    file: 'oscal-assessment-results.json',
    role: 'report',
    render: (results, { snapshotFiles }) => {
      const href = (sha: string) => snapshotFiles?.get(sha);
      return renderOscal(results, snapshotFiles ? { snapshotHref: (sha) => href(sha) ?? `#${sha}` } : {});
    },
  },
};

export const FORMAT_NAMES = Object.keys(FORMATS) as Format[];

/** What --output-dir writes when no --format is given: every file format. */
export const FILE_FORMATS = FORMAT_NAMES.filter((name) => FORMATS[name].file !== undefined);
