// CSV for spreadsheets and audit sampling: one row per (framework, control, resource, rule, status),
// passing resources included, so an auditor can pick any row and trace it back to the snapshot.
// RFC 4180 framing (CRLF, quoted fields) plus OWASP's guard against formula injection.
import { UNREAD_GAP_REASONS } from '../model/resource.ts';
import type { DecidedValues, Finding, FindingResource, Results } from '../model/results.ts';
import { StringSink, type TextSink } from '../util/json-stream.ts';

export const CSV_COLUMNS = [
  'run_id',
  'run_time',
  'framework',
  'control',
  'control_title',
  'automation',
  'control_status',
  'rule',
  'severity',
  'resource_uid',
  'resource_name',
  'file',
  'line',
  'resource_status',
  'decided_values',
  'message',
  'remediation',
  'waiver_id',
  'waiver_reason',
  'waiver_approver',
  'waiver_ticket',
  'waiver_expires',
] as const;

type Column = (typeof CSV_COLUMNS)[number];
type Row = Partial<Record<Column, string | number | undefined>>;

// A spreadsheet treats a cell starting with one of these as a formula (OWASP CSV injection).
const FORMULA_START = /^[=+\-@\t\r]/;

/** One CSV cell (RFC 4180 quoting), with a leading formula character neutralised. */
export function cell(value: string | number | undefined): string {
  if (value === undefined) return '';
  let text = String(value);
  if (typeof value === 'string' && FORMULA_START.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

function line(row: Row): string {
  return CSV_COLUMNS.map((column) => cell(row[column])).join(',');
}

/** Findings of one rule on one resource, split by whether a waiver accepts them. */
function findingsByRuleAndUid(findings: Finding[]): Map<string, Finding[]> {
  const grouped = new Map<string, Finding[]>();
  for (const f of findings) {
    const key = `${f.ruleId}\u0000${f.resource.uid}`;
    const group = grouped.get(key);
    if (group) group.push(f);
    else grouped.set(key, [f]);
  }
  return grouped;
}

function resourceColumns(uid: string, resource: FindingResource | undefined): Row {
  return { resource_uid: uid, resource_name: resource?.name, file: resource?.location.file };
}

/** Rows for one failing group (all open or all waived findings of a rule on a resource). */
function failureRow(base: Row, group: Finding[], decided: string | undefined): Row {
  const first = group[0]!;
  const waiver = first.waiver;
  return {
    ...base,
    ...resourceColumns(first.resource.uid, first.resource),
    // Only a failure has a severity: a passing row is no finding.
    severity: first.severity,
    // The rule's own line is more precise than the resource's when it knows one.
    line: first.resource.location.line,
    resource_status: waiver ? 'waived' : 'fail',
    decided_values: decided,
    // Several messages for one resource (e.g. two host namespaces) stay in one cell, one per line.
    message: group.map((f) => f.message).join('\n'),
    remediation: first.remediation,
    waiver_id: waiver?.id,
    waiver_reason: waiver?.reason,
    waiver_approver: waiver?.approver,
    waiver_ticket: waiver?.ticket,
    waiver_expires: waiver?.expires,
  };
}

/** "path=value; path=value" of the properties the rule decided on; "(default)" marks provider defaults. */
function decidedText(decided: DecidedValues): string {
  return Object.entries(decided.values)
    .map(([path, value]) => `${path}=${JSON.stringify(value)}${decided.defaulted?.includes(path) ? ' (default)' : ''}`)
    .join('; ');
}

export function renderCsv(results: Results): string {
  const sink = new StringSink();
  writeCsv(results, sink);
  return sink.text();
}

/** The CSV line by line (each ends in CRLF): for a large estate it has millions of rows. */
export function writeCsv(results: Results, sink: TextSink): void {
  const evidence = new Map(results.evidence.map((e) => [e.ruleId, e]));
  const resources = new Map(results.resources.map((r) => [r.uid, r]));
  const failures = findingsByRuleAndUid(results.findings);
  const rows = { push: (row: string) => sink.write(`${row}\r\n`) };
  // Every row names its run, so a sample drawn from several runs' files still traces back.
  const runColumns: Row = {
    run_id: results.run?.id,
    run_time: results.run?.startedAt ?? results.generatedAt,
  };
  rows.push(CSV_COLUMNS.join(','));
  // Per rule, not per control: a rule mapped to several controls is described once.
  const decidedByRule = new Map<string, Map<string, string>>();
  const decidedOf = (ruleId: string) => {
    let decided = decidedByRule.get(ruleId);
    if (!decided) {
      decided = new Map((evidence.get(ruleId)?.values ?? []).map((v) => [v.uid, decidedText(v)]));
      decidedByRule.set(ruleId, decided);
    }
    return decided;
  };

  for (const framework of results.frameworks) {
    for (const control of framework.controls) {
      const controlColumns: Row = {
        ...runColumns,
        framework: framework.id,
        control: control.id,
        control_title: control.title,
        automation: control.automation,
        control_status: control.status,
      };
      if (control.rules.length === 0) {
        rows.push(line(controlColumns));
        continue;
      }
      for (const { ruleId } of control.rules) {
        const base: Row = { ...controlColumns, rule: ruleId };
        const ruleEvidence = evidence.get(ruleId);
        const inScope = ruleEvidence?.inScope ?? [];
        const decided = decidedOf(ruleId);
        // A rule that looked at nothing still appears, so no control silently drops out.
        if (inScope.length === 0) rows.push(line(base));
        for (const uid of inScope) {
          const found = failures.get(`${ruleId}\u0000${uid}`) ?? [];
          const open = found.filter((f) => !f.waiver);
          const waived = found.filter((f) => f.waiver);
          if (open.length > 0) rows.push(line(failureRow(base, open, decided.get(uid))));
          if (waived.length > 0) rows.push(line(failureRow(base, waived, decided.get(uid))));
          if (found.length === 0) {
            const resource = resources.get(uid);
            // An unknown deciding value is never a pass.
            const unknown = ruleEvidence?.notEvaluated.includes(uid) ?? false;
            rows.push(
              line({
                ...base,
                ...resourceColumns(uid, resource),
                line: resource?.location.line,
                resource_status: unknown ? 'not-evaluated' : 'pass',
                decided_values: decided.get(uid),
              }),
            );
          }
        }
      }
    }
  }
  // Inputs not read (or read but not modelled) close the file: a sample must be able to land on them.
  for (const gap of results.gaps) {
    rows.push(
      line({
        ...runColumns,
        resource_uid: gap.id,
        resource_name: gap.source,
        file: gap.file ?? gap.endpoint,
        line: gap.line,
        resource_status: UNREAD_GAP_REASONS.has(gap.reason) ? 'not-read' : 'not-modelled',
        message: `${gap.reason}${gap.permission ? ` (${gap.permission})` : ''}: ${gap.message}`,
      }),
    );
  }
}
