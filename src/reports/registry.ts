// The report formats: one line per format, with the fixed file name each gets in an evidence folder
// (--output-dir, the Action's output-dir). A new format is one renderer file beside this one and one
// line here (docs/extending.md).
import type { Results } from '../model/results.ts';
import type { TextSink } from '../util/json-stream.ts';
import { renderCsv, writeCsv } from './csv.ts';
import { renderHtml, writeHtml } from './html.ts';
import { renderJson, writeJsonResults } from './json.ts';
import { renderJunit, writeJunit } from './junit.ts';
import { renderMarkdown } from './markdown.ts';
import { type OscalOptions, renderOscal, writeOscal } from './oscal.ts';
import { renderSarif, writeSarif } from './sarif.ts';
import { renderTable } from './table.ts';

export interface FormatSpec {
  /** File name under --output-dir; the terminal table has none. */
  file?: string;
  /** How the evidence manifest lists the file: the results themselves, or a report drawn from them. */
  role: 'results' | 'report';
  render: (results: Results, context: RenderContext) => string;
  /** The same bytes as render, piece by piece to a file: for the formats that grow with the estate. */
  write?: (results: Results, context: RenderContext, sink: TextSink) => void;
}

export interface RenderContext {
  color: boolean;
  /** Where each snapshot (by SHA-256) was written, relative to the output folder, when it was. */
  snapshotFiles?: ReadonlyMap<string, string>;
  /** Where the full report will be published (an http(s) link for the Markdown summary). */
  reportUrl?: string;
  /** The table: every finding in full instead of grouped by rule. */
  verbose?: boolean;
}

export type Format = 'table' | 'json' | 'sarif' | 'html' | 'markdown' | 'csv' | 'junit' | 'oscal';

export const FORMATS: Record<Format, FormatSpec> = {
  table: { role: 'report', render: (results, { color, verbose }) => renderTable(results, { color, verbose }) },
  json: {
    file: 'results.json',
    role: 'results',
    render: (results) => renderJson(results),
    write: (results, _context, sink) => writeJsonResults(results, sink),
  },
  sarif: {
    file: 'results.sarif',
    role: 'results',
    render: (results) => renderSarif(results),
    write: (results, _context, sink) => writeSarif(results, sink),
  },
  html: {
    file: 'report.html',
    role: 'report',
    render: (results) => renderHtml(results),
    write: (results, _context, sink) => writeHtml(results, sink),
  },
  markdown: {
    file: 'report.md',
    role: 'report',
    render: (results, { reportUrl }) => renderMarkdown(results, reportUrl ? { reportUrl } : {}),
  },
  csv: {
    file: 'findings.csv',
    role: 'report',
    render: (results) => renderCsv(results),
    write: (results, _context, sink) => writeCsv(results, sink),
  },
  junit: {
    file: 'junit.xml',
    role: 'report',
    render: (results) => renderJunit(results),
    write: (results, _context, sink) => writeJunit(results, sink),
  },
  oscal: {
    file: 'oscal-assessment-results.json',
    role: 'report',
    render: (results, { snapshotFiles }) => renderOscal(results, oscalOptions(snapshotFiles)),
    write: (results, { snapshotFiles }, sink) => writeOscal(results, oscalOptions(snapshotFiles), sink),
  },
};

/** OSCAL links each snapshot by where the evidence folder wrote it. */
function oscalOptions(snapshotFiles: ReadonlyMap<string, string> | undefined): OscalOptions {
  return snapshotFiles ? { snapshotHref: (sha) => snapshotFiles.get(sha) ?? `#${sha}` } : {};
}

export const FORMAT_NAMES = Object.keys(FORMATS) as Format[];

/** What --output-dir writes when no --format is given: every file format. */
export const FILE_FORMATS = FORMAT_NAMES.filter((name) => FORMATS[name].file !== undefined);
