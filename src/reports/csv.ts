// CSV for spreadsheets and audit sampling: one row per (framework, control, resource, rule, status),
// passing resources included, so an auditor can pick any row and trace it back to the snapshot.
// RFC 4180 framing (CRLF, quoted fields) plus OWASP's guard against formula injection.
import { UNREAD_GAP_REASONS } from '../model/resource.ts';
import type { DecidedValues, Finding, FindingResource, Results, RuleEvidence } from '../model/results.ts';
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

function cells(row: Row, columns: readonly Column[]): string {
  return columns.map((column) => cell(row[column])).join(',');
}

function line(row: Row): string {
  return cells(row, CSV_COLUMNS);
}

// A row is the control's and rule's columns, then the resource's (failureTail, otherTail): the
// first part is made once per rule and control.
const HEAD_COLUMNS = CSV_COLUMNS.slice(0, CSV_COLUMNS.indexOf('rule') + 1);

/** Findings by rule, then by resource: nested maps, so no key string is built per row. */
function findingsByRuleAndUid(findings: Finding[]): Map<string, Map<string, Finding[]>> {
  const grouped = new Map<string, Map<string, Finding[]>>();
  for (const f of findings) {
    let byUid = grouped.get(f.ruleId);
    if (!byUid) {
      byUid = new Map();
      grouped.set(f.ruleId, byUid);
    }
    const group = byUid.get(f.resource.uid);
    if (group) group.push(f);
    else byUid.set(f.resource.uid, [f]);
  }
  return grouped;
}

/**
 * The resource's columns (those after `rule`) of one failing group (all open or all waived
 * findings of a rule on a resource), in CSV_COLUMNS order. Made straight into text: millions of
 * rows go through here, and a row object per row is what kept the heap growing.
 */
function failureTail(group: Finding[], decided: string | undefined): string {
  const first = group[0]!;
  const waiver = first.waiver;
  const { resource } = first;
  return [
    // Only a failure has a severity: a passing row is no finding.
    cell(first.severity),
    cell(resource.uid),
    cell(resource.name),
    cell(resource.location.file),
    // The rule's own line is more precise than the resource's when it knows one.
    cell(resource.location.line),
    waiver ? 'waived' : 'fail',
    cell(decided),
    // Several messages for one resource (e.g. two host namespaces) stay in one cell, one per line.
    cell(group.length === 1 ? first.message : group.map((f) => f.message).join('\n')),
    cell(first.remediation),
    cell(waiver?.id),
    cell(waiver?.reason),
    cell(waiver?.approver),
    cell(waiver?.ticket),
    cell(waiver?.expires),
  ].join(',');
}

/** The resource's columns of a row for a resource in scope with no finding of the rule. */
function otherTail(
  uid: string,
  resource: FindingResource | undefined,
  status: string,
  decided: string | undefined,
): string {
  // No severity before, no message, remediation or waiver after.
  const empty = ',,,,,,,';
  return `,${cell(uid)},${cell(resource?.name)},${cell(resource?.location.file)},${cell(resource?.location.line)},${status},${cell(decided)}${empty}`;
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

/** What the rows of one rule need, worked out once however many controls the rule is mapped to. */
interface RuleRows {
  evidence: RuleEvidence | undefined;
  failures: ReadonlyMap<string, Finding[]>;
  notEvaluated: ReadonlySet<string>;
  /** The decided values of a resource in scope; their text is made per row, never kept. */
  decided: (uid: string, index: number) => DecidedValues | undefined;
}

function ruleRows(evidence: RuleEvidence | undefined, failures: ReadonlyMap<string, Finding[]> | undefined): RuleRows {
  const values = evidence?.values ?? [];
  const inScope = evidence?.inScope ?? [];
  // values follow inScope one for one unless a resource was missing; only then is a lookup needed.
  const aligned = values.length === inScope.length && values.every((v, i) => v.uid === inScope[i]);
  const byUid = aligned ? undefined : new Map(values.map((v) => [v.uid, v]));
  return {
    evidence,
    failures: failures ?? new Map(),
    notEvaluated: new Set(evidence?.notEvaluated ?? []),
    decided: byUid ? (uid) => byUid.get(uid) : (_uid, index) => values[index],
  };
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
  // Per rule, not per control: a rule mapped to several controls is prepared once.
  const prepared = new Map<string, RuleRows>();
  const rowsOf = (ruleId: string) => {
    let rule = prepared.get(ruleId);
    if (!rule) {
      rule = ruleRows(evidence.get(ruleId), failures.get(ruleId));
      prepared.set(ruleId, rule);
    }
    return rule;
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
        // The columns up to the rule are the same on every row of this rule under this control.
        const head = cells(base, HEAD_COLUMNS);
        const { evidence: ruleEvidence, failures: found, notEvaluated, decided } = rowsOf(ruleId);
        const inScope = ruleEvidence?.inScope ?? [];
        // A rule that looked at nothing still appears, so no control silently drops out.
        if (inScope.length === 0) rows.push(line(base));
        inScope.forEach((uid, index) => {
          const group = found.get(uid) ?? [];
          const values = decided(uid, index);
          const decidedCell = values && decidedText(values);
          const open = group.filter((f) => !f.waiver);
          const waived = group.filter((f) => f.waiver);
          if (open.length > 0) rows.push(`${head},${failureTail(open, decidedCell)}`);
          if (waived.length > 0) rows.push(`${head},${failureTail(waived, decidedCell)}`);
          if (group.length === 0) {
            // An unknown deciding value is never a pass.
            const status = notEvaluated.has(uid) ? 'not-evaluated' : 'pass';
            rows.push(`${head},${otherTail(uid, resources.get(uid), status, decidedCell)}`);
          }
        });
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
