// The terminal view: findings grouped by severity, each with resource, file:line, message,
// remediation and controls; then gaps and a summary. Colour only when the caller says so (a TTY).
import pc from 'picocolors';
import { CONTROL_STATUSES, type Finding, type Results, SEVERITIES, type Severity } from '../model/results.ts';

export interface TableOptions {
  color: boolean;
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

export function renderTable(results: Results, options: TableOptions): string {
  const { c, bySeverity } = painters(options.color);
  const lines: string[] = [];
  const open = results.findings.filter((f) => !f.waiver);
  for (const severity of SEVERITIES) {
    const group = open.filter((f) => f.severity === severity);
    if (group.length === 0) continue;
    lines.push(bySeverity[severity](`${severity.toUpperCase()} (${group.length})`));
    const bullet = bySeverity[severity]('●');
    limited(group, lines, (f) => lines.push(...findingLines(f, bullet, c)), `${severity} findings`);
    lines.push('');
  }
  const waived = results.findings.filter((f) => f.waiver);
  if (waived.length > 0) {
    lines.push(c.blue(`ACCEPTED EXCEPTIONS (${waived.length})`));
    const each = (f: Finding) => {
      lines.push(...findingLines(f, c.blue('◐'), c));
      const w = f.waiver!;
      lines.push(
        `    waiver:      ${w.id} ${w.reason} (${[w.ticket, w.approver, `expires ${w.expires}`, w.origin].filter(Boolean).join(', ')})`,
      );
    };
    limited(waived, lines, each, 'accepted exceptions');
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
