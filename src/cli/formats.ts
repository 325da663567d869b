// The output formats a run can write, and the fixed file name each gets under --output-dir.
import type { Results } from '../engine/types.ts';
import type { ArtifactRole } from '../evidence/manifest.ts';
import { renderJson } from '../reports/json.ts';
import { renderSarif } from '../reports/sarif.ts';
import { renderTable } from '../reports/table.ts';

export interface FormatSpec {
  /** File name under --output-dir; the terminal table has none. */
  file?: string;
  role: ArtifactRole;
  render: (results: Results, context: { color: boolean }) => string;
}

export type Format = 'table' | 'json' | 'sarif';

export const FORMATS: Record<Format, FormatSpec> = {
  table: { role: 'report', render: (results, { color }) => renderTable(results, { color }) },
  json: { file: 'results.json', role: 'results', render: (results) => renderJson(results) },
  sarif: { file: 'results.sarif', role: 'results', render: (results) => renderSarif(results) },
};

export const FORMAT_NAMES = Object.keys(FORMATS) as Format[];

/** What --output-dir writes when no --format is given: every file format. */
export const FILE_FORMATS = FORMAT_NAMES.filter((name) => FORMATS[name].file !== undefined);
