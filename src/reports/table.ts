// The terminal view: findings by severity, then by rule: one line per resource (file:line, name,
// message) under the rule's title, and the rule's remediation and controls once, the remediation
// only for the platforms of those resources (--verbose: every finding in full). Then exceptions,
// waivers to review, gaps, the controls summary and a headline. Colour only when the caller says
// so (a TTY).
import pc from 'picocolors';
import { CONTROL_STATUSES, type Finding, type Results, SEVERITIES, type Severity } from '../model/results.ts';
import { remediationFor } from './remediation.ts';

export interface TableOptions {
  color: boolean;
  /** Every finding with its full remediation, instead of one line per resource under its rule. */
  verbose?: boolean;
}

type Paint = (s: string) => string;

function painters(color: boolean) {
  const c = pc.createColors(color);
  const bySeverity: Record<Severity, Paint> = {
    critical: (s) => c.bold(c.red(s)),
    high: c.red,
    medium: c.yellow,
    low: c.cyan,
    info: c.dim,
  };
  return { c, bySeverity };
}

function where(finding: Finding): string {
  const { file, line } = finding.resource.location;
  return file ? `${file}${line ? `:${line}` : ''}` : finding.resource.uid;
}

function controlsLine(finding: Finding): string {
  const byFramework = new Map<string, string[]>();
  for (const { framework, control } of finding.controls) {
    byFramework.set(framework, [...(byFramework.get(framework) ?? []), control]);
  }
  return [...byFramework].map(([fw, ids]) => `${fw} ${ids.join(', ')}`).join(' · ');
}

function findingLines(f: Finding, bullet: string, c: ReturnType<typeof pc.createColors>): string[] {
  const lines = [
    `  ${bullet} ${c.bold(f.title)} ${c.dim(`[${f.ruleId}]`)}`,
    `    resource:    ${f.resource.nativeType} ${f.resource.name}`,
    `    location:    ${where(f)}`,
    `    finding:     ${f.message}`,
    `    remediation: ${f.remediation}`,
  ];
  const controls = controlsLine(f);
  if (controls) lines.push(`    controls:    ${controls}`);
  return lines;
}

// A terminal shows a few hundred findings usefully; past that each section ends in a count, and the
// full list is in the JSON results (a 300,000-resource run would otherwise print gigabytes).
export const TABLE_LIMIT = 500;

/** The first TABLE_LIMIT items of a section, then one line that says how many more there are. */
function limited<T>(items: readonly T[], lines: string[], each: (item: T) => void, what: string): void {
  for (const item of items.slice(0, TABLE_LIMIT)) each(item);
  const more = items.length - TABLE_LIMIT;
  if (more > 0) {
    lines.push(`  … ${more} more ${what}: every one is in the JSON results (-f json, or results.json in --output-dir)`);
  }
}

/** Findings of one rule, in the order they came. */
function byRule(findings: readonly Finding[]): Finding[][] {
  const groups = new Map<string, Finding[]>();
  for (const f of findings) {
    const group = groups.get(f.ruleId);
    if (group) group.push(f);
    else groups.set(f.ruleId, [f]);
  }
  return [...groups.values()];
}

/** Rule by rule: the title once, a line per resource, then the remediation and controls once. */
function groupedLines(
  findings: readonly Finding[],
  bullet: string,
  c: ReturnType<typeof pc.createColors>,
  perFinding: (f: Finding) => string[] = () => [],
): string[] {
  const lines: string[] = [];
  let shown = 0;
  for (const group of byRule(findings)) {
    if (shown >= TABLE_LIMIT) break;
    const first = group[0]!;
    const visible = group.slice(0, TABLE_LIMIT - shown);
    shown += visible.length;
    lines.push(
      `  ${bullet} ${c.bold(first.title)} ${c.dim(`[${first.ruleId}]`)}${group.length > 1 ? ` ${c.dim(`(${group.length})`)}` : ''}`,
    );
    for (const f of visible) {
      lines.push(`      ${where(f)}  ${f.resource.nativeType} ${f.resource.name}: ${f.message}`);
      lines.push(...perFinding(f));
    }
    lines.push(
      `    fix:      ${remediationFor(
        first.remediation,
        group.map((f) => f.resource),
      )}`,
    );
    const controls = controlsLine(first);
    if (controls) lines.push(`    controls: ${controls}`);
  }
  return lines;
}

/** One section of findings: grouped by rule, or (verbose) every finding in full. */
function findingSection(
  findings: readonly Finding[],
  lines: string[],
  bullet: string,
  c: ReturnType<typeof pc.createColors>,
  what: string,
  verbose: boolean,
  perFinding: (f: Finding) => string[] = () => [],
): void {
  if (verbose) {
    limited(findings, lines, (f) => lines.push(...findingLines(f, bullet, c), ...perFinding(f)), what);
    return;
  }
  lines.push(...groupedLines(findings, bullet, c, perFinding));
  const more = findings.length - TABLE_LIMIT;
  if (more > 0) {
    lines.push(`  … ${more} more ${what}: every one is in the JSON results (-f json, or results.json in --output-dir)`);
  }
}

/** One line saying which run this is, from which code, run by whom and where (unknowns left out). */
function provenanceLine(results: Results): string | undefined {
  const run = results.run;
  if (!run) return undefined;
  const p = run.provenance;
  const parts = [`run ${run.id}`];
  if (p?.repository) parts.push(p.repository);
  if (p?.commit) parts.push(`commit ${p.commit.slice(0, 12)}${p.uncommittedChanges ? ' (uncommitted changes)' : ''}`);
  if (p?.branch) parts.push(`branch ${p.branch}`);
  if (p?.ciSystem) parts.push(`${p.ciSystem} ${p.runUrl ?? p.runId ?? ''}`.trim());
  if (p?.actor || p?.host) parts.push(`by ${p.actor ?? 'unknown'} on ${p.host ?? 'unknown'}`);
  return parts.join(' · ');
}

export function renderTable(results: Results, options: TableOptions): string {
  const { c, bySeverity } = painters(options.color);
  const lines: string[] = [];
  const open = results.findings.filter((f) => !f.waiver);
  for (const severity of SEVERITIES) {
    const group = open.filter((f) => f.severity === severity);
    if (group.length === 0) continue;
    lines.push(bySeverity[severity](`${severity.toUpperCase()} (${group.length})`));
    const bullet = bySeverity[severity]('●');
    findingSection(group, lines, bullet, c, `${severity} findings`, options.verbose === true);
    lines.push('');
  }
  const waived = results.findings.filter((f) => f.waiver);
  if (waived.length > 0) {
    lines.push(c.blue(`ACCEPTED EXCEPTIONS (${waived.length})`));
    const waiverLine = (f: Finding) => {
      const w = f.waiver!;
      const details = [w.ticket, w.approver, `expires ${w.expires}`, w.origin].filter(Boolean).join(', ');
      return [`        waiver: ${w.id} ${w.reason} (${details})`];
    };
    findingSection(waived, lines, c.blue('◐'), c, 'accepted exceptions', options.verbose === true, waiverLine);
    lines.push('');
  }
  const notable = results.waivers.filter((w) => w.state !== 'applied');
  if (notable.length > 0) {
    lines.push(c.yellow(`WAIVERS TO REVIEW (${notable.length})`));
    const each = (w: (typeof notable)[number]) => {
      const why =
        w.message ??
        (w.state === 'expired' ? `expired ${w.expires}; its failures count again` : 'matches no failing resource');
      lines.push(`  ${c.yellow('!')} ${w.state} ${w.id} [${w.rule}] ${w.origin}: ${why}`);
    };
    limited(notable, lines, each, 'waivers to review');
    lines.push('');
  }
  if (results.gaps.length > 0) {
    lines.push(c.magenta(`NOT SCANNED (${results.gaps.length})`));
    const each = (gap: (typeof results.gaps)[number]) => {
      const at = gap.file ? `${gap.file}${gap.line ? `:${gap.line}` : ''}` : (gap.endpoint ?? gap.source);
      lines.push(`  ${c.magenta('○')} ${at}: ${gap.reason}: ${gap.message}`);
    };
    limited(results.gaps, lines, each, 'inputs not scanned');
    lines.push('');
  }
  const disagreements = (results.corroboration ?? []).filter((d) => d.disagrees);
  if (disagreements.length > 0) {
    lines.push(c.yellow(`OTHER ASSESSORS DISAGREE (${disagreements.length})`));
    const each = (d: (typeof disagreements)[number]) =>
      lines.push(
        `  ${c.yellow('≠')} ${d.name} [${d.ruleId}]: ${d.ours} here, ${d.assessor} says ${d.theirs} (${d.check})`,
      );
    limited(disagreements, lines, each, 'disagreements');
    lines.push('');
  }
  if (results.frameworks.length > 0) {
    lines.push(c.bold('CONTROLS'));
    for (const fw of results.frameworks) {
      const limited = fw.summary.passLimitedScope ?? 0;
      // A pass with limited scope is counted in pass and said beside it, never hidden in it.
      const counts = CONTROL_STATUSES.filter((st) => fw.summary[st] > 0).map(
        (st) => `${fw.summary[st]} ${st}${st === 'pass' && limited > 0 ? ` (${limited} limited scope)` : ''}`,
      );
      lines.push(`  ${fw.name} ${fw.version} (${fw.id}): ${counts.join(', ')} of ${fw.summary.total}`);
    }
    lines.push('');
  }
  const origin = provenanceLine(results);
  if (origin) lines.push(c.dim(origin), '');
  const s = results.summary;
  const counts = SEVERITIES.filter((sev) => s.bySeverity[sev] > 0)
    .map((sev) => bySeverity[sev](`${s.bySeverity[sev]} ${sev}`))
    .join(', ');
  const passedChecks = results.rules.reduce((n, r) => n + r.passed, 0);
  const unknownChecks = results.rules.reduce((n, r) => n + (r.notEvaluated ?? 0), 0);
  // bySeverity counts open findings only, so the total beside it must be the open count too.
  const waivedCount = c.blue(`${s.waived} waived`);
  const headline =
    s.findings === 0
      ? c.green('No findings.')
      : s.open === 0
        ? `${c.green('No open findings')}, ${waivedCount}.`
        : `${s.open} open findings: ${counts}${s.waived > 0 ? `; ${waivedCount}` : ''}.`;
  lines.push(
    `${headline} ` +
      `${s.resources} resources, ${s.rules} rules, ${passedChecks} checks passed` +
      (unknownChecks > 0 ? `, ${c.yellow(`${unknownChecks} not evaluated (unknown values)`)}` : '') +
      (s.gaps > 0 ? `, ${c.magenta(`${s.gaps} inputs not scanned`)}` : '') +
      '.',
  );
  return `${lines.join('\n')}\n`;
}
